/** Order history (GET /orders, newest first, "more" follows the cursor). */
import { useCallback, useEffect, useState } from 'react';
import { api, type Order } from '../api/client';
import { formatDateTime, formatPrice, STATUS_TEXT } from '../format';
import { Link } from '../router';

export function OrdersPage() {
  const [orders, setOrders] = useState<Order[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);

  const load = useCallback(async (after?: string) => {
    const { data } = await api.GET('/orders', { params: { query: { limit: 10, cursor: after } } }).catch(() => ({ data: undefined }));
    if (!data) return;
    setOrders((current) => (after ? [...(current ?? []), ...data.items] : data.items));
    setCursor(data.nextCursor);
  }, []);
  useEffect(() => void load(), [load]);

  if (!orders) return <main><p aria-live="polite">Carregando…</p></main>;
  return (
    <main className="orders-page">
      <h1>Meus pedidos</h1>
      {orders.length === 0 ? <p>Você ainda não fez pedidos. <Link to="/busca">Ver produtos</Link></p> : null}
      <ul className="order-list" data-testid="orders">
        {orders.map((order) => (
          <li key={order.id} className="panel order-row">
            <div>
              <Link to={`/pedidos/${encodeURIComponent(order.id)}`} className="line-name">Pedido de {formatDateTime(order.createdAt)}</Link>
              <p className="line-attrs">{order.items.map((item) => `${item.quantity} × ${item.name}`).join(', ')}</p>
            </div>
            <span className={`badge status-${order.status}`}>{STATUS_TEXT[order.status]}</span>
            <strong>{formatPrice(order.totalCents)}</strong>
          </li>
        ))}
      </ul>
      {cursor ? <button type="button" onClick={() => void load(cursor)}>Ver pedidos anteriores</button> : null}
    </main>
  );
}
