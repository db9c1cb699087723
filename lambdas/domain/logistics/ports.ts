/**
 * The carrier port (docs/logistics.md). Two adapters: `sandbox` (local stack and test stages:
 * labels and tracking codes at once, tracking events played by hand and delivered as signed
 * webhooks) and `melhorenvio` (Melhor Envio's REST API). Which one runs is config
 * (CARRIER_PROVIDER). Weights in grams, sizes in cm, money in cents.
 */
export type CarrierName = 'sandbox' | 'melhorenvio';

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
  /** The carrier's id for the service (what `createShipment` takes back). */
  service: string;
  /** The name a customer reads ("Correios PAC"). */
  name: string;
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
  /** Who sends and who receives: aggregators put them on the label they sell. */
  sender: ShipmentParty;
  recipient: ShipmentParty;
  /** What is inside (the declaration of content). */
  contents: { name: string; quantity: number; unitValueCents: number }[];
}

export interface ShipmentParty {
  name: string;
  street: string;
  number: string;
  complement?: string | null;
  district: string;
  city: string;
  state: string;
  cep: string;
  document?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface CarrierShipment {
  /** The carrier's id for the shipment (tracking webhooks name it). */
  carrierShipmentId: string;
  trackingCode: string;
  service: string;
  priceCents: number;
  /** The carrier's own label, when it prints one (Melhor Envio's print link; private to the store's account). */
  carrierLabelUrl?: string | null;
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

/** The carrier refused the request as invalid (a CEP it does not serve, a parcel too big): the caller's input, not an outage. */
export class CarrierRejectedError extends Error {
  override readonly name = 'CarrierRejectedError';
  constructor(
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface Carrier {
  readonly name: CarrierName;
  quote(input: { fromCep: string; toCep: string; packages: Parcel[] }): Promise<CarrierQuote[]>;
  /** Buys the label; idempotent on `shipmentId`. */
  createShipment(input: CreateShipmentInput): Promise<CarrierShipment>;
  /**
   * Cancels a bought label; idempotent (a label cancelled already is a success). Throws
   * CarrierRejectedError when the carrier refuses because it has the parcel (posted or later).
   */
  cancelShipment(carrierShipmentId: string): Promise<void>;
  /**
   * Checks a tracking webhook's signature and freshness; throws CarrierSignatureError when forged or
   * stale. null: signed, but not a tracking event we record (a carrier's "label paid", "generated").
   */
  verifyWebhook(request: CarrierWebhookRequest, nowMs: number): TrackingNotice | null;
}
