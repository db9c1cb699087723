/**
 * Privacy routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`): apart from
 * the identity routes, so only the export function bundles the order and payment schemas.
 */
import { CustomerDataExport } from '#domain/privacy/schemas.js';
import type { HttpRoute } from './types.js';

export const privacyRoutes = {
  'GET /me/export': {
    handler: 'privacy/export', access: 'customer', grants: ['table:read'], tag: 'Identity',
    summary: 'Everything the store holds about the caller (LGPD): profile, addresses, notification choices, orders with their payments',
    success: { status: 200, body: CustomerDataExport },
  },
} as const satisfies Record<string, HttpRoute>;
