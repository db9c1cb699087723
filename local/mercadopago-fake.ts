/**
 * A local stand-in for the documented subset of Mercado Pago's REST API that our adapter uses
 * (docs/mercadopago.md lists the sources). It is an HTTP server, so the real adapter code runs
 * against it unchanged: tests start it on port 0, the local stack can point
 * MERCADOPAGO_BASE_URL at it.
 *
 *   POST /v1/card_tokens            what MP.js / Bricks do in the browser (public_key or Bearer)
 *   GET  /v1/card_tokens/{id}       token details (first six / last four digits)
 *   POST /v1/payments               Pix or card; X-Idempotency-Key required
 *   GET  /v1/payments/{id}
 *   POST /v1/payments/{id}/refunds  X-Idempotency-Key required; approved payments only
 *
 * Card outcomes: 4000000000000002 is declined with cc_rejected_insufficient_amount, and MP's
 * test-cardholder names decide the rest (APRO approved, OTHE/FUND/SECU/EXPI/FORM/CALL declined,
 * CONT pending); anything else valid is approved. Pix payments stay pending until `approvePix`,
 * which also delivers a signed webhook through `notify`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { qrPngBase64 } from '../lambdas/adapters/payments/qr.js';
import { signWebhook } from '../lambdas/adapters/payments/signature.js';
import { buildPixBrCode } from '../lambdas/domain/payments/brcode.js';
import { type CardBrand, validateCardForTokenization } from '../lambdas/domain/payments/card.js';
import { ValidationError } from '../lambdas/shared/errors.js';

export interface FakeDelivery {
  /** notification_url given when the payment was created, if any. */
  url?: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface MercadoPagoFakeOptions {
  port?: number;
  webhookSecret: string;
  accessToken: string;
  notify?: (delivery: FakeDelivery) => Promise<void>;
  /** Clock for expiry and signatures (defaults to Date.now). */
  now?: () => number;
  /** Receiver shown in the Pix BR Code. */
  merchant?: { pixKey: string; name: string; city: string };
}

interface FakeRefund {
  id: number;
  payment_id: number;
  amount: number;
  source: { id: string; name: string; type: string };
  date_created: string;
  status: 'approved';
  unique_sequence_number: null;
}

/** The MP payment resource, as much of it as the fake models. */
export interface FakePayment {
  id: number;
  date_created: string;
  date_approved: string | null;
  date_last_updated: string;
  date_of_expiration: string | null;
  status: 'pending' | 'approved' | 'in_process' | 'rejected' | 'cancelled' | 'refunded';
  status_detail: string;
  currency_id: 'BRL';
  transaction_amount: number;
  transaction_amount_refunded: number;
  description: string | null;
  payment_method_id: string;
  payment_type_id: 'bank_transfer' | 'credit_card';
  external_reference: string | null;
  metadata: Record<string, unknown>;
  installments: number;
  notification_url: string | null;
  payer: { email: string | null };
  card: { first_six_digits: string; last_four_digits: string; expiration_month: number; expiration_year: number; cardholder: { name: string } } | Record<string, never>;
  point_of_interaction: { type: 'PIX'; transaction_data: { qr_code: string; qr_code_base64: string; ticket_url: string } } | Record<string, never>;
  refunds: FakeRefund[];
}

interface CardToken {
  id: string;
  first_six_digits: string;
  last_four_digits: string;
  expiration_month: number;
  expiration_year: number;
  cardholder: { name: string; identification: Record<string, unknown> };
  status: 'active';
  date_created: string;
  date_last_updated: string;
  date_due: string;
  luhn_validation: true;
  live_mode: false;
  require_esc: false;
  card_number_length: number;
  security_code_length: number;
  /** Fake-only: used to decide the outcome. Never returned. */
  brand: CardBrand;
  number: string;
}

