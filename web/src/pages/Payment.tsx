/**
 * Paying an order: Pix (QR code image, copy-paste code, countdown to the charge's expiry; the page
 * turns PAID by itself from the WebSocket push, or by polling when the socket is unavailable) or
 * card (tokenised outside our API: the sandbox's tokeniser, or Mercado Pago's Secure Fields in stages
 * whose gateway is MP; a decline reads as a clear pt-BR message).
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, errorOf, type Order, type Payment } from '../api/client';
import { payments } from '../config';
import { formatCountdown, formatPrice, STATUS_TEXT } from '../format';
import { useOrderLive } from '../live';
import { declineMessage, messageFor } from '../messages';
import { tokenizeCard } from '../payments/card-token';
import { loadMercadoPago, type MercadoPagoInstance, type PaymentMethodsResponse, type SecureField } from '../payments/mercadopago';
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

type CardPayment = { cardToken: string; installments: number; paymentMethodId?: string; issuerId?: string };

/** Sends the token (never the card) and shows the outcome: paid, a pt-BR decline, or in review. */
async function payWithCard(orderId: string, card: CardPayment): Promise<{ paid: true } | { error: string }> {
  const { data, error: failure } = await api.POST('/orders/{id}/payments', {
    params: { path: { id: orderId } }, body: { method: 'card', ...card },
    headers: { 'idempotency-key': crypto.randomUUID() },
  }).catch(() => ({ data: undefined, error: undefined }));
  if (!data) return { error: messageFor(errorOf(failure)) };
  if (data.status === 'APPROVED') return { paid: true };
  if (data.status === 'DECLINED') return { error: declineMessage(data.declineReason) };
  return { error: 'Pagamento em análise. Avisaremos quando for aprovado.' };
}

function InstallmentsSelect() {
  return (
    <label htmlFor="card-installments">
      Parcelas
      <select id="card-installments" name="installments" defaultValue="1">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}x sem juros</option>)}
      </select>
    </label>
  );
}

const CHECK_CARD = 'Confira o número, a validade e o código de segurança do cartão.';

/**
 * Mercado Pago's card form: the number, expiry and code are MP's Secure Fields (iframes of MP's origin, mounted
 * into the three boxes), the holder's name and CPF are ours; MP turns them into a single-use token, and the
 * card's BIN (from its `binChange` event) gives the payment method and issuer sent with it.
 */
