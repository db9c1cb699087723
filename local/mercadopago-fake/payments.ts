/** POST /v1/payments (Pix or card, idempotent by X-Idempotency-Key), GET /v1/payments/{id} and PUT /v1/payments/{id} (cancel). */
import type { IncomingMessage } from 'node:http';
import { qrPngBase64 } from '../../lambdas/adapters/payments/qr.js';
import { buildPixBrCode } from '../../lambdas/domain/payments/brcode.js';
import type { CardBrand } from '../../lambdas/domain/payments/card.js';
import { HttpError, idempotencyKey, type Reply, requireBearer } from './http.js';
import { type CardToken, type FakePayment, type FakeState, findPayment } from './state.js';
import { amountToCents, canonical, centsToAmount, mpDate } from './values.js';

type Body = Record<string, unknown>;

/** The fields every payment starts with, whatever its method. */
type PaymentBase = Pick<FakePayment,
  'id' | 'date_created' | 'date_approved' | 'date_last_updated' | 'currency_id' | 'transaction_amount' | 'transaction_amount_refunded'
  | 'description' | 'external_reference' | 'metadata' | 'notification_url' | 'payer' | 'refunds'>;

/** A payment being created: its common fields, creation time and amount in cents. */
interface Draft {
  base: PaymentBase;
  created: number;
  amountCents: number;
}

/** MP test-cardholder names and the outcome they force (MP's "test cards" documentation). */
const TEST_HOLDERS: Record<string, { status: FakePayment['status']; detail: string }> = {
  APRO: { status: 'approved', detail: 'accredited' },
  OTHE: { status: 'rejected', detail: 'cc_rejected_other_reason' },
  CONT: { status: 'in_process', detail: 'pending_contingency' },
  CALL: { status: 'rejected', detail: 'cc_rejected_call_for_authorize' },
  FUND: { status: 'rejected', detail: 'cc_rejected_insufficient_amount' },
  SECU: { status: 'rejected', detail: 'cc_rejected_bad_filled_security_code' },
  EXPI: { status: 'rejected', detail: 'cc_rejected_bad_filled_date' },
  FORM: { status: 'rejected', detail: 'cc_rejected_bad_filled_other' },
};

const MP_PAYMENT_METHOD: Record<CardBrand, string | null> = { visa: 'visa', master: 'master', amex: 'amex', elo: 'elo', unknown: null };

export function getPayment(state: FakeState, req: IncomingMessage, id: string): Reply {
  requireBearer(req, state.options.accessToken);
  return { status: 200, body: findPayment(state, id) };
}

/** PUT /v1/payments/{id} {status: "cancelled"}: only a pending or in_process payment (else 400 cause 2018). */
export function cancelPayment(state: FakeState, req: IncomingMessage, id: string, body: Body): Reply {
  requireBearer(req, state.options.accessToken);
  if (body.status !== 'cancelled') throw new HttpError(400, 'Invalid Status for Update', [{ code: 2016, description: 'only "cancelled" is accepted' }]);
  const payment = findPayment(state, id);
  if (payment.status !== 'pending' && payment.status !== 'in_process') {
    throw new HttpError(400, 'The action requested is not valid for the current payment state', [{ code: 2018, description: 'The action requested is not valid for the current payment state' }]);
  }
  payment.status = 'cancelled';
  payment.status_detail = 'by_collector';
  payment.date_last_updated = mpDate(state.now());
  return { status: 200, body: payment };
}

export async function createPayment(state: FakeState, req: IncomingMessage, body: Body): Promise<Reply> {
  requireBearer(req, state.options.accessToken);
  const key = idempotencyKey(req);
  const fingerprint = canonical(body);
  const previous = state.paymentKeys.get(key);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      throw new HttpError(400, 'X-Idempotency-Key was already used with a different request body', [{ code: 'idempotency_key_reused', description: 'fake-only: same key, different body' }]);
    }
    // A concurrent first request may still be running: wait for its outcome (errors included).
    return { status: 200, body: findPayment(state, String(await previous.paymentId)) };
  }
  // Claim the key before any await, so concurrent retries cannot create a second payment.
  const creation = insertPayment(state, body);
  const paymentId = creation.then((payment) => payment.id);
  state.paymentKeys.set(key, { fingerprint, paymentId });
  // A failed first attempt frees the key, like a request MP never processed.
  paymentId.catch(() => state.paymentKeys.delete(key));
  return { status: 201, body: await creation };
}

