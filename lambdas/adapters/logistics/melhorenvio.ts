import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type Carrier,
  CarrierRejectedError,
  type CarrierShipment,
  CarrierSignatureError,
  type CreateShipmentInput,
  type ShipmentParty,
  type TrackingCode,
  type TrackingNotice,
} from '#domain/logistics/ports.js';
import { headerValue } from '#adapters/payments/signature.js';
import { brlToCents, centsToBrl, type MeCall, type MelhorEnvioConfig, meClient, melhorEnvioConfigFromEnv, meQuote, onlyDigits, rejectedOr, volume } from './melhorenvio-api.js';

export { brlToCents, gramsToKg } from './melhorenvio-api.js';

/**
 * Melhor Envio adapter over its REST API (`/api/v2/me/...`). What each call relies on, and the public
 * sources of each request and response shape, are in docs/logistics.md "Melhor Envio". Money is
 * integer cents in our code and BRL decimals (numbers, or strings in answers) in ME's JSON; weights
 * are grams here and kilograms there.
 */

export const SIGNATURE_HEADER = 'x-me-signature';

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

/** ME's webhook body: `{event: "order.posted", data: <the label>}`. */
interface MeWebhook {
  event?: unknown;
  data?: { id?: unknown; status?: unknown; tracking?: unknown; posted_at?: unknown; delivered_at?: unknown; updated_at?: unknown; [k: string]: unknown };
}

/** ME's webhook events that are tracking events of ours; the rest (created, pending, released, generated, received, cancelled, paused, suspended) are acknowledged and ignored. */
const EVENT_CODES: Readonly<Record<string, TrackingCode>> = {
  'order.posted': 'POSTED',
  'order.delivered': 'DELIVERED',
  'order.undelivered': 'DELIVERY_FAILED',
};

/** A label state from which nothing can be bought or resumed. */
const DEAD = new Set(['canceled', 'cancelled', 'expired']);

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
  const call: MeCall = meClient(config);

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

    quote: (input) => meQuote(call, input),

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
      if (answer[carrierShipmentId]?.canceled === true) return;
      // Not cancelled now: cancelled earlier (a repeated cancellation, a success), or the carrier has the parcel.
      const { status } = await tracking(carrierShipmentId);
      if (status === 'canceled' || status === 'cancelled') return;
      if (status === 'posted' || status === 'delivered' || status === 'undelivered') throw new CarrierRejectedError(`Melhor Envio label ${carrierShipmentId} is ${status}; it cannot be cancelled`);
      throw new Error(`Melhor Envio did not cancel label ${carrierShipmentId} (status ${status})`);
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

/** The Melhor Envio carrier configured from the environment (melhorEnvioConfigFromEnv), built once per container. */
export async function melhorEnvioCarrierFromEnv(): Promise<Carrier> {
  return createMelhorEnvioCarrier(await melhorEnvioConfigFromEnv());
}
