import type { OrderRecord, OrderRepository, TimelineEntry } from '#domain/orders/ports.js';
import { type OrderStatus, timelineDescription } from '#domain/orders/state-machine.js';
import { ConflictError, NotFoundError, ServiceUnavailableError, UnauthorizedError, ValidationError } from '#shared/errors.js';
import { type Carrier, CarrierRejectedError, CarrierSignatureError, type CarrierWebhookRequest, type Parcel, type ShipmentParty, type TrackingCode, type TrackingNotice } from './ports.js';
import type { LabelRenderer, LabelStore, ShipmentEventRecord, ShipmentRecord, ShipmentRepository } from './records.js';

export interface LogisticsDeps {
  carrier: Carrier;
  shipments: ShipmentRepository;
  orders: Pick<OrderRepository, 'get' | 'transition'>;
  labels: LabelRenderer;
  labelStore: LabelStore;
  /** The store's sender address (the warehouse). */
  sender: ShipmentParty;
  newId: () => string;
  now: () => Date;
}

/** pt-BR texts of the tracking timeline, per carrier event. */
const EVENT_TEXT: Readonly<Record<TrackingCode, string>> = {
  POSTED: 'Objeto postado',
  IN_TRANSIT: 'Objeto em trânsito',
  OUT_FOR_DELIVERY: 'Objeto saiu para entrega',
  DELIVERED: 'Objeto entregue ao destinatário',
  DELIVERY_FAILED: 'Tentativa de entrega sem sucesso',
};

/** The order status a carrier event moves an order to from `from` (only forward: PAID -> SHIPPED -> DELIVERED). */
export function statusAfter(from: OrderStatus, code: TrackingCode): OrderStatus | undefined {
  if (code === 'POSTED' && from === 'PAID') return 'SHIPPED';
  if (code === 'DELIVERED' && from === 'SHIPPED') return 'DELIVERED';
  return undefined;
}

/** Default parcel when the admin names none: the order's weight (300 g per unit at least) in a 16 × 11 × 20 cm box. */
const defaultParcel = (order: OrderRecord): Parcel => ({
  weightGrams: Math.max(300, order.items.reduce((sum, line) => sum + line.quantity * 300, 0)),
  heightCm: 11, widthCm: 16, lengthCm: 20,
});

export interface ShipmentView {
  shipmentId: string;
  orderId: string;
  carrier: string;
  service: string;
  trackingCode: string | null;
  labelUrl: string | null;
  /** LABEL_CREATED until the first carrier event, then the latest event's code. */
  status: string;
  createdAt: string;
  events: { code: TrackingCode; description: string; at: string; location: string | null }[];
}

async function viewOf(deps: Pick<LogisticsDeps, 'labelStore'>, shipment: ShipmentRecord, events: ShipmentEventRecord[]): Promise<ShipmentView> {
  return {
    shipmentId: shipment.shipmentId,
    orderId: shipment.orderId,
    carrier: shipment.carrier,
    service: shipment.service,
    trackingCode: shipment.trackingCode,
    labelUrl: shipment.labelKey ? await deps.labelStore.url(shipment.labelKey) : null,
    status: shipment.status === 'ACTIVE' ? (events.at(-1)?.code ?? 'LABEL_CREATED') : shipment.status,
    createdAt: shipment.createdAt,
    events: events.map(({ code, description, at, location }) => ({ code, description, at, location })),
  };
}

const orderCode = (orderId: string) => orderId.slice(-8).toUpperCase();

/**
 * Buys the label of a PAID order: takes the order's shipment slot first (one shipment per order),
 * then calls the carrier with the shipment id as idempotency key, renders and stores the PDF, and
 * activates the shipment. A slot left BUYING (a purchase that timed out) is resumed with the same
 * id, so the carrier sells one label. If the order stopped being PAID meanwhile, the label is cancelled at the carrier.
 */
