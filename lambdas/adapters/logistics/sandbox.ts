import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { sandboxShipmentStore } from '#adapters/dynamodb/shipments.js';
import { type Carrier, CarrierRejectedError, CarrierSignatureError, TRACKING_CODES, type TrackingCode } from '#domain/logistics/ports.js';
import { requireEnv } from '#shared/config.js';
import * as z from '#shared/zod.js';
import { signCarrierWebhook, verifyCarrierSignature } from './signature.js';

/**
 * The sandbox carrier: labels and tracking codes at once (one per idempotency key, our shipment
 * id), flat prices, tracking events played by hand (`POST /_local/sandbox/shipments/{id}/events`)
 * and delivered as signed webhooks. Its state is in the table under `SANDBOX#SHIPMENT#...`.
 */
const secret = () => requireEnv('CARRIER_WEBHOOK_SECRET');

/** The sandbox's id for our shipment: deterministic, so the local "carrier" finds it from ours. */
export const sandboxCarrierShipmentId = (shipmentId: string) => `sbxs_${shipmentId}`;

/** A Correios-like tracking code (2 letters, 9 digits, BR) derived from the shipment id. */
const trackingCodeOf = (shipmentId: string) => `SB${BigInt(`0x${createHash('sha256').update(shipmentId).digest('hex').slice(0, 12)}`).toString().slice(0, 9).padStart(9, '0')}BR`;

const SERVICES = [
  { service: 'standard', name: 'Sandbox Padrão', basePriceCents: 1990, perKgCents: 500, minDays: 3, maxDays: 7 },
  { service: 'express', name: 'Sandbox Expressa', basePriceCents: 3490, perKgCents: 900, minDays: 1, maxDays: 3 },
] as const;

const WebhookBody = z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(100)),
  shipmentId: z.string().check(z.minLength(1), z.maxLength(100)),
  code: z.enum(TRACKING_CODES),
  at: z.iso.datetime({ offset: true }),
  location: z.nullable(z.string().check(z.maxLength(200))),
});

export const sandboxCarrier: Carrier = {
  name: 'sandbox',

  async quote({ packages }) {
    const kg = Math.max(1, Math.ceil(packages.reduce((sum, p) => sum + p.weightGrams, 0) / 1000));
    return SERVICES.map(({ service, name, basePriceCents, perKgCents, minDays, maxDays }) => ({ service, name, priceCents: basePriceCents + perKgCents * kg, minDays, maxDays }));
  },

  async createShipment(input) {
    const carrierShipmentId = sandboxCarrierShipmentId(input.shipmentId);
    const quote = (await this.quote(input)).find((q) => q.service === input.service) ?? (await this.quote(input))[0];
    const stored = await sandboxShipmentStore.putOnce(carrierShipmentId, {
      carrierShipmentId, orderId: input.orderId, trackingCode: trackingCodeOf(input.shipmentId), service: quote.service, priceCents: quote.priceCents, status: 'posted-pending',
    });
    return { carrierShipmentId, trackingCode: stored.trackingCode as string, service: stored.service as string, priceCents: stored.priceCents as number };
  },

  async cancelShipment(carrierShipmentId) {
    if (!(await sandboxShipmentStore.cancel(carrierShipmentId))) throw new CarrierRejectedError(`Sandbox label ${carrierShipmentId} is posted; it cannot be cancelled`);
  },

  verifyWebhook(request, nowMs) {
    verifyCarrierSignature(request.headers, request.rawBody, secret(), nowMs);
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.rawBody);
    } catch {
      throw new CarrierSignatureError('Signed body is not JSON');
    }
    const body = WebhookBody.safeParse(parsed);
    if (!body.success) throw new CarrierSignatureError('Signed body is not a tracking event');
    const { eventId, shipmentId, code, at, location } = body.data;
    return { eventId, carrierShipmentId: shipmentId, code, at: new Date(at).toISOString(), location };
  },
};

/**
 * The sandbox carrier plays a tracking event of one of our shipments: the signed webhook it would
 * deliver (undefined when it holds no such shipment). `eventId` may be given to replay one. Any
 * tracking event means the sandbox has the parcel: its label can no longer be cancelled.
 */
export async function sandboxTrackingEvent(shipmentId: string, event: { code: TrackingCode; at: Date; location?: string | null; eventId?: string }, nowMs: number) {
  const carrierShipmentId = sandboxCarrierShipmentId(shipmentId);
  if (!(await sandboxShipmentStore.get(carrierShipmentId))) return undefined;
  await sandboxShipmentStore.markPosted(carrierShipmentId);
  const body = JSON.stringify({ eventId: event.eventId ?? `sbxe_${ulid()}`, shipmentId: carrierShipmentId, code: event.code, at: event.at.toISOString(), location: event.location ?? 'São Paulo/SP' });
  return { body, headers: signCarrierWebhook(body, secret(), nowMs) };
}