export interface MercadoPagoFake {
  baseUrl: string;
  stop(): Promise<void>;
  /** Marks a pending Pix payment approved and delivers a signed `payment.updated` webhook. */
  approvePix(providerPaymentId: string): Promise<FakeDelivery>;
  /** Every payment created so far (copies). */
  payments(): FakePayment[];
  /** Every webhook delivery made so far. */
  deliveries(): FakeDelivery[];
  /** The next `count` API requests answer with `status` (500 by default): simulates an outage. */
  failNext(count?: number, status?: number): void;
  /** Number of API requests received (all routes). */
  requestCount(): number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly cause_: Array<{ code: string | number; description: string }> = [],
  ) {
    super(message);
  }
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

/** Card-token field errors in MP's client-side codes (data entry errors table). */
const TOKEN_ERROR_CODES: Record<string, { code: string; description: string }> = {
  number: { code: 'E301', description: 'invalid parameter cardNumber' },
  cvc: { code: 'E203', description: 'invalid parameter securityCode' },
  expMonth: { code: '325', description: 'invalid parameter expirationMonth' },
  expYear: { code: '326', description: 'invalid parameter expirationYear' },
  holder: { code: '316', description: 'invalid parameter cardholderName' },
};

const MP_PAYMENT_METHOD: Record<CardBrand, string | null> = { visa: 'visa', master: 'master', amex: 'amex', elo: 'elo', unknown: null };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'Malformed JSON body', [{ code: 1, description: 'Params Error' }]);
}

/** Canonical JSON (sorted keys) so "same body" ignores key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** BRL decimal with at most two decimals to integer cents, exactly. */
function amountToCents(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new HttpError(400, `${field} must be a positive number`, [{ code: 4040, description: `${field} attribute must be positive` }]);
  const cents = Math.round(value * 100);
  if (Math.abs(value * 100 - cents) > 1e-6) throw new HttpError(400, `${field} must have at most 2 decimals`, [{ code: 4041, description: `${field} attribute must be numeric` }]);
  return cents;
}

const centsToAmount = (cents: number): number => Number((cents / 100).toFixed(2));

/** MP's date format: ISO 8601 with an offset ("2026-11-27T10:00:00.000-03:00"). */
function mpDate(ms: number): string {
  return new Date(ms - 3 * 3_600_000).toISOString().replace('Z', '-03:00');
}

