import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type Carrier,
  type CarrierQuote,
  CarrierRejectedError,
  type CarrierShipment,
  CarrierSignatureError,
  type CreateShipmentInput,
  type Parcel,
  type ShipmentParty,
  type TrackingCode,
  type TrackingNotice,
} from '#domain/logistics/ports.js';
import { headerValue } from '#adapters/payments/signature.js';
import { getSecretString } from '#adapters/secrets.js';
import { optionalEnv, requireEnv } from '#shared/config.js';

/**
 * Melhor Envio adapter over its REST API (`/api/v2/me/...`). What each call relies on, and the public
 * sources of each request and response shape, are in docs/logistics.md "Melhor Envio". Money is
 * integer cents in our code and BRL decimals (numbers, or strings in answers) in ME's JSON; weights
 * are grams here and kilograms there.
 */

export const PRODUCTION_BASE_URL = 'https://melhorenvio.com.br';
export const SANDBOX_BASE_URL = 'https://sandbox.melhorenvio.com.br';
export const REQUEST_TIMEOUT_MS = 8_000;
export const SIGNATURE_HEADER = 'x-me-signature';

export interface MelhorEnvioConfig {
  baseUrl: string;
  /** OAuth access token of the store's Melhor Envio account (scopes shipping-calculate, cart-write, shipping-checkout, shipping-generate, shipping-print, shipping-tracking, shipping-cancel, orders-read). */
  accessToken: string;
  /** The app's secret: ME signs webhooks with it. */
  webhookSecret: string;
  /** ME asks every client for `User-Agent: <app name> (<technical contact email>)`. */
  userAgent: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** One service of a `shipment/calculate` answer; `error` set when that service cannot carry the parcel. */
interface MeQuote {
  id: number;
  name: string;
  price?: string | number;
  custom_price?: string | number;
  delivery_time?: number;
  custom_delivery_time?: number;
  delivery_range?: { min: number; max: number };
  custom_delivery_range?: { min: number; max: number };
  company?: { id: number; name: string };
  error?: string;
}

/** A label (ME calls it an "order"): cart item, purchase and tracking answers share these fields. */
interface MeOrder {
  id: string;
  protocol?: string;
  status: string;
  service_id?: number;
  price?: string | number;
  tracking?: string | null;
  melhorenvio_tracking?: string | null;
  self_tracking?: string | null;
  posted_at?: string | null;
  delivered_at?: string | null;
  tags?: { tag: string; url?: string | null }[];
}

interface MeError {
  message?: string;
  error?: string;
  errors?: Record<string, string[] | string>;
}

/** ME's webhook body: `{event: "order.posted", data: <the label>}`. */
interface MeWebhook {
  event?: unknown;
  data?: { id?: unknown; status?: unknown; tracking?: unknown; posted_at?: unknown; delivered_at?: unknown; updated_at?: unknown; [k: string]: unknown };
}

class MeHttpError extends Error {
  override readonly name = 'MeHttpError';
  constructor(
    readonly status: number,
    readonly body: MeError | null,
    what: string,
  ) {
    super(`Melhor Envio ${what} answered HTTP ${status}${body?.message ? `: ${body.message}` : ''}`);
  }
}

/** Grams to ME's kilograms (3 decimals). */
export const gramsToKg = (grams: number) => Math.round(grams) / 1000;
/** Cents to ME's BRL decimal. */
export const centsToBrl = (cents: number) => Math.round(cents) / 100;
/** ME's BRL decimal ("23.45" or 23.45) to cents. */
export function brlToCents(value: string | number): number {
  const n = typeof value === 'number' ? value : Number.parseFloat(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`Melhor Envio sent an unreadable price "${String(value)}"`);
  return Math.round(n * 100);
}

/** ME's webhook events that are tracking events of ours; the rest (created, pending, released, generated, received, cancelled, paused, suspended) are acknowledged and ignored. */
const EVENT_CODES: Readonly<Record<string, TrackingCode>> = {
  'order.posted': 'POSTED',
  'order.delivered': 'DELIVERED',
  'order.undelivered': 'DELIVERY_FAILED',
};

/** A label state from which nothing can be bought or resumed. */
const DEAD = new Set(['canceled', 'cancelled', 'expired']);

const onlyDigits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

function party(p: ShipmentParty) {
  return {
    name: p.name,
    ...(p.phone ? { phone: onlyDigits(p.phone) } : {}),
    ...(p.email ? { email: p.email } : {}),
    ...(p.document ? (onlyDigits(p.document).length === 14 ? { company_document: onlyDigits(p.document) } : { document: onlyDigits(p.document) }) : {}),
    address: p.street,
    number: p.number,
    ...(p.complement ? { complement: p.complement } : {}),
    district: p.district,
    city: p.city,
    state_abbr: p.state,
    country_id: 'BR',
    postal_code: onlyDigits(p.cep),
  };
}

const volume = (p: Parcel) => ({ height: p.heightCm, width: p.widthCm, length: p.lengthCm, weight: gramsToKg(p.weightGrams) });

/** The ME date ("2026-11-27 10:00:00", Brasília time) of an event as ISO UTC; `fallback` when absent or unreadable. */
export function meDate(value: unknown, fallback: Date): string {
  if (typeof value !== 'string' || value === '') return fallback.toISOString();
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}-03:00` : value;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : fallback.toISOString();
}

export function signMelhorEnvioWebhook(rawBody: string, secret: string): Record<string, string> {
  return { [SIGNATURE_HEADER]: createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64') };
}

export function createMelhorEnvioCarrier(config: MelhorEnvioConfig): Carrier {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function call<T>(method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/v2/me${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.accessToken}`,
          accept: 'application/json',
          'user-agent': config.userAgent,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(`Melhor Envio ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (!response.ok) throw new MeHttpError(response.status, json as MeError | null, what);
    if (json === null || typeof json !== 'object') throw new Error(`Melhor Envio ${what} answered HTTP ${response.status} without a JSON body`);
    return json as T;
  }

  /** 422 (ME's validation answer) and 400 are the request's fault; 401/403 (our token or its scopes), 429 and 5xx are ours or transient. */
  function rejectedOr(error: unknown): never {
    if (error instanceof MeHttpError && (error.status === 422 || error.status === 400)) {
      const details = Object.entries(error.body?.errors ?? {}).map(([field, messages]) => ({ field, message: Array.isArray(messages) ? messages.join('; ') : String(messages) }));
      throw new CarrierRejectedError(`Melhor Envio refused the request: ${error.body?.message ?? error.body?.error ?? 'invalid data'}`, details);
    }
    throw error;
  }

  /** The label's state now (`POST /shipment/tracking`). */
  async function tracking(id: string): Promise<MeOrder> {
    const answer = await call<Record<string, MeOrder>>('POST', '/shipment/tracking', 'tracking', { orders: [id] });
    const order = answer[id];
    if (!order) throw new Error(`Melhor Envio tracking did not answer for label ${id}`);
    return order;
  }

  /** A label bought earlier for this shipment id (its tag), so that a retried purchase does not buy twice. */
  async function existing(shipmentId: string): Promise<MeOrder | undefined> {
    const found = await call<MeOrder[] | { data?: MeOrder[] }>('GET', `/orders/search?q=${encodeURIComponent(shipmentId)}`, 'label search');
    const list = Array.isArray(found) ? found : (found.data ?? []);
    return list.find((o) => !DEAD.has(o.status) && (o.tags ?? []).some((t) => t.tag === shipmentId));
  }

  return {
    name: 'melhorenvio',

    async quote({ fromCep, toCep, packages }) {
      const body = {
        from: { postal_code: onlyDigits(fromCep) },
        to: { postal_code: onlyDigits(toCep) },
        // Each parcel as a "product" of quantity 1 (ME packs products itself); insurance is not part of a quote.
        products: packages.map((p, i) => ({ id: `p${i + 1}`, ...volume(p), insurance_value: 0, quantity: 1 })),
        options: { receipt: false, own_hand: false },
      };
      const answer = await call<MeQuote[]>('POST', '/shipment/calculate', 'quote', body).catch(rejectedOr);
      if (!Array.isArray(answer)) throw new Error('Melhor Envio quote answered something other than a list of services');
      return answer
        .filter((q) => !q.error && (q.custom_price ?? q.price) !== undefined)
        .map((q): CarrierQuote => {
          const range = q.custom_delivery_range ?? q.delivery_range;
          const days = q.custom_delivery_time ?? q.delivery_time ?? range?.max ?? 0;
          return {
            service: String(q.id),
            name: q.company?.name ? `${q.company.name} ${q.name}` : q.name,
            priceCents: brlToCents(q.custom_price ?? (q.price as string | number)),
            minDays: range?.min ?? days,
            maxDays: range?.max ?? days,
          };
        })
        .sort((a, b) => a.priceCents - b.priceCents);
    },

    /**
     * cart -> checkout -> generate -> tracking code -> print. ME takes no idempotency key, so the
     * label carries our shipment id as its tag, and a retry first looks for that tag: a label found
     * is resumed from its state (pending: pay it; released: generate it; generated/posted: read it).
     */
    async createShipment(input: CreateShipmentInput): Promise<CarrierShipment> {
      let label = await existing(input.shipmentId);
      if (!label) {
        const insurance = centsToBrl(input.declaredValueCents);
        const body = {
          service: Number(input.service),
          from: party(input.sender),
          to: party(input.recipient),
          products: input.contents.map((c) => ({ name: c.name, quantity: c.quantity, unitary_value: centsToBrl(c.unitValueCents) })),
          volumes: input.packages.map(volume),
          options: { insurance_value: insurance, receipt: false, own_hand: false, reverse: false, non_commercial: true, platform: 'Big E-Commerce', tags: [{ tag: input.shipmentId, url: null }] },
        };
        if (!Number.isSafeInteger(body.service)) throw new CarrierRejectedError(`Melhor Envio services are numeric ids; got "${input.service}"`, [{ field: 'service', message: 'unknown service' }]);
        label = await call<MeOrder>('POST', '/cart', 'add to cart', body).catch(rejectedOr);
      }
      if (label.status === 'pending') {
        await call('POST', '/shipment/checkout', 'checkout', { orders: [label.id] }).catch(rejectedOr);
        label = { ...label, status: 'released' };
      }
      if (label.status === 'released' || label.status === 'paid') {
        await call('POST', '/shipment/generate', 'generate', { orders: [label.id] }).catch(rejectedOr);
      }
      const now = await tracking(label.id);
      const trackingCode = now.tracking ?? now.melhorenvio_tracking ?? now.self_tracking;
      if (!trackingCode) throw new Error(`Melhor Envio label ${label.id} has no tracking code yet (status ${now.status}); the purchase resumes on retry`);
      const printed = await call<{ url?: string }>('POST', '/shipment/print', 'print', { mode: 'private', orders: [label.id] });
      return {
        carrierShipmentId: label.id, trackingCode, service: String(label.service_id ?? input.service),
        priceCents: label.price === undefined ? 0 : brlToCents(label.price), carrierLabelUrl: printed.url ?? null,
      };
    },

    async cancelShipment(carrierShipmentId) {
      const answer = await call<Record<string, { canceled?: boolean }>>('POST', '/shipment/cancel', 'cancel', {
        orders: [{ id: carrierShipmentId, reason_id: 2, description: 'Pedido cancelado pela loja' }],
      });
      if (answer[carrierShipmentId]?.canceled !== true) throw new Error(`Melhor Envio did not cancel label ${carrierShipmentId}`);
    },

    /**
     * `X-ME-Signature`: base64 HMAC-SHA256 of the raw body with the app's secret. ME signs no
     * timestamp, so a replayed body verifies: its event id (`<label>:<event>`) is already recorded
     * and the replay changes nothing.
     */
    verifyWebhook(request, nowMs): TrackingNotice | null {
      const given = headerValue(request.headers, SIGNATURE_HEADER);
      if (!given) throw new CarrierSignatureError(`Missing ${SIGNATURE_HEADER} header`);
      const expected = createHmac('sha256', config.webhookSecret).update(request.rawBody, 'utf8').digest();
      const received = Buffer.from(given, 'base64');
      if (received.length !== expected.length || !timingSafeEqual(received, expected)) throw new CarrierSignatureError('Webhook signature does not match');
      let body: MeWebhook;
      try {
        body = JSON.parse(request.rawBody) as MeWebhook;
      } catch {
        throw new CarrierSignatureError('Signed body is not JSON');
      }
      const code = typeof body.event === 'string' ? EVENT_CODES[body.event] : undefined;
      const id = body.data?.id;
      if (!code || typeof id !== 'string' || id === '') return null;
      const when = code === 'POSTED' ? body.data?.posted_at : code === 'DELIVERED' ? body.data?.delivered_at : body.data?.updated_at;
      return { eventId: `${id}:${body.event as string}`, carrierShipmentId: id, code, at: meDate(when, new Date(nowMs)), location: null };
    },
  };
}

interface MelhorEnvioSecret {
  accessToken: string;
  webhookSecret: string;
  userAgent: string;
}

function parseSecret(secretId: string, text: string): MelhorEnvioSecret {
  let parsed: Partial<Record<keyof MelhorEnvioSecret, unknown>> = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // reported below without echoing the secret
  }
  const { accessToken, webhookSecret, userAgent } = parsed;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof webhookSecret !== 'string' || webhookSecret === '' || typeof userAgent !== 'string' || userAgent === '') {
    throw new Error(`Secret ${secretId} must be JSON {"accessToken": "...", "webhookSecret": "...", "userAgent": "<app> (<email>)"}`);
  }
  return { accessToken, webhookSecret, userAgent };
}

let fromEnv: Promise<Carrier> | undefined;

/**
 * The Melhor Envio carrier configured from the environment, built once per container:
 * MELHORENVIO_BASE_URL (default production) and credentials from the Secrets Manager secret
 * MELHORENVIO_SECRET_ID (JSON {accessToken, webhookSecret, userAgent}) or, locally, from
 * MELHORENVIO_ACCESS_TOKEN, MELHORENVIO_WEBHOOK_SECRET and MELHORENVIO_USER_AGENT. A failed load
 * is not cached, so the next invocation retries.
 */
export function melhorEnvioCarrierFromEnv(): Promise<Carrier> {
  fromEnv ??= (async () => {
    const secretId = optionalEnv('MELHORENVIO_SECRET_ID');
    const credentials = secretId
      ? parseSecret(secretId, await getSecretString(secretId))
      : { accessToken: requireEnv('MELHORENVIO_ACCESS_TOKEN'), webhookSecret: requireEnv('MELHORENVIO_WEBHOOK_SECRET'), userAgent: requireEnv('MELHORENVIO_USER_AGENT') };
    return createMelhorEnvioCarrier({ baseUrl: optionalEnv('MELHORENVIO_BASE_URL') ?? PRODUCTION_BASE_URL, ...credentials });
  })().catch((error: unknown) => {
    fromEnv = undefined;
    throw error;
  });
  return fromEnv;
}
