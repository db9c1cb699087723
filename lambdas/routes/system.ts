/**
 * System routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import type { HttpRoute } from './types.js';

export const systemRoutes = {
  'GET /openapi.json': {
    handler: 'system/openapi', access: 'public', tag: 'System', summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200 },
  },
  'GET /docs': {
    handler: 'system/docs', access: 'public', tag: 'System', summary: 'Human-readable API reference',
    success: { status: 200, contentType: 'text/html' },
  },
} as const satisfies Record<string, HttpRoute>;