export async function startMercadoPagoFake(options: MercadoPagoFakeOptions): Promise<MercadoPagoFake> {
  const now = options.now ?? Date.now;
  const merchant = options.merchant ?? { pixKey: 'b3a1f0e2-7c4d-4e59-9a6b-2f8d1c0e5a47', name: 'Loja Exemplo', city: 'Sao Paulo' };
  const payments = new Map<number, FakePayment>();
  const tokens = new Map<string, CardToken>();
  const paymentKeys = new Map<string, { fingerprint: string; paymentId: Promise<number> }>();
  const refundKeys = new Map<string, { fingerprint: string; refund: FakeRefund }>();
  const deliveries: FakeDelivery[] = [];
  let nextPaymentId = 1_320_000_000 + Math.floor(Math.random() * 1_000_000);
  let nextRefundId = 2_400_000_000;
  let nextNotificationId = 110_000_000_000;
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  let requests = 0;
  let baseUrl = '';

  const requireBearer = (req: IncomingMessage) => {
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      throw new HttpError(401, 'invalid access token', [{ code: 401, description: 'invalid_token' }]);
    }
  };

  /** A pending Pix past its date_of_expiration is cancelled with status_detail "expired". */
  const refresh = (payment: FakePayment): FakePayment => {
    if (payment.status === 'pending' && payment.date_of_expiration !== null && Date.parse(payment.date_of_expiration) <= now()) {
      payment.status = 'cancelled';
      payment.status_detail = 'expired';
      payment.date_last_updated = mpDate(now());
    }
    return payment;
  };

  const findPayment = (id: string): FakePayment => {
    const payment = /^\d+$/.test(id) ? payments.get(Number(id)) : undefined;
    if (!payment) throw new HttpError(404, 'Payment not found', [{ code: 2000, description: 'Payment not found' }]);
    return refresh(payment);
  };

  const createCardToken = (req: IncomingMessage, body: Record<string, unknown>) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!url.searchParams.get('public_key') && req.headers.authorization !== `Bearer ${options.accessToken}`) {
      throw new HttpError(401, 'public_key or access token required', [{ code: 401, description: 'unauthorized' }]);
    }
    const cardholder = (body.cardholder ?? {}) as { name?: unknown; identification?: Record<string, unknown> };
    let card: ReturnType<typeof validateCardForTokenization>;
    try {
      card = validateCardForTokenization(
        {
          number: String(body.card_number ?? ''),
          expMonth: Number(body.expiration_month),
          expYear: Number(body.expiration_year),
          cvc: String(body.security_code ?? ''),
          holder: typeof cardholder.name === 'string' ? cardholder.name : '',
        },
        new Date(now()),
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const cause = error.details.map((d) => TOKEN_ERROR_CODES[d.field as string] ?? { code: 'default', description: String(d.message) });
      throw new HttpError(400, 'bad_request', cause);
    }
    const created = now();
    const token: CardToken = {
      id: randomUUID().replaceAll('-', ''),
      first_six_digits: card.number.slice(0, 6),
      last_four_digits: card.lastFour,
      expiration_month: card.expMonth,
      expiration_year: card.expYear,
      cardholder: { name: card.holder, identification: cardholder.identification ?? {} },
      status: 'active',
      date_created: mpDate(created),
      date_last_updated: mpDate(created),
      date_due: mpDate(created + 7 * 86_400_000),
      luhn_validation: true,
      live_mode: false,
      require_esc: false,
      card_number_length: card.number.length,
      security_code_length: String(body.security_code).length,
      brand: card.brand,
      number: card.number,
    };
    tokens.set(token.id, token);
    return { status: 201, body: publicToken(token) };
  };

  const publicToken = ({ brand: _brand, number: _number, ...rest }: CardToken) => rest;

  const createPayment = async (req: IncomingMessage, body: Record<string, unknown>) => {
    requireBearer(req);
    const key = req.headers['x-idempotency-key'];
    if (typeof key !== 'string' || key === '') throw new HttpError(400, 'Header X-Idempotency-Key can not be null', [{ code: 4292, description: 'Header-X-Idempotency-Key-can’t-be-null' }]);
    const fingerprint = canonical(body);
    const previous = paymentKeys.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new HttpError(400, 'X-Idempotency-Key was already used with a different request body', [{ code: 'idempotency_key_reused', description: 'fake-only: same key, different body' }]);
      }
      // A concurrent first request may still be running: wait for its outcome (errors included).
      return { status: 200, body: findPayment(String(await previous.paymentId)) };
    }
    // Claim the key before any await, so concurrent retries cannot create a second payment.
    const creation = insertPayment(body);
    const paymentId = creation.then((payment) => payment.id);
    paymentKeys.set(key, { fingerprint, paymentId });
    // A failed first attempt frees the key, like a request MP never processed.
    paymentId.catch(() => paymentKeys.delete(key));
    return { status: 201, body: await creation };
  };

  const insertPayment = async (body: Record<string, unknown>): Promise<FakePayment> => {

    const amountCents = amountToCents(body.transaction_amount, 'transaction_amount');
    const payer = (body.payer ?? {}) as { email?: unknown };
    if (typeof payer.email !== 'string' || !payer.email.includes('@')) throw new HttpError(400, 'payer.email is required', [{ code: 4050, description: 'payer.email must be a valid email' }]);
    const created = now();
    const id = nextPaymentId++;
    const base = {
      id,
      date_created: mpDate(created),
      date_approved: null,
      date_last_updated: mpDate(created),
      currency_id: 'BRL' as const,
      transaction_amount: centsToAmount(amountCents),
      transaction_amount_refunded: 0,
      description: typeof body.description === 'string' ? body.description : null,
      external_reference: typeof body.external_reference === 'string' ? body.external_reference : null,
      metadata: (body.metadata ?? {}) as Record<string, unknown>,
      notification_url: typeof body.notification_url === 'string' ? body.notification_url : null,
      payer: { email: payer.email },
      refunds: [],
    };

    let payment: FakePayment;
    if (body.payment_method_id === 'pix') {
      let expiresMs = created + 24 * 3_600_000;
      if (body.date_of_expiration !== undefined) {
        expiresMs = typeof body.date_of_expiration === 'string' ? Date.parse(body.date_of_expiration) : Number.NaN;
        if (!Number.isFinite(expiresMs) || !/[+-]\d{2}:\d{2}$|Z$/.test(String(body.date_of_expiration))) {
          throw new HttpError(400, "The following parameters must be valid date and format (yyyy-MM-dd'T'HH:mm:ssz) date_of_expiration", [{ code: 23, description: 'date_of_expiration' }]);
        }
        if (expiresMs <= created) throw new HttpError(400, 'date_of_expiration must be in the future', [{ code: 23, description: 'date_of_expiration' }]);
      }
      const qrCode = buildPixBrCode({ pixKey: merchant.pixKey, merchantName: merchant.name, merchantCity: merchant.city, amountCents, txid: `mpqrinter${id}` });
      payment = {
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
          transaction_data: { qr_code: qrCode, qr_code_base64: await qrPngBase64(qrCode), ticket_url: `${baseUrl}/payments/${id}/ticket` },
        },
      };
    } else {
      const token = typeof body.token === 'string' ? tokens.get(body.token) : undefined;
      if (!token) throw new HttpError(400, 'Card Token not found', [{ code: 2006, description: 'Card Token not found' }]);
      const expected = MP_PAYMENT_METHOD[token.brand];
      if (typeof body.payment_method_id !== 'string' || body.payment_method_id !== expected) {
        throw new HttpError(400, 'Cannot infer Payment Method', [{ code: 2131, description: 'payment methods inference error' }]);
      }
      const installments = body.installments ?? 1;
      if (!Number.isInteger(installments) || (installments as number) < 1 || (installments as number) > 12) {
        throw new HttpError(400, 'Invalid installments', [{ code: 3029, description: 'installments must be between 1 and 12' }]);
      }
      tokens.delete(token.id); // a card token is single-use
      const outcome =
        TEST_HOLDERS[token.cardholder.name.toUpperCase()] ??
        (token.number === '4000000000000002' ? { status: 'rejected' as const, detail: 'cc_rejected_insufficient_amount' } : { status: 'approved' as const, detail: 'accredited' });
      payment = {
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
    payments.set(id, payment);
    return payment;
  };

  const createRefund = (req: IncomingMessage, paymentId: string, body: Record<string, unknown>) => {
    requireBearer(req);
    const key = req.headers['x-idempotency-key'];
    if (typeof key !== 'string' || key === '') throw new HttpError(400, 'Header X-Idempotency-Key can not be null', [{ code: 4292, description: 'Header-X-Idempotency-Key-can’t-be-null' }]);
    const payment = findPayment(paymentId);
    const fingerprint = `${payment.id}|${canonical(body)}`;
    const previous = refundKeys.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw new HttpError(400, 'X-Idempotency-Key was already used with a different request', [{ code: 'idempotency_key_reused', description: 'fake-only' }]);
      return { status: 201, body: previous.refund };
    }
    if (payment.status !== 'approved') {
      throw new HttpError(400, 'The action requested is not valid for the current payment state', [{ code: 2063, description: 'The-action-requested-is-not-valid-for-the-current-payment-state' }]);
    }
    const totalCents = Math.round(payment.transaction_amount * 100);
    const refundedCents = Math.round(payment.transaction_amount_refunded * 100);
    const cents = body.amount === undefined ? totalCents - refundedCents : amountToCents(body.amount, 'amount');
    if (cents > totalCents - refundedCents) throw new HttpError(400, 'amount exceeds the refundable amount', [{ code: 'amount_exceeded', description: 'fake-only' }]);
    const refund: FakeRefund = {
      id: nextRefundId++,
      payment_id: payment.id,
      amount: centsToAmount(cents),
      source: { id: 'fake-collector', name: merchant.name, type: 'collector' },
      date_created: mpDate(now()),
      status: 'approved',
      unique_sequence_number: null,
    };
    payment.refunds.push(refund);
    payment.transaction_amount_refunded = centsToAmount(refundedCents + cents);
    if (refundedCents + cents === totalCents) {
      payment.status = 'refunded';
      payment.status_detail = 'refunded';
    } else {
      payment.status_detail = 'partially_refunded';
    }
    payment.date_last_updated = mpDate(now());
    refundKeys.set(key, { fingerprint, refund });
    return { status: 201, body: refund };
  };

  const route = async (req: IncomingMessage): Promise<{ status: number; body: unknown }> => {
    const { pathname } = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? parseJson(await readBody(req)) : {};
    if (failures.remaining > 0) {
      failures.remaining--;
      throw new HttpError(failures.status, 'simulated outage', [{ code: 'internal_error', description: 'fake-only' }]);
    }
    if (method === 'POST' && pathname === '/v1/card_tokens') return createCardToken(req, body);
    const tokenMatch = /^\/v1\/card_tokens\/([^/]+)$/.exec(pathname);
    if (method === 'GET' && tokenMatch) {
      requireBearer(req);
      const token = tokens.get(tokenMatch[1]!);
      if (!token) throw new HttpError(404, 'Card Token not found', [{ code: 2006, description: 'Card Token not found' }]);
      return { status: 200, body: publicToken(token) };
    }
    if (method === 'POST' && pathname === '/v1/payments') return createPayment(req, body);
    const paymentMatch = /^\/v1\/payments\/([^/]+)$/.exec(pathname);
    if (method === 'GET' && paymentMatch) {
      requireBearer(req);
      return { status: 200, body: findPayment(paymentMatch[1]!) };
    }
    const refundMatch = /^\/v1\/payments\/([^/]+)\/refunds$/.exec(pathname);
    if (method === 'POST' && refundMatch) return createRefund(req, refundMatch[1]!, body);
    throw new HttpError(404, 'resource not found', [{ code: 'not_found', description: `${method} ${pathname}` }]);
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    requests++;
    route(req).then(
      ({ status, body }) => send(res, status, body),
      (error: unknown) => {
        if (error instanceof HttpError) {
          const label = error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : error.status >= 500 ? 'internal_error' : 'bad_request';
          send(res, error.status, { message: error.message, error: label, status: error.status, cause: error.cause_ });
        } else {
          send(res, 500, { message: String(error), error: 'internal_error', status: 500, cause: [] });
        }
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    async approvePix(providerPaymentId) {
      const payment = findPayment(providerPaymentId);
      if (payment.payment_method_id !== 'pix' || payment.status !== 'pending') {
        throw new Error(`Payment ${providerPaymentId} is not a pending Pix payment (status ${payment.status})`);
      }
      const at = now();
      payment.status = 'approved';
      payment.status_detail = 'accredited';
      payment.date_approved = mpDate(at);
      payment.date_last_updated = mpDate(at);
      const dataId = String(payment.id);
      const signed = signWebhook({ dataId, requestId: randomUUID(), secret: options.webhookSecret, nowMs: at });
      const delivery: FakeDelivery = {
        ...(payment.notification_url ? { url: payment.notification_url } : {}),
        headers: { 'content-type': 'application/json', ...signed },
        query: { 'data.id': dataId, type: 'payment' },
        body: {
          action: 'payment.updated',
          api_version: 'v1',
          data: { id: dataId },
          date_created: mpDate(at),
          id: nextNotificationId++,
          live_mode: false,
          type: 'payment',
          user_id: '123456789',
        },
      };
      deliveries.push(delivery);
      await options.notify?.(delivery);
      return delivery;
    },
    payments: () => [...payments.values()].map((payment) => structuredClone(refresh(payment))),
    deliveries: () => [...deliveries],
    failNext(count = 1, status = 500) {
      failures = { remaining: count, status };
    },
    requestCount: () => requests,
  };
}
