import { shipmentRepository } from '#adapters/dynamodb/shipments.js';
import { configuredCarrier } from '#adapters/logistics/carrier.js';
import { cancelOrderLabels } from '#domain/logistics/use-cases.js';
import type { OrderShipments } from '#domain/orders/orders.js';
import { clock } from '#shared/clock.js';

/** A cancelled paid order's labels, cancelled at the carrier through the logistics context (no label renderer or label bucket in this bundle). */
export const orderLabels: OrderShipments = {
  cancelLabels: async (orderId) => cancelOrderLabels({ carrier: configuredCarrier, shipments: shipmentRepository, now: clock.now }, orderId),
};
