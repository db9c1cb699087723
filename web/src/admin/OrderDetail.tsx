/**
 * One order for the staff: items, address, payments and the timeline, and the actions its state
 * allows: ship (buy the carrier label, then download it), mark delivered, cancel, refund a payment.
 * A refused action shows the API's own message; every action reloads the order.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatCep, formatDateTime, formatPrice, STATUS_TEXT } from '../format';
import { Link } from '../router';
import { type AdminOrder, type PaymentList, refusal, type Shipment, type Tracking } from './api';
import { StatusBadge } from './Orders';

interface Loaded { order: AdminOrder; payments: PaymentList['items']; tracking: Tracking; shipments: Shipment[] }

const PAYMENT_TEXT: Record<string, string> = {
  PENDING: 'Pendente', APPROVED: 'Aprovado', DECLINED: 'Recusado', REFUNDED: 'Reembolsado', REFUND_PENDING: 'Reembolso em andamento', CANCELLED: 'Cancelado',
};

/** The shipment's state: buying, label bought, then the carrier's latest tracking code. */
const SHIPMENT_TEXT: Record<string, string> = {
  BUYING: 'comprando a etiqueta', LABEL_CREATED: 'etiqueta comprada', POSTED: 'postado', IN_TRANSIT: 'em trânsito',
  OUT_FOR_DELIVERY: 'saiu para entrega', DELIVERED: 'entregue', DELIVERY_FAILED: 'entrega não realizada',
};

async function loadOrder(id: string): Promise<Loaded> {
  const path = { params: { path: { id } } };
  const [order, payments, tracking, shipments] = await Promise.all([
    api.GET('/orders/{id}', path), api.GET('/orders/{id}/payments', path), api.GET('/orders/{id}/tracking', path), api.GET('/admin/orders/{id}/shipments', path),
  ]);
  for (const answer of [order, payments, tracking, shipments]) if (!answer.data) throw new Error(refusal(answer.error));
  return { order: order.data!, payments: payments.data!.items, tracking: tracking.data!, shipments: shipments.data!.items };
}