export async function createShipment(deps: LogisticsDeps, orderId: string, input: { service?: string; packages?: Parcel[] }): Promise<ShipmentView> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError('Order');
  if (order.status !== 'PAID') throw new ConflictError('ORDER_NOT_PAID', `Only a PAID order can be shipped; this one is ${order.status}`, [{ status: order.status }]);
  // Account deletion waits for open orders (OPEN_ORDERS), so a PAID order keeps its address; never ship to a partial one.
  const address = order.address;
  if ('anonymisedAt' in address) throw new ConflictError('ADDRESS_ANONYMISED', 'The customer deleted the account; this order has no delivery address');
  const at = deps.now().toISOString();
  let shipment: ShipmentRecord = {
    shipmentId: deps.newId(), orderId, customerId: order.customerId, carrier: deps.carrier.name,
    service: input.service ?? order.shipping?.carrierService ?? 'standard', status: 'BUYING',
    packages: input.packages?.length ? input.packages : [defaultParcel(order)],
    carrierShipmentId: null, trackingCode: null, priceCents: null, labelKey: null, createdAt: at, updatedAt: at,
  };
  const claim = await deps.shipments.claimSlot(shipment);
  if (!claim.ok) {
    if (claim.holder.status === 'ACTIVE') {
      throw new ConflictError('SHIPMENT_EXISTS', 'This order already has an active shipment', [{ shipmentId: claim.holder.shipmentId }]);
    }
    shipment = claim.holder;
  }
  const bought = await deps.carrier.createShipment({
    shipmentId: shipment.shipmentId, orderId, service: shipment.service, fromCep: deps.sender.cep, toCep: address.cep,
    packages: shipment.packages, declaredValueCents: order.subtotalCents - order.discountCents,
    sender: deps.sender,
    recipient: { name: address.recipient, street: address.street, number: address.number, complement: address.complement ?? null, district: address.district, city: address.city, state: address.state, cep: address.cep },
    contents: order.items.map((line) => ({ name: line.name, quantity: line.quantity, unitValueCents: line.unitPriceCents })),
  }).catch(async (error: unknown) => {
    // The carrier refused the request itself (a service it does not sell, an address it does not take): nothing was
    // bought, so the slot is freed for a corrected request instead of being resumed with the same input.
    if (!(error instanceof CarrierRejectedError)) throw error;
    await deps.shipments.release(shipment);
    throw new ValidationError(error.message, error.details);
  });
  const pdf = await deps.labels.render({
    trackingCode: bought.trackingCode, carrier: deps.carrier.name, service: bought.service, orderCode: orderCode(orderId),
    sender: { ...deps.sender, street: `${deps.sender.street}, ${deps.sender.number}` }, recipient: address,
    declaredContent: order.items.map((line) => `${line.quantity}x ${line.name}`).join('; '),
    weightGrams: shipment.packages.reduce((sum, p) => sum + p.weightGrams, 0),
  });
  const labelKey = `labels/${orderId}/${shipment.shipmentId}.pdf`;
  await deps.labelStore.put(labelKey, pdf);
  const active: ShipmentRecord = { ...shipment, ...bought, status: 'ACTIVE', labelKey, updatedAt: deps.now().toISOString() };
  if (!(await deps.shipments.activate(active))) {
    const current = await deps.orders.get(orderId);
    if (current?.status !== 'PAID') {
      await deps.carrier.cancelShipment(bought.carrierShipmentId);
      await deps.shipments.release(shipment);
      throw new ConflictError('ORDER_NOT_PAID', `Only a PAID order can be shipped; this one is ${current?.status}`, [{ status: current?.status }]);
    }
    // A concurrent resume of the same slot activated it first: the same label, answered the same way.
  }
  return viewOf(deps, active, []);
}

/**
 * Cancels the labels of an order being cancelled (`DELETE /orders/{id}` on a PAID order), before the
 * order moves: each ACTIVE shipment's label is cancelled at the carrier, then the shipment becomes
 * CANCELLED and the slot is freed. Idempotent: a CANCELLED shipment is skipped, and a repeated
 * carrier cancellation is a success at the carrier. A shipment with a recorded POSTED event, or one
 * the carrier refuses to cancel (it has the parcel), is 409 SHIPMENT_POSTED and nothing changes; a
 * carrier that fails or does not answer is 503 (retry). A slot still BUYING is left: its purchase,
 * resumed or not, cannot activate once the order is cancelled, and cancels its label then. The
 * carrier is resolved only when there is a label to cancel (Melhor Envio's reads its secret).
 */
