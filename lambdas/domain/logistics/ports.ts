/**
 * The carrier port (docs/logistics.md). One adapter today: `sandbox` (local stack and test
 * stages: labels and tracking codes at once, tracking events played by hand and delivered as signed
 * webhooks). Which one runs is config (CARRIER_PROVIDER). Weights in grams, sizes in cm, money in cents.
 */
export type CarrierName = 'sandbox';

/** Tracking event codes every adapter maps its carrier's own codes to. */
export const TRACKING_CODES = ['POSTED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED'] as const;
export type TrackingCode = (typeof TRACKING_CODES)[number];

export interface Parcel {
  weightGrams: number;
  heightCm: number;
  widthCm: number;
  lengthCm: number;
}

export interface CarrierQuote {
  service: string;
  priceCents: number;
  minDays: number;
  maxDays: number;
}

export interface CreateShipmentInput {
  /** Our shipment id; adapters send it as the carrier's idempotency key, so a retried purchase buys one label. */
  shipmentId: string;
  orderId: string;
  service: string;
  fromCep: string;
  toCep: string;
  packages: Parcel[];
  declaredValueCents: number;
}

export interface CarrierShipment {
  /** The carrier's id for the shipment (tracking webhooks name it). */
  carrierShipmentId: string;
  trackingCode: string;
  service: string;
  priceCents: number;
}

/** One tracking event of a verified webhook, normalised. */
export interface TrackingNotice {
  /** The carrier's id for this event (the deduplication key). */
  eventId: string;
  carrierShipmentId: string;
  code: TrackingCode;
  /** When it happened, by the carrier's clock (ISO). */
  at: string;
  location: string | null;
}

export interface CarrierWebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received (signatures cover the bytes). */
  rawBody: string;
}

export class CarrierSignatureError extends Error {
  override readonly name = 'CarrierSignatureError';
}

export interface Carrier {
  readonly name: CarrierName;
  quote(input: { fromCep: string; toCep: string; packages: Parcel[] }): Promise<CarrierQuote[]>;
  /** Buys the label; idempotent on `shipmentId`. */
  createShipment(input: CreateShipmentInput): Promise<CarrierShipment>;
  cancelShipment(carrierShipmentId: string): Promise<void>;
  /** Checks a tracking webhook's signature and freshness; throws CarrierSignatureError when forged or stale. */
  verifyWebhook(request: CarrierWebhookRequest, nowMs: number): TrackingNotice;
}
