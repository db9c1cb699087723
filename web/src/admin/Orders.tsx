/** Orders by status and creation date (the filters live in the URL), newest first, a page at a time. */
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime, formatPrice, STATUS_TEXT } from '../format';
import { Link, navigate, useLocation } from '../router';
import { type AdminOrder, ORDER_STATUSES, type OrderStatus, refusal } from './api';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function OrdersPage() {
  const { query } = useLocation();
  const status = ORDER_STATUSES.find((s) => s === query.get('status'));
  const from = DAY.test(query.get('de') ?? '') ? query.get('de')! : undefined;
  const to = DAY.test(query.get('ate') ?? '') ? query.get('ate')! : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of ['status', 'de', 'ate']) {
      const value = String(form.get(name) ?? '');
      if (value) params.set(name, value);
    }
    navigate(`/admin/pedidos?${params}`);
  };

  return (
    <main className="admin-main">
      <h1>Pedidos</h1>
      <form className="filters" onSubmit={submit} key={`form:${status}:${from}:${to}`} aria-label="Filtros">
        <label htmlFor="orders-status">Situação
          <select id="orders-status" name="status" defaultValue={status ?? ''}>
            <option value="">Todas</option>
            {ORDER_STATUSES.map((s) => <option key={s} value={s}>{STATUS_TEXT[s]}</option>)}
          </select>
        </label>
        <label htmlFor="orders-from">Criados de<input id="orders-from" name="de" type="date" defaultValue={from} /></label>
        <label htmlFor="orders-to">até<input id="orders-to" name="ate" type="date" defaultValue={to} /></label>
        <button type="submit">Filtrar</button>
      </form>
      <OrderList key={`list:${status}:${from}:${to}`} status={status} from={from} to={to} />
    </main>
  );
}

/**
 * The orders for one set of filters (a status, or one customer's orders; creation days); new filters mount
 * a new list, so rows of the previous filters never show under them.
 */
export function OrderList({ status, customerId, from, to }: { status?: OrderStatus; customerId?: string; from?: string; to?: string }) {
  const [orders, setOrders] = useState<AdminOrder[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();

  const load = async (after?: string) => {
    setError(undefined);
    // São Paulo days: a bare date would be read as a UTC day; a bound to the minute lasts that whole minute.
    const range = { from: from && `${from}T00:00-03:00`, to: to && `${to}T23:59-03:00` };
    const { data, error: failure } = await api.GET('/admin/orders', { params: { query: { status, customerId, ...range, limit: 20, cursor: after } } })
      .catch(() => ({ data: undefined, error: undefined }));
    if (!data) return setError(refusal(failure));
    setOrders((shown) => (after ? [...(shown ?? []), ...data.items] : data.items));
    setCursor(data.nextCursor);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once; new filters mount a new list (its key)
  useEffect(() => { void load(); }, []);

  return (
    <>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {orders === undefined ? (error ? null : <p role="status">Carregando pedidos…</p>) : orders.length === 0 ? (
        <p>{customerId ? 'Nenhum pedido deste cliente.' : 'Nenhum pedido com esses filtros.'}</p>
      ) : (
        <table className="data-table" data-testid="orders-table">
          <caption className="visually-hidden">Pedidos, mais recentes primeiro</caption>
          <thead><tr><th scope="col">Pedido</th><th scope="col">Criado em</th><th scope="col">Situação</th><th scope="col">Itens</th><th scope="col">Total</th></tr></thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id}>
                <td><Link to={`/admin/pedidos/${encodeURIComponent(order.id)}`}>{order.id}</Link></td>
                <td>{formatDateTime(order.createdAt)}</td>
                <td><StatusBadge status={order.status} /></td>
                <td>{order.items.reduce((n, item) => n + item.quantity, 0)}</td>
                <td>{formatPrice(order.totalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor ? <button type="button" className="secondary" onClick={() => load(cursor)}>Mais pedidos</button> : null}
    </>
  );
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_TEXT[status]}</span>;
}
