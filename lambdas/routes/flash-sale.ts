/**
 * Black Friday flash sale routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import * as flash from '#domain/flash-sale/schemas.js';
import type { HttpRoute } from './types.js';

export const flashSaleRoutes = {
  'GET /flash-sales/current': {
    handler: 'flash-sale/current', access: 'public', grants: ['table:read'], tag: 'Flash sale',
    summary: 'The current (or next) flash-sale window and its remaining units; cacheable for 1 s', success: { status: 200, body: flash.CurrentFlashSale }, errors: [404],
  },
  'POST /flash-sales/current/claims': {
    handler: 'flash-sale/claim', access: 'customer', idempotencyKey: true, grants: ['table:write'], tag: 'Flash sale', memoryMb: 1024, sessionCheck: 'handler',
    summary: 'Claim one unit of the current window (one per customer per window; Idempotency-Key honoured)',
    body: flash.ClaimBody, success: { status: 201, body: flash.ClaimResponse }, errors: [409, 410, 422, 429],
  },
  'POST /admin/flash-sales': {
    handler: 'flash-sale/create-sale', access: 'admin', grants: ['table:write'], tag: 'Flash sale', summary: 'Configure a flash sale',
    body: flash.CreateFlashSaleBody, success: { status: 201, body: flash.FlashSaleConfig },
  },
  'GET /admin/flash-sales/{id}': {
    handler: 'flash-sale/get-sale', access: 'admin', grants: ['table:read'], tag: 'Flash sale',
    summary: 'A sale with claimed/paid/expired/remaining per window', params: flash.FlashSaleIdParams,
    success: { status: 200, body: flash.FlashSaleAdminView }, errors: [404],
  },
} as const satisfies Record<string, HttpRoute>;
