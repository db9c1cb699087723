import { getSecretString } from '#adapters/secrets.js';
import { providerJsonCall } from '../net/json-call.js';
import { cardBrand } from '#domain/payments/card.js';
import {
  type CreateCardInput,
  type CreatePixInput,
  type PaymentProvider,
  PaymentRejectedError,
  type PixCharge,
  type ProviderPayment,
  type ProviderStatus,
  type WebhookNotice,
  type WebhookRequest,
  WebhookSignatureError,
} from '#domain/payments/ports.js';
import { optionalEnv, requireEnv } from '#shared/config.js';
import { verifyWebhookSignature } from './signature.js';

/**
 * Mercado Pago adapter over its REST API (Payments v1). What each call relies on, and where it
 * is documented, is in docs/mercadopago.md. Money is integer cents everywhere in our code and
 * BRL decimals only in the JSON exchanged with MP.
 */

export const DEFAULT_BASE_URL = 'https://api.mercadopago.com';
export const REQUEST_TIMEOUT_MS = 8_000;

export interface MercadoPagoConfig {
  baseUrl: string;
  accessToken: string;
  webhookSecret: string;
  fetch?: typeof fetch;
  /** Per-payment webhook URL (notification_url); otherwise the one configured in MP's panel. */
  notificationUrl?: string;
  timeoutMs?: number;
}

/** MP's payment resource: only the fields we read. */
interface MpPayment {
  id: number | string;
  status: string;
  status_detail?: string | null;
  transaction_amount: number;
  payment_method_id?: string | null;
  payment_type_id?: string | null;
  external_reference?: string | null;
  metadata?: Record<string, unknown> | null;
  date_of_expiration?: string | null;
  date_approved?: string | null;
  card?: { last_four_digits?: string | null; first_six_digits?: string | null } | null;
  point_of_interaction?: { transaction_data?: { qr_code?: string | null } | null } | null;
}

interface MpRefund {
  id: number | string;
  status: string;
}

interface MpCardToken {
  id: string;
  first_six_digits?: string | null;
}

interface MpError {
  message?: string;
  error?: string;
  status?: number;
  cause?: Array<{ code?: string | number; description?: string }> | { code?: string | number; description?: string };
}

/** BRL decimal for MP from integer cents: 12345 -> 123.45 (no float drift). */
export function centsToBrl(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError(`Amount must be a positive integer number of cents, got ${cents}`);
  return Number((cents / 100).toFixed(2));
}

/** Integer cents from MP's BRL decimal: 123.45 -> 12345. */
export function brlToCents(amount: number): number {
  return Math.round(amount * 100);
}

