/**
 * Paying an order: Pix (QR code image, copy-paste code, countdown to the charge's expiry; the page
 * turns PAID by itself from the WebSocket push, or by polling when the socket is unavailable) or
 * card (tokenised outside our API; a decline reads as a clear pt-BR message).
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorOf, type Order, type Payment } from '../api/client';
import { formatCountdown, formatPrice, STATUS_TEXT } from '../format';
import { useOrderLive } from '../live';
import { declineMessage, messageFor } from '../messages';
import { tokenizeCard } from '../payments/card-token';
import { Link } from '../router';

function PixPanel({ payment, now }: { payment: Payment; now: number }) {
  const [copied, setCopied] = useState(false);
  const pix = payment.pix!;
  const left = Date.parse(pix.expiresAt) - now;
  const copy = async () => {
    await navigator.clipboard?.writeText(pix.copyPaste).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="pix" data-testid="pix">
      <p className="pix-deadline" data-testid="pix-deadline">
        {left > 0 ? <>O código vale por mais <span className="countdown">{formatCountdown(left)}</span>.</> : 'Este código expirou.'}
      </p>
      <div className="pix-body">
        <img src={`data:image/png;base64,${pix.qrCodePng}`} alt="QR code do Pix" width={240} height={240} className="pix-qr" />
        <div className="pix-text">
          <p>Abra o app do seu banco, escolha Pix e leia o QR code, ou use o Pix copia e cola:</p>
          <label htmlFor="pix-code" className="visually-hidden">Código Pix copia e cola</label>
          <textarea id="pix-code" readOnly value={pix.copyPaste} rows={4} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copy()}>{copied ? 'Código copiado!' : 'Copiar código Pix'}</button>
        </div>
      </div>
    </div>
  );
}

function CardForm({ orderId, onPaid }: { orderId: string; onPaid: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const [month, year] = value('expiry').split('/').map((part) => Number(part.trim()));
    setBusy(true);
    setError(undefined);
    const cardToken = await tokenizeCard({
      number: value('number'), holder: value('holder'), cvc: value('cvc'), expMonth: month ?? 0, expYear: year !== undefined && year < 100 ? 2000 + year : (year ?? 0),
    }).catch(() => undefined);
    if (!cardToken) {
      setBusy(false);
      return setError('Confira o número, a validade e o código de segurança do cartão.');
    }
    const { data, error: failure } = await api.POST('/orders/{id}/payments', {
      params: { path: { id: orderId } }, body: { method: 'card', cardToken, installments: Number(value('installments')) || 1 },
      headers: { 'idempotency-key': crypto.randomUUID() },
    }).catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (!data) return setError(messageFor(errorOf(failure)));
    if (data.status === 'APPROVED') onPaid();
    else if (data.status === 'DECLINED') setError(declineMessage(data.declineReason));
    else setError('Pagamento em análise. Avisaremos quando for aprovado.');
  };
  return (
    <form className="stack-form card-form" onSubmit={submit} aria-label="Cartão de crédito">
      <label htmlFor="card-number">Número do cartão<input id="card-number" name="number" inputMode="numeric" autoComplete="cc-number" required /></label>
      <label htmlFor="card-holder">Nome impresso no cartão<input id="card-holder" name="holder" autoComplete="cc-name" required /></label>
      <div className="row">
        <label htmlFor="card-expiry">Validade (MM/AA)<input id="card-expiry" name="expiry" autoComplete="cc-exp" placeholder="MM/AA" required /></label>
        <label htmlFor="card-cvc">CVV<input id="card-cvc" name="cvc" inputMode="numeric" autoComplete="cc-csc" required /></label>
      </div>
      <label htmlFor="card-installments">
        Parcelas
        <select id="card-installments" name="installments" defaultValue="1">
          {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}x sem juros</option>)}
        </select>
      </label>
      {error ? <p role="alert" className="form-error" data-testid="card-error">{error}</p> : null}
      <button type="submit" disabled={busy}>Pagar com cartão</button>
    </form>
  );
}

export function PaymentPage({ id }: { id: string }) {
  const [order, setOrder] = useState<Order | null | undefined>();
  const [method, setMethod] = useState<'pix' | 'card'>('pix');
  const [pix, setPix] = useState<Payment | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    const { data, response } = await api.GET('/orders/{id}', { params: { path: { id } } }).catch(() => ({ data: undefined, response: undefined }));
    if (data) setOrder(data);
    else if (response?.status === 404) setOrder(null);
  }, [id]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(tick);
  }, []);

  const pending = order?.status === 'PENDING_PAYMENT';
  const live = useOrderLive(id, pending && pix !== undefined, (message) => {
    if (message?.status) setOrder((current) => (current ? { ...current, status: message.status as Order['status'] } : current));
    else void load();
  });

  const startPix = async () => {
    setError(undefined);
    const { data, error: failure } = await api.POST('/orders/{id}/payments', {
      params: { path: { id } }, body: { method: 'pix' }, headers: { 'idempotency-key': crypto.randomUUID() },
    }).catch(() => ({ data: undefined, error: undefined }));
    if (data?.pix) setPix(data);
    else setError(messageFor(errorOf(failure)));
  };

  if (order === undefined) return <main><p aria-live="polite">Carregando…</p></main>;
  if (order === null) return <main><h1>Pedido não encontrado</h1><Link to="/pedidos">Meus pedidos</Link></main>;
  return (
    <main className="payment-page narrow-wide">
      <h1>Pagamento do pedido</h1>
      <p>Total: <strong data-testid="order-total">{formatPrice(order.totalCents)}</strong> · Pague até {new Date(order.paymentDeadline).toLocaleTimeString('pt-BR', { hour: '2-digit', minute: '2-digit', timeZone: 'America/Sao_Paulo' })}</p>
      <p aria-live="polite" className={`order-status status-${order.status}`} data-testid="order-status">
        {order.status === 'PAID' ? 'Pagamento confirmado! Seu pedido está pago.' : STATUS_TEXT[order.status]}
      </p>
      {order.status === 'PAID' ? (
        <Link className="button" to={`/pedidos/${encodeURIComponent(id)}`}>Acompanhar pedido</Link>
      ) : null}
      {pending ? (
        <section className="panel" aria-labelledby="method-title">
          <h2 id="method-title">Forma de pagamento</h2>
          <div className="method-choice" role="radiogroup" aria-label="Forma de pagamento">
            <label className={method === 'pix' ? 'chip selected' : 'chip'}><input type="radio" name="method" checked={method === 'pix'} onChange={() => setMethod('pix')} />Pix</label>
            <label className={method === 'card' ? 'chip selected' : 'chip'}><input type="radio" name="method" checked={method === 'card'} onChange={() => setMethod('card')} />Cartão de crédito</label>
          </div>
          {method === 'pix' ? (
            pix ? (
              <>
                <PixPanel payment={pix} now={now} />
                <p className="hint" data-testid="live-mode" data-mode={live}>
                  {live === 'websocket' ? 'Esta página muda sozinha quando o pagamento for confirmado.' : 'Verificando o pagamento a cada poucos segundos…'}
                </p>
              </>
            ) : (
              <button type="button" onClick={() => void startPix()}>Gerar código Pix</button>
            )
          ) : (
            <CardForm orderId={id} onPaid={() => void load()} />
          )}
          {error ? <p role="alert" className="form-error">{error}</p> : null}
        </section>
      ) : null}
    </main>
  );
}