export function OrderDetailPage({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => loadOrder(id).then(setLoaded, (failure: Error) => setError(failure.message)), [id]);
  useEffect(() => { void reload(); }, [reload]);

  /** Runs one action; the API's refusal becomes the alert, success a notice and a reload. */
  const act = async (done: string, call: () => Promise<{ error?: unknown; response: Response }>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const answer = await call().catch(() => undefined);
    if (!answer?.response.ok) setError(refusal(answer?.error));
    else setNotice(done);
    await reload();
    setBusy(false);
  };
  const path = { params: { path: { id } } };
  const ship = () => act('Etiqueta comprada. Baixe o PDF abaixo e cole na caixa.', () => api.POST('/admin/orders/{id}/shipments', { ...path, body: {} }));
  const deliver = () => act('Pedido marcado como entregue.', () => api.PUT('/orders/{id}', { ...path, body: { status: 'DELIVERED' } }));
  const cancel = () => {
    if (window.confirm('Cancelar este pedido? Um pedido pago é reembolsado.')) void act('Pedido cancelado.', () => api.DELETE('/orders/{id}', path));
  };
  const refund = (paymentId: string) => {
    if (window.confirm('Reembolsar este pagamento?')) {
      void act('Reembolso pedido ao provedor.', () => api.POST('/admin/orders/{id}/payments/{paymentId}/refund', { params: { path: { id, paymentId } } }));
    }
  };

  if (!loaded) {
    return <main className="admin-main">{error ? <p role="alert" className="form-error">{error}</p> : <p role="status">Carregando o pedido…</p>}</main>;
  }
  const { order, payments, tracking, shipments } = loaded;
  const address = order.address;
  return (
    <main className="admin-main order-detail">
      <p><Link to="/admin/pedidos">← Pedidos</Link></p>
      <h1>Pedido {order.id}</h1>
      <p>Situação: <StatusBadge status={order.status} /> · criado em {formatDateTime(order.createdAt)} · cliente {order.customerId}</p>
      <fieldset className="actions">
        <legend className="visually-hidden">Ações do pedido</legend>
        <button type="button" onClick={ship} disabled={busy || order.status !== 'PAID' || shipments.length > 0}>Comprar etiqueta e enviar</button>
        <button type="button" onClick={deliver} disabled={busy || order.status !== 'SHIPPED'}>Marcar como entregue</button>
        <button type="button" className="danger" onClick={cancel} disabled={busy || !['PENDING_PAYMENT', 'PAID'].includes(order.status)}>Cancelar pedido</button>
      </fieldset>
      {error ? <p role="alert" className="form-error" data-testid="action-error">{error}</p> : null}
      {notice ? <p role="status" className="form-ok">{notice}</p> : null}

      <section aria-labelledby="items-title">
        <h2 id="items-title">Itens</h2>
        <table className="data-table">
          <thead><tr><th scope="col">Produto</th><th scope="col">SKU</th><th scope="col">Qtd.</th><th scope="col">Total</th></tr></thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.sku}><td>{item.name} {Object.values(item.attributes).join(' / ')}</td><td>{item.sku}</td><td>{item.quantity}</td><td>{formatPrice(item.lineTotalCents)}</td></tr>
            ))}
          </tbody>
        </table>
        <p>Subtotal {formatPrice(order.subtotalCents)} · desconto {formatPrice(order.discountCents)} · frete {formatPrice(order.shippingCents)} · <strong>total {formatPrice(order.totalCents)}</strong></p>
        <p>Entrega: {'street' in address ? `${address.recipient}, ${address.street}, ${address.number} — ${address.district}, ${address.city}/${address.state}, CEP ${formatCep(address.cep)}` : `${address.city}/${address.state} (dados removidos a pedido do cliente)`}</p>
      </section>

      <section aria-labelledby="payments-title">
        <h2 id="payments-title">Pagamentos</h2>
        {payments.length === 0 ? <p>Nenhum pagamento.</p> : (
          <table className="data-table" data-testid="payments">
            <thead><tr><th scope="col">Quando</th><th scope="col">Forma</th><th scope="col">Valor</th><th scope="col">Situação</th><th scope="col">Ação</th></tr></thead>
            <tbody>
              {payments.map((payment) => (
                <tr key={payment.paymentId}>
                  <td>{formatDateTime(payment.createdAt)}</td>
                  <td>{payment.method === 'pix' ? 'Pix' : `Cartão${payment.card ? ` ${payment.card.brand} final ${payment.card.lastFour}` : ''}`}</td>
                  <td>{formatPrice(payment.amountCents)}</td>
                  <td>{PAYMENT_TEXT[payment.status] ?? payment.status}{payment.declineReason ? ` (${payment.declineReason})` : ''}</td>
                  <td>{payment.status === 'APPROVED' ? <button type="button" className="secondary" disabled={busy} onClick={() => refund(payment.paymentId)}>Reembolsar</button> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="shipments-title">
        <h2 id="shipments-title">Envio</h2>
        {shipments.length === 0 ? <p>Nenhuma etiqueta comprada.</p> : (
          <ul className="shipments" data-testid="shipments">
            {shipments.map((shipment) => (
              <li key={shipment.shipmentId}>
                {shipment.carrier} ({shipment.service}) · rastreio <strong>{shipment.trackingCode ?? '—'}</strong> · {SHIPMENT_TEXT[shipment.status] ?? shipment.status}
                {shipment.labelUrl ? <> · <a href={shipment.labelUrl} download target="_blank" rel="noreferrer">Baixar etiqueta (PDF)</a></> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Linha do tempo</h2>
        <ol className="timeline" data-testid="timeline">
          {tracking.events.map((event) => (
            <li key={`${event.at}-${event.status}-${event.description}`}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time> — {STATUS_TEXT[event.status]}: {event.description}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