/** MP's date format for date_of_expiration: "2026-11-27T10:00:00.000-03:00" (Brasília time, no DST since 2019). */
export function toMpDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid date ${iso}`);
  return new Date(ms - 3 * 3_600_000).toISOString().replace('Z', '-03:00');
}

const STATUS: Record<string, ProviderStatus> = {
  pending: 'pending',
  in_process: 'pending',
  in_mediation: 'pending',
  authorized: 'pending',
  approved: 'approved',
  rejected: 'declined',
  refunded: 'refunded',
  charged_back: 'refunded',
  cancelled: 'cancelled',
};

/** status_detail of rejected payments, in words a customer can act on. */
const DECLINE_REASONS: Record<string, string> = {
  cc_rejected_bad_filled_card_number: 'Check the card number.',
  cc_rejected_bad_filled_date: 'Check the expiration date.',
  cc_rejected_bad_filled_other: 'Check the card details.',
  cc_rejected_bad_filled_security_code: 'Check the security code.',
  cc_rejected_blacklist: 'The payment could not be processed. Use another card or payment method.',
  cc_rejected_call_for_authorize: 'The card issuer must authorize this payment. Call them, or use another card.',
  cc_rejected_card_disabled: 'The card is not active. Call the card issuer to activate it.',
  cc_rejected_card_error: 'The payment could not be processed. Use another card or payment method.',
  cc_rejected_duplicated_payment: 'A payment for this amount was just made. Use another card or payment method to pay again.',
  cc_rejected_high_risk: 'The payment was declined. Use another card or payment method.',
  cc_rejected_insufficient_amount: 'Insufficient funds.',
  cc_rejected_invalid_installments: 'The card does not accept this number of installments.',
  cc_rejected_max_attempts: 'Too many attempts with this card. Use another card or payment method.',
  cc_rejected_other_reason: 'The card issuer declined the payment.',
  cc_rejected_card_type_not_allowed: 'This type of card is not accepted.',
  rejected_by_bank: 'The bank declined the payment.',
  rejected_by_regulations: 'The payment was declined for regulatory reasons.',
  rejected_high_risk: 'The payment was declined. Use another payment method.',
  rejected_insufficient_data: 'The payment was declined for missing payer information.',
};

export function declineReason(statusDetail: string | null | undefined): string {
  if (!statusDetail) return 'The payment was declined.';
  return DECLINE_REASONS[statusDetail] ?? `The payment was declined (${statusDetail}).`;
}

/** MP error cause codes on POST /v1/payments mapped to the input field they blame. */
const CAUSE_FIELDS: Record<string, string> = {
  '23': 'expiresAt',
  '2006': 'cardToken',
  '2062': 'cardToken',
  '3003': 'cardToken',
  '2131': 'cardToken',
  '3029': 'installments',
  '3030': 'installments',
  '4040': 'amountCents',
  '4041': 'amountCents',
  '4050': 'payerEmail',
  '2063': 'payment',
};

/** MP payment_method_id for a card brand (Brazil, credit). */
const PAYMENT_METHOD_BY_BRAND: Record<string, string | undefined> = { visa: 'visa', master: 'master', amex: 'amex', elo: 'elo' };

class MpHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: MpError | null,
    what: string,
  ) {
    super(`Mercado Pago ${what} answered HTTP ${status}${body?.message ? `: ${body.message}` : ''}`);
    this.name = 'MpHttpError';
  }

  causes(): Array<{ code: string; description: string }> {
    const raw = this.body?.cause;
    const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
    return list.map((c) => ({ code: String(c.code ?? ''), description: String(c.description ?? '') }));
  }
}

/** `date_approved` ("2026-11-27T09:59:55.000-04:00") as ISO UTC; null when absent or unreadable. */
function approvedAt(mp: MpPayment): string | null {
  const ms = mp.date_approved ? Date.parse(mp.date_approved) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function toProviderPayment(mp: MpPayment): ProviderPayment {
  const status = STATUS[mp.status];
  if (status === undefined) throw new Error(`Unknown Mercado Pago payment status "${mp.status}" for payment ${mp.id}`);
  const isPix = mp.payment_method_id === 'pix' || mp.payment_type_id === 'bank_transfer';
  const lastFour = mp.card?.last_four_digits;
  return {
    providerPaymentId: String(mp.id),
    status,
    method: isPix ? 'pix' : 'card',
    amountCents: brlToCents(mp.transaction_amount),
    orderId: mp.external_reference ?? '',
    paymentId: typeof mp.metadata?.payment_id === 'string' ? mp.metadata.payment_id : '',
    declineReason: status === 'declined' ? declineReason(mp.status_detail) : null,
    card: !isPix && lastFour ? { brand: mp.payment_method_id ?? 'unknown', lastFour } : null,
    approvedAt: approvedAt(mp),
  };
}

export function createMercadoPagoProvider(config: MercadoPagoConfig): PaymentProvider {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, what: string, options: { body?: unknown; idempotencyKey?: string; headers?: Record<string, string> } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${config.accessToken}`, accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['x-idempotency-key'] = options.idempotencyKey;
    // Network failure or timeout: retryable, and safe to retry because of the idempotency key.
    return providerJsonCall<T>({
      provider: 'Mercado Pago', what, url: `${baseUrl}${path}`, timeoutMs, fetch: doFetch,
      init: { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) },
    }, (status, json) => new MpHttpError(status, json as MpError | null, what));
  }

  /** 400 on create/refund is the input's fault; everything else (401, 429, 5xx) is ours or transient. */
  function rejectedOr(error: unknown, fallbackField: string): never {
    if (error instanceof MpHttpError && error.status === 400) {
      const causes = error.causes();
      const field = causes.map((c) => CAUSE_FIELDS[c.code]).find((f) => f !== undefined) ?? fallbackField;
      const detail = causes.map((c) => c.description).filter(Boolean).join('; ');
      throw new PaymentRejectedError(`Mercado Pago rejected the request: ${error.body?.message ?? 'bad request'}${detail ? ` (${detail})` : ''}`, field);
    }
    throw error;
  }

  /** The card form's payment method, or one derived from the token's BIN when the client sent none. */
  async function paymentMethodFor(input: CreateCardInput): Promise<string | undefined> {
    if (input.paymentMethodId) return input.paymentMethodId;
    let token: MpCardToken;
    try {
      token = await call<MpCardToken>('GET', `/v1/card_tokens/${encodeURIComponent(input.cardToken)}`, 'card token lookup');
    } catch (error) {
      if (error instanceof MpHttpError && (error.status === 404 || error.status === 400)) throw new PaymentRejectedError('Unknown or expired card token', 'cardToken');
      throw error;
    }
    return token.first_six_digits ? PAYMENT_METHOD_BY_BRAND[cardBrand(token.first_six_digits)] : undefined;
  }

  return {
    name: 'mercadopago',

    async createPix(input: CreatePixInput): Promise<PixCharge> {
      const body = {
        transaction_amount: centsToBrl(input.amountCents),
        description: input.description,
        payment_method_id: 'pix',
        payer: { email: input.payerEmail },
        date_of_expiration: toMpDate(input.expiresAt),
        external_reference: input.orderId,
        metadata: { payment_id: input.paymentId },
        ...(config.notificationUrl ? { notification_url: config.notificationUrl } : {}),
      };
      const mp = await call<MpPayment>('POST', '/v1/payments', 'create Pix payment', { body, idempotencyKey: input.idempotencyKey }).catch((e) => rejectedOr(e, 'payment'));
      const copyPaste = mp.point_of_interaction?.transaction_data?.qr_code;
      if (!copyPaste) throw new Error(`Mercado Pago Pix payment ${mp.id} came back without point_of_interaction.transaction_data.qr_code`);
      const expires = mp.date_of_expiration ? Date.parse(mp.date_of_expiration) : Date.parse(input.expiresAt);
      return { ...toProviderPayment(mp), pix: { copyPaste, expiresAt: new Date(expires).toISOString() } };
    },

    async createCard(input: CreateCardInput): Promise<ProviderPayment> {
      const paymentMethodId = await paymentMethodFor(input);
      const body = {
        transaction_amount: centsToBrl(input.amountCents),
        description: input.description,
        token: input.cardToken,
        installments: input.installments,
        ...(paymentMethodId ? { payment_method_id: paymentMethodId } : {}),
        ...(input.issuerId ? { issuer_id: input.issuerId } : {}),
        payer: { email: input.payerEmail },
        external_reference: input.orderId,
        metadata: { payment_id: input.paymentId },
        ...(config.notificationUrl ? { notification_url: config.notificationUrl } : {}),
      };
      const mp = await call<MpPayment>('POST', '/v1/payments', 'create card payment', { body, idempotencyKey: input.idempotencyKey }).catch((e) => rejectedOr(e, 'cardToken'));
      return toProviderPayment(mp);
    },

    async getPayment(providerPaymentId: string): Promise<ProviderPayment> {
      const mp = await call<MpPayment>('GET', `/v1/payments/${encodeURIComponent(providerPaymentId)}`, 'get payment');
      return toProviderPayment(mp);
    },

    async refund(providerPaymentId: string, amountCents: number, idempotencyKey: string) {
      const refund = await call<MpRefund>('POST', `/v1/payments/${encodeURIComponent(providerPaymentId)}/refunds`, 'refund', {
        body: { amount: centsToBrl(amountCents) },
        idempotencyKey,
        // Pix refunds stuck in contingency answer 201 "in_process" instead of a 400.
        headers: { 'x-render-in-process-refunds': 'true' },
      }).catch((e) => rejectedOr(e, 'amount'));
      if (refund.status === 'approved') return { refundId: String(refund.id), status: 'approved' as const };
      if (refund.status === 'in_process' || refund.status === 'pending') return { refundId: String(refund.id), status: 'pending' as const };
      throw new PaymentRejectedError(`Mercado Pago refund ${refund.id} was ${refund.status}`, 'amount');
    },

    /**
     * PUT /v1/payments/{id} {status: "cancelled"}: MP cancels `pending`, `in_process` and `authorized`
     * payments; any other state is a 400 (cause 2018), and then the payment as it is now is the answer.
     */
    async cancel(providerPaymentId: string): Promise<ProviderPayment> {
      const path = `/v1/payments/${encodeURIComponent(providerPaymentId)}`;
      try {
        return toProviderPayment(await call<MpPayment>('PUT', path, 'cancel payment', { body: { status: 'cancelled' } }));
      } catch (error) {
        if (error instanceof MpHttpError && error.status === 400) return toProviderPayment(await call<MpPayment>('GET', path, 'get payment'));
        throw error;
      }
    },

    verifyWebhook(request: WebhookRequest, nowMs: number): WebhookNotice {
      const { dataId, requestId } = verifyWebhookSignature({ headers: request.headers, query: request.query, secret: config.webhookSecret, nowMs });
      const body = request.body as { type?: unknown } | null | undefined;
      const type = request.query.type ?? (typeof body?.type === 'string' ? body.type : undefined);
      if (type !== undefined && type !== 'payment') throw new WebhookSignatureError(`Unsupported Mercado Pago notification type "${type}"`);
      return { deliveryId: requestId, providerPaymentId: dataId };
    },
  };
}