export async function cancelOrderLabels(deps: Pick<LogisticsDeps, 'shipments' | 'now'> & { carrier: () => Promise<Carrier> }, orderId: string): Promise<void> {
  const active = (await deps.shipments.listByOrder(orderId)).filter(({ shipment }) => shipment.status === 'ACTIVE');
  for (const { shipment, events } of active) {
    const posted = () => new ConflictError('SHIPMENT_POSTED', 'The carrier has the parcel already; the order can no longer be cancelled (a return after delivery is a refund)', [{ shipmentId: shipment.shipmentId }]);
    if (events.length) throw posted();
    try {
      await (await deps.carrier()).cancelShipment(shipment.carrierShipmentId as string);
    } catch (error) {
      if (error instanceof CarrierRejectedError) throw posted();
      throw new ServiceUnavailableError('The carrier did not confirm the label cancellation; try again', 5, { cause: error });
    }
    await deps.shipments.cancel(shipment, deps.now().toISOString());
  }
}

export async function listShipments(deps: Pick<LogisticsDeps, 'shipments' | 'orders' | 'labelStore'>, orderId: string): Promise<ShipmentView[]> {
  if (!(await deps.orders.get(orderId))) throw new NotFoundError('Order');
  const all = await deps.shipments.listByOrder(orderId);
  return Promise.all(all.map(({ shipment, events }) => viewOf(deps, shipment, events)));
}

export type TrackingOutcome = 'recorded' | 'duplicate' | 'unknown-shipment' | 'ignored';

/**
 * A carrier's tracking webhook: verified (401 when forged or stale), then recorded once per event id
 * with the order's timeline entry and, for POSTED / DELIVERED, the order's move forward, in one
 * transaction. A DELIVERED event for an order still PAID (POSTED lost or late) ships it first. A
 * late or repeated event changes nothing twice: the event id is a conditional marker, and statuses
 * only move forward.
 */
export async function handleTrackingWebhook(deps: Pick<LogisticsDeps, 'carrier' | 'shipments' | 'orders' | 'now'>, request: CarrierWebhookRequest, correlationId: string): Promise<{ outcome: TrackingOutcome; notice?: TrackingNotice }> {
  let notice: TrackingNotice | null;
  try {
    notice = deps.carrier.verifyWebhook(request, Date.now());
  } catch (error) {
    if (error instanceof CarrierSignatureError) throw new UnauthorizedError(`Webhook rejected: ${error.message}`);
    throw error;
  }
  if (!notice) return { outcome: 'ignored' };
  const shipment = await deps.shipments.findByCarrierId(deps.carrier.name, notice.carrierShipmentId);
  if (!shipment) return { outcome: 'unknown-shipment', notice };
  const description = EVENT_TEXT[notice.code];
  const event: ShipmentEventRecord = {
    eventId: notice.eventId, shipmentId: shipment.shipmentId, orderId: shipment.orderId, customerId: shipment.customerId,
    carrier: shipment.carrier, trackingCode: shipment.trackingCode, code: notice.code, description, at: notice.at, location: notice.location,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const order = await deps.orders.get(shipment.orderId);
    if (!order) throw new NotFoundError('Order');
    const at = deps.now().toISOString();
    if (notice.code === 'DELIVERED' && order.status === 'PAID') {
      await deps.orders.transition(order, 'SHIPPED', {
        at, releaseStock: false, correlationId,
        entry: { status: 'SHIPPED', at, description: timelineDescription('SHIPPED') },
        set: { carrier: shipment.carrier, trackingCode: shipment.trackingCode ?? undefined },
      });
      continue;
    }
    const to = statusAfter(order.status, notice.code);
    const entries: TimelineEntry[] = [{ status: to ?? order.status, at: notice.at, description, code: notice.code, ...(notice.location ? { location: notice.location } : {}) }];
    if (to) entries.push({ status: to, at, description: timelineDescription(to) });
    const outcome = await deps.shipments.recordEvent(event, order, entries, to, correlationId);
    if (outcome !== 'order-moved') return { outcome, notice };
  }
  throw new ConflictError('ORDER_BUSY', 'The order kept changing while the tracking event was recorded; the carrier retries');
}
