/**
 * One order: items, totals, address and the tracking timeline (GET /orders/{id}/tracking), kept
 * live by the WebSocket pushes (order.status, shipment.event) or by polling without a socket.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, type Order, type Tracking } from '../api/client';
import { formatDateTime, formatDeliveryDay, formatPrice, STATUS_TEXT } from '../format';
import { useOrderLive } from '../live';
import { Link } from '../router';

const FINAL = new Set(['DELIVERED', 'CANCELLED', 'EXPIRED']);

export function OrderPage({ id }: { id: string }) {
  const [order, setOrder] = useState<Order | null | undefined>();
  const [tracking, setTracking] = useState<Tracking | undefined>();

  const load = useCallback(async () => {
    const path = { params: { path: { id } } };
    const [found, timeline] = await Promise.all([
      api.GET('/orders/{id}', path).catch(() => ({ data: undefined, response: undefined })),
      api.GET('/orders/{id}/tracking', path).catch(() => ({ data: undefined })),
    ]);
    if (found.data) setOrder(found.data);
    else if (found.response?.status === 404) setOrder(null);
    if (timeline.data) setTracking(timeline.data);
  }, [id]);
  useEffect(() => void load(), [load]);
  const live = useOrderLive(id, order != null && !FINAL.has(order.status), () => void load());

  if (order === undefined) return <main><p aria-live="polite">Carregando…</p></main>;
  if (order === null) return <main><h1>Pedido não encontrado</h1><Link to="/pedidos">Meus pedidos</Link></main>;
  const address = order.address;
  return (
    <main className="order-page">
      <h1>Pedido de {formatDateTime(order.createdAt)}</h1>
      <p>
        <span className={`badge status-${order.status}`} data-testid="order-status">{STATUS_TEXT[order.status]}</span>{' '}
        {order.status === 'PENDING_PAYMENT' ? <Link className="button" to={`/pedidos/${encodeURIComponent(id)}/pagamento`}>Pagar agora</Link> : null}
      </p>
      <div className="cart-layout">
        <section className="panel" aria-labelledby="timeline-title">
          <h2 id="timeline-title">Acompanhe seu pedido</h2>
          {tracking?.trackingCode ? <p>Código de rastreio: <strong>{tracking.trackingCode}</strong>{tracking.carrier ? ` (${tracking.carrier})` : ''}</p> : null}
          <ol className="timeline" data-testid="timeline">
            {tracking?.events.map((event) => (
              <li key={`${event.at}-${event.code ?? event.status}`}>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                <span className="timeline-text">{event.description}{event.location ? ` — ${event.location}` : ''}</span>
              </li>
            ))}
          </ol>
          {FINAL.has(order.status) ? null : (
            <p className="hint" data-testid="live-mode" data-mode={live}>
              {live === 'websocket' ? 'Atualizações aparecem aqui na hora.' : 'Atualizando a cada poucos segundos…'}
            </p>
          )}
        </section>
        <aside className="panel cart-side" aria-labelledby="items-title">
          <h2 id="items-title">Itens</h2>
          <ul className="checkout-items">
            {order.items.map((item) => <li key={item.sku}>{item.quantity} × {item.name} — {formatPrice(item.lineTotalCents)}</li>)}
          </ul>
          <dl className="summary">
            <dt>Subtotal</dt><dd>{formatPrice(order.subtotalCents)}</dd>
            {order.discountCents > 0 ? (<><dt>Desconto</dt><dd>− {formatPrice(order.discountCents)}</dd></>) : null}
            <dt>Frete</dt><dd>{formatPrice(order.shippingCents)}</dd>
            <dt className="total">Total</dt><dd className="total">{formatPrice(order.totalCents)}</dd>
            {order.taxes ? (
              <>
                <dt className="taxes">Valor aproximado dos tributos</dt>
                <dd className="taxes" data-testid="order-taxes">{formatPrice(order.taxes.totalCents)}</dd>
              </>
            ) : null}
          </dl>
          {order.taxes ? (
            <p className="hint" data-testid="order-taxes-detail">
              Federais {formatPrice(order.taxes.federalCents)}, estaduais {formatPrice(order.taxes.stateCents)} (Lei 12.741/2012; fonte: IBPT).
            </p>
          ) : null}
          <h3>Entrega</h3>
          {order.shipping?.estimatedDeliveryDate && !FINAL.has(order.status) ? (
            <p data-testid="order-delivery-date">Previsão: até {formatDeliveryDay(order.shipping.estimatedDeliveryDate)}</p>
          ) : null}
          <p>{'street' in address ? `${address.recipient} — ${address.street}, ${address.number}, ${address.district}, ` : ''}{address.city}/{address.state}</p>
        </aside>
      </div>
    </main>
  );
}
