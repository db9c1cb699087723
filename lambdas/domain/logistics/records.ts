import type { AddressView } from '#domain/identity/schemas.js';
import type { OrderRecord, TimelineEntry } from '#domain/orders/ports.js';
import type { OrderStatus } from '#domain/orders/state-machine.js';
import type { CarrierName, Parcel, TrackingCode } from './ports.js';

/**
 * A shipment of an order. `BUYING` is the per-order slot taken before the carrier is called (a
 * purchase that timed out is resumed with the same id, which the carrier takes as its idempotency
 * key); `ACTIVE` once the label is bought and stored; `CANCELLED` once its label was cancelled at the
 * carrier (the order was cancelled before posting; the slot is freed).
 */
export interface ShipmentRecord {
  shipmentId: string;
  orderId: string;
  customerId: string;
  carrier: CarrierName;
  service: string;
  status: 'BUYING' | 'ACTIVE' | 'CANCELLED';
  packages: Parcel[];
  carrierShipmentId: string | null;
  trackingCode: string | null;
  priceCents: number | null;
  labelKey: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
}

/** One carrier tracking event, stored once (entity `ShipmentEvent`: pushed over WebSocket, OUT_FOR_DELIVERY published). */
export interface ShipmentEventRecord {
  eventId: string;
  shipmentId: string;
  orderId: string;
  customerId: string;
  carrier: CarrierName;
  trackingCode: string | null;
  code: TrackingCode;
  description: string;
  at: string;
  location: string | null;
}

export type RecordEventOutcome = 'recorded' | 'duplicate' | 'order-moved';

export interface ShipmentRepository {
  /**
   * Takes the order's shipment slot and writes the BUYING shipment, both only if the order has no
   * slot yet; otherwise returns the shipment holding it.
   */
  claimSlot(shipment: ShipmentRecord): Promise<{ ok: true } | { ok: false; holder: ShipmentRecord }>;
  /** BUYING -> ACTIVE with the carrier's data, only while the order is still PAID; false when it is not. */
  activate(shipment: ShipmentRecord): Promise<boolean>;
  /** Frees the order's slot (the purchase was undone). */
  release(shipment: ShipmentRecord): Promise<void>;
  /**
   * ACTIVE -> CANCELLED (the label was cancelled at the carrier) and the order's slot freed, in one
   * transaction; nothing when it is not ACTIVE any more (a repeated cancellation).
   */
  cancel(shipment: ShipmentRecord, at: string): Promise<void>;
  /** The order's shipments and their events (events oldest first). */
  listByOrder(orderId: string): Promise<{ shipment: ShipmentRecord; events: ShipmentEventRecord[] }[]>;
  findByCarrierId(carrier: CarrierName, carrierShipmentId: string): Promise<ShipmentRecord | undefined>;
  /**
   * Writes the event once (its id is the marker), appends `entries` to the order's timeline and,
   * with `to`, moves the order there; all in one transaction conditional on the order still being
   * in `order.status`. 'duplicate' when the event was already recorded, 'order-moved' when the order changed meanwhile.
   */
  recordEvent(event: ShipmentEventRecord, order: OrderRecord, entries: TimelineEntry[], to: OrderStatus | undefined, correlationId: string): Promise<RecordEventOutcome>;
}

/** Renders the 10 × 15 cm PDF label. */
export interface LabelRenderer {
  render(label: {
    trackingCode: string;
    carrier: string;
    service: string;
    orderCode: string;
    sender: { name: string; street: string; city: string; state: string; cep: string };
    recipient: AddressView;
    declaredContent: string;
    weightGrams: number;
  }): Promise<Uint8Array>;
}

/** Where labels are kept (a private bucket) and how they are handed out (a short-lived link). */
export interface LabelStore {
  put(key: string, pdf: Uint8Array): Promise<void>;
  url(key: string): Promise<string>;
}