async function insertPayment(state: FakeState, body: Body): Promise<FakePayment> {
  const amountCents = amountToCents(body.transaction_amount, 'transaction_amount');
  const payer = (body.payer ?? {}) as { email?: unknown };
  if (typeof payer.email !== 'string' || !payer.email.includes('@')) throw new HttpError(400, 'payer.email is required', [{ code: 4050, description: 'payer.email must be a valid email' }]);
  const created = state.now();
  const base: PaymentBase = {
    id: state.nextPaymentId++,
    date_created: mpDate(created),
    date_approved: null,
    date_last_updated: mpDate(created),
    currency_id: 'BRL',
    transaction_amount: centsToAmount(amountCents),
    transaction_amount_refunded: 0,
    description: typeof body.description === 'string' ? body.description : null,
    external_reference: typeof body.external_reference === 'string' ? body.external_reference : null,
    metadata: (body.metadata ?? {}) as Record<string, unknown>,
    notification_url: typeof body.notification_url === 'string' ? body.notification_url : null,
    payer: { email: payer.email },
    refunds: [],
  };
  const draft = { base, created, amountCents };
  const payment = body.payment_method_id === 'pix' ? await pixPayment(state, body, draft) : cardPayment(state, body, draft);
  state.payments.set(payment.id, payment);
  return payment;
}

/** A pending Pix charge with a static BR Code for the fake merchant. */
async function pixPayment(state: FakeState, body: Body, { base, created, amountCents }: Draft): Promise<FakePayment> {
  const expiresMs = pixExpiry(body, created);
  const { merchant } = state;
  const qrCode = buildPixBrCode({ pixKey: merchant.pixKey, merchantName: merchant.name, merchantCity: merchant.city, amountCents, txid: `mpqrinter${base.id}` });
  return {
    ...base,
    date_of_expiration: mpDate(expiresMs),
    status: 'pending',
    status_detail: 'pending_waiting_transfer',
    payment_method_id: 'pix',
    payment_type_id: 'bank_transfer',
    installments: 1,
    card: {},
    point_of_interaction: {
      type: 'PIX',
      transaction_data: { qr_code: qrCode, qr_code_base64: await qrPngBase64(qrCode), ticket_url: `${state.baseUrl}/payments/${base.id}/ticket` },
    },
  };
}

/** date_of_expiration: 24 h by default; given, it must carry an offset and be in the future. */
function pixExpiry(body: Body, created: number): number {
  if (body.date_of_expiration === undefined) return created + 24 * 3_600_000;
  const expiresMs = typeof body.date_of_expiration === 'string' ? Date.parse(body.date_of_expiration) : Number.NaN;
  if (!Number.isFinite(expiresMs) || !/[+-]\d{2}:\d{2}$|Z$/.test(String(body.date_of_expiration))) {
    throw new HttpError(400, "The following parameters must be valid date and format (yyyy-MM-dd'T'HH:mm:ssz) date_of_expiration", [{ code: 23, description: 'date_of_expiration' }]);
  }
  if (expiresMs <= created) throw new HttpError(400, 'date_of_expiration must be in the future', [{ code: 23, description: 'date_of_expiration' }]);
  return expiresMs;
}

/** A card payment decided at once by the (single-use) token's holder name and number. */
function cardPayment(state: FakeState, body: Body, { base, created }: Draft): FakePayment {
  const token = typeof body.token === 'string' ? state.tokens.get(body.token) : undefined;
  if (!token) throw new HttpError(400, 'Card Token not found', [{ code: 2006, description: 'Card Token not found' }]);
  const expected = MP_PAYMENT_METHOD[token.brand];
  if (typeof body.payment_method_id !== 'string' || body.payment_method_id !== expected) {
    throw new HttpError(400, 'Cannot infer Payment Method', [{ code: 2131, description: 'payment methods inference error' }]);
  }
  const installments = body.installments ?? 1;
  if (!Number.isInteger(installments) || (installments as number) < 1 || (installments as number) > 12) {
    throw new HttpError(400, 'Invalid installments', [{ code: 3029, description: 'installments must be between 1 and 12' }]);
  }
  state.tokens.delete(token.id); // a card token is single-use
  const outcome = cardOutcome(token);
  return {
    ...base,
    date_of_expiration: null,
    date_approved: outcome.status === 'approved' ? mpDate(created) : null,
    status: outcome.status,
    status_detail: outcome.detail,
    payment_method_id: body.payment_method_id,
    payment_type_id: 'credit_card',
    installments: installments as number,
    card: {
      first_six_digits: token.first_six_digits,
      last_four_digits: token.last_four_digits,
      expiration_month: token.expiration_month,
      expiration_year: token.expiration_year,
      cardholder: { name: token.cardholder.name },
    },
    point_of_interaction: {},
  };
}

function cardOutcome(token: CardToken): { status: FakePayment['status']; detail: string } {
  return (
    TEST_HOLDERS[token.cardholder.name.toUpperCase()] ??
    (token.number === '4000000000000002' ? { status: 'rejected', detail: 'cc_rejected_insufficient_amount' } : { status: 'approved', detail: 'accredited' })
  );
}