function MercadoPagoCardForm({ orderId, onPaid, publicKey, sdkUrl }: { orderId: string; onPaid: () => void; publicKey: string; sdkUrl?: string }) {
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const mp = useRef<MercadoPagoInstance | undefined>(undefined);
  const method = useRef<Promise<PaymentMethodsResponse | undefined> | undefined>(undefined);
  useEffect(() => {
    let gone = false;
    const fields: SecureField[] = [];
    loadMercadoPago(sdkUrl).then((MercadoPago) => {
      if (gone) return;
      const instance = new MercadoPago(publicKey, { locale: 'pt-BR' });
      mp.current = instance;
      const number = instance.fields.create('cardNumber', { placeholder: '0000 0000 0000 0000', srLabel: 'Número do cartão' }).mount('mp-card-number');
      number.on('binChange', ({ bin }) => {
        method.current = bin ? instance.getPaymentMethods({ bin }).catch(() => undefined) : undefined;
      });
      fields.push(number,
        instance.fields.create('expirationDate', { placeholder: 'MM/AA', srLabel: 'Validade (MM/AA)' }).mount('mp-card-expiry'),
        instance.fields.create('securityCode', { placeholder: 'CVV', srLabel: 'Código de segurança (CVV)' }).mount('mp-card-cvc'));
      setState('ready');
    }, () => { if (!gone) setState('failed'); });
    return () => {
      gone = true;
      for (const field of fields) field.unmount();
    };
  }, [publicKey, sdkUrl]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    if (!mp.current) return;
    setBusy(true);
    setError(undefined);
    const [token, methods] = await Promise.all([
      mp.current.fields.createCardToken({ cardholderName: value('holder'), identificationType: 'CPF', identificationNumber: value('cpf').replace(/\D/g, '') }).catch(() => undefined),
      method.current,
    ]);
    const chosen = methods?.results[0];
    if (!token?.id || !chosen) {
      setBusy(false);
      return setError(CHECK_CARD);
    }
    const outcome = await payWithCard(orderId, {
      cardToken: token.id, installments: Number(value('installments')) || 1, paymentMethodId: chosen.id,
      ...(chosen.issuer ? { issuerId: String(chosen.issuer.id) } : {}),
    });
    setBusy(false);
    if ('paid' in outcome) onPaid();
    else setError(outcome.error);
  };
  if (state === 'failed') return <p role="alert" className="form-error">Não foi possível carregar o formulário de cartão. Tente de novo ou pague com Pix.</p>;
  return (
    <form className="stack-form card-form" onSubmit={submit} aria-label="Cartão de crédito" data-testid="mp-card-form" data-state={state}>
      <div className="secure-field"><span>Número do cartão</span><div id="mp-card-number" className="secure-box" /></div>
      <label htmlFor="card-holder">Nome impresso no cartão<input id="card-holder" name="holder" autoComplete="cc-name" required /></label>
      <div className="row">
        <div className="secure-field"><span>Validade (MM/AA)</span><div id="mp-card-expiry" className="secure-box" /></div>
        <div className="secure-field"><span>CVV</span><div id="mp-card-cvc" className="secure-box" /></div>
      </div>
      <label htmlFor="card-cpf">CPF do titular<input id="card-cpf" name="cpf" inputMode="numeric" autoComplete="off" required /></label>
      <InstallmentsSelect />
      {error ? <p role="alert" className="form-error" data-testid="card-error">{error}</p> : null}
      <button type="submit" disabled={busy || state !== 'ready'}>Pagar com cartão</button>
      <p className="hint">Os dados do cartão vão direto para o Mercado Pago; a loja recebe só um código de uso único.</p>
    </form>
  );
}

/** The card form of this stage's gateway (config.js): Mercado Pago's, or the sandbox's. */
function CardPanel({ orderId, onPaid }: { orderId: string; onPaid: () => void }) {
  if (payments.provider === 'sandbox') return <CardForm orderId={orderId} onPaid={onPaid} />;
  if (!payments.publicKey) return <p role="alert" className="form-error">Pagamento com cartão indisponível no momento. Pague com Pix.</p>;
  return <MercadoPagoCardForm orderId={orderId} onPaid={onPaid} publicKey={payments.publicKey} sdkUrl={payments.sdkUrl} />;
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
      return setError(CHECK_CARD);
    }
    const outcome = await payWithCard(orderId, { cardToken, installments: Number(value('installments')) || 1 });
    setBusy(false);
    if ('paid' in outcome) onPaid();
    else setError(outcome.error);
  };
  return (
    <form className="stack-form card-form" onSubmit={submit} aria-label="Cartão de crédito">
      <label htmlFor="card-number">Número do cartão<input id="card-number" name="number" inputMode="numeric" autoComplete="cc-number" required /></label>
      <label htmlFor="card-holder">Nome impresso no cartão<input id="card-holder" name="holder" autoComplete="cc-name" required /></label>
      <div className="row">
        <label htmlFor="card-expiry">Validade (MM/AA)<input id="card-expiry" name="expiry" autoComplete="cc-exp" placeholder="MM/AA" required /></label>
        <label htmlFor="card-cvc">CVV<input id="card-cvc" name="cvc" inputMode="numeric" autoComplete="cc-csc" required /></label>
      </div>
      <InstallmentsSelect />
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
            <CardPanel orderId={id} onPaid={() => void load()} />
          )}
          {error ? <p role="alert" className="form-error">{error}</p> : null}
        </section>
      ) : null}
    </main>
  );
}
