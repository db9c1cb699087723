/**
 * Logistics routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 */
import * as logistics from '#domain/logistics/schemas.js';
import * as orders from '#domain/orders/schemas.js';
import type { HttpRoute } from './types.js';

export const logisticsRoutes = {
  'POST /admin/orders/{id}/shipments': {
    handler: 'logistics/create-shipment', access: 'admin', grants: ['table:write', 'carrier:provider', 'labels:write'], tag: 'Logistics', memoryMb: 512,
    summary: 'Buy the label of a PAID order (409 ORDER_NOT_PAID otherwise; one active shipment per order, 409 SHIPMENT_EXISTS): a 10 × 15 cm PDF behind a short-lived labelUrl',
    params: orders.OrderIdParams, body: logistics.CreateShipmentBody, success: { status: 201, body: logistics.Shipment }, errors: [404, 409],
    errorCodes: { 409: ['ORDER_NOT_PAID', 'SHIPMENT_EXISTS'] },
  },
  'GET /admin/orders/{id}/shipments': {
    handler: 'logistics/list-shipments', access: 'admin', grants: ['table:read', 'labels:read'], tag: 'Logistics',
    summary: 'The order\'s shipments with their tracking events', params: orders.OrderIdParams,
    success: { status: 200, body: logistics.ShipmentList }, errors: [404],
  },
  'POST /webhooks/carriers/{carrier}': {
    handler: 'logistics/carrier-webhook', access: 'public', grants: ['table:write', 'carrier:provider'], tag: 'Logistics',
    summary: 'Signed tracking events from the carrier (bad or stale signature: 401); each event counts once, statuses only move forward',
    params: logistics.CarrierParams, body: logistics.TrackingWebhookBody, success: { status: 200, body: logistics.TrackingAck }, errors: [401, 404],
  },
} as const satisfies Record<string, HttpRoute>;
