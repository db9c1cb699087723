import { orderRepository } from '#adapters/dynamodb/orders.js';
import { shipmentRepository } from '#adapters/dynamodb/shipments.js';
import { configuredCarrier } from '#adapters/logistics/carrier.js';
import { clock } from '#shared/clock.js';

/** The carrier webhook's adapters: no label renderer nor store (a module of its own, so its bundle carries neither). */
export async function trackingDeps() {
  return { carrier: await configuredCarrier(), shipments: shipmentRepository, orders: orderRepository, now: clock.now };
}