interface MercadoPagoSecret {
  accessToken: string;
  webhookSecret: string;
}

async function readSecret(secretId: string): Promise<MercadoPagoSecret> {
  const secret = await getSecretString(secretId);
  let parsed: Partial<MercadoPagoSecret> = {};
  try {
    parsed = JSON.parse(secret) as Partial<MercadoPagoSecret>;
  } catch {
    // reported below without echoing the secret
  }
  if (typeof parsed.accessToken !== 'string' || parsed.accessToken === '' || typeof parsed.webhookSecret !== 'string' || parsed.webhookSecret === '') {
    throw new Error(`Secret ${secretId} must be JSON {"accessToken": "...", "webhookSecret": "..."}`);
  }
  return { accessToken: parsed.accessToken, webhookSecret: parsed.webhookSecret };
}

let fromEnv: Promise<PaymentProvider> | undefined;

/**
 * The production provider, configured from the environment and built once per container:
 * MERCADOPAGO_BASE_URL (default https://api.mercadopago.com), MERCADOPAGO_NOTIFICATION_URL
 * (optional), and credentials either from the Secrets Manager secret named by
 * MERCADOPAGO_SECRET_ARN (JSON {accessToken, webhookSecret}) or, locally, from
 * MERCADOPAGO_ACCESS_TOKEN and MERCADOPAGO_WEBHOOK_SECRET. Async because verifyWebhook is
 * synchronous: the secret has to be in hand before the provider exists. A failed load is not
 * cached, so the next invocation retries.
 */
export function mercadoPagoProviderFromEnv(): Promise<PaymentProvider> {
  fromEnv ??= (async () => {
    const secretArn = optionalEnv('MERCADOPAGO_SECRET_ARN');
    const credentials = secretArn
      ? await readSecret(secretArn)
      : { accessToken: requireEnv('MERCADOPAGO_ACCESS_TOKEN'), webhookSecret: requireEnv('MERCADOPAGO_WEBHOOK_SECRET') };
    return createMercadoPagoProvider({
      baseUrl: optionalEnv('MERCADOPAGO_BASE_URL') ?? DEFAULT_BASE_URL,
      notificationUrl: optionalEnv('MERCADOPAGO_NOTIFICATION_URL'),
      ...credentials,
    });
  })().catch((error: unknown) => {
    fromEnv = undefined;
    throw error;
  });
  return fromEnv;
}

/** Tests only: forget the cached provider. */
export function resetMercadoPagoProviderForTests(): void {
  fromEnv = undefined;
}
