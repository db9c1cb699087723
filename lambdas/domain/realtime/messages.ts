/**
 * What the live-tracking WebSocket pushes (API.md "Real-time (v2)") for a change of a stored item,
 * handed over by the table-stream consumer (realtime/push-changes) as the item before and after it:
 *
 * - an Order whose status changed (or that was created): `order.status` to its owner's connections
 *   and `admin.order` to the admin feed;
 * - a ShipmentEvent that was recorded (logistics, v2): `shipment.event` to the order's owner.
 *
 * Who receives a message is decided here, from the stored item's owner, never from anything a
 * client sent: a customer's connections only ever get that customer's orders.
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import type { OrderStatus } from '#domain/orders/state-machine.js';

export interface OrderStatusMessage {
  readonly type: 'order.status';
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly previousStatus: OrderStatus | null;
  readonly at: string;
}

export interface AdminOrderMessage {
  readonly type: 'admin.order';
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly totalCents: number;
  readonly at: string;
}

export interface ShipmentEventMessage {
  readonly type: 'shipment.event';
  readonly orderId: string;
  readonly code: string;
  readonly description: string;
  readonly at: string;
  readonly location?: string;
}

export type ServerMessage = OrderStatusMessage | AdminOrderMessage | ShipmentEventMessage;

/** Who a message goes to: one customer's order-tracking connections, or every admin-feed connection. */
export type Audience = { readonly kind: 'customer'; readonly userId: string } | { readonly kind: 'admin-feed' };

export interface Push {
  readonly to: Audience;
  readonly message: ServerMessage;
}

/**
 * A carrier's tracking event as logistics stores it (one item per event, `entity: 'ShipmentEvent'`,
 * written once by the tracking webhook, lambdas/domain/logistics): the fields the push needs.
 */
export interface ShipmentEventRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly code: string;
  readonly description: string;
  readonly at: string;
  readonly location?: string | null;
}

/** The pushes of an order change: none when the status stayed. */
export function orderPushes(next: OrderRecord, previous: OrderRecord | undefined): Push[] {
  if (previous?.status === next.status) return [];
  const at = next.timeline?.[next.timeline.length - 1]?.at ?? next.updatedAt;
  return [
    {
      to: { kind: 'customer', userId: next.customerId },
      message: { type: 'order.status', orderId: next.id, status: next.status, previousStatus: previous?.status ?? null, at },
    },
    {
      to: { kind: 'admin-feed' },
      message: { type: 'admin.order', orderId: next.id, status: next.status, totalCents: next.totalCents, at },
    },
  ];
}

/** The push of a shipment event: only when it is first recorded (a rewrite of the same event is no news). */
export function shipmentEventPushes(next: ShipmentEventRecord, previous: ShipmentEventRecord | undefined): Push[] {
  if (previous) return [];
  const { orderId, code, description, at, location } = next;
  return [{
    to: { kind: 'customer', userId: next.customerId },
    message: { type: 'shipment.event', orderId, code, description, at, ...(location ? { location } : {}) },
  }];
}

type Item = Record<string, unknown>;

/** The pushes of a change of one stored item, told apart by its `entity` tag; a delete pushes nothing. */
export function pushesFor(next: Item | undefined, previous: Item | undefined): Push[] {
  if (next?.entity === 'Order') return orderPushes(next as unknown as OrderRecord, previous as unknown as OrderRecord | undefined);
  if (next?.entity === 'ShipmentEvent') {
    return shipmentEventPushes(next as unknown as ShipmentEventRecord, previous as unknown as ShipmentEventRecord | undefined);
  }
  return [];
}
