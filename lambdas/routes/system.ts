/**
 * System routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import type { HttpRoute } from './types.js';

/** The renderer's standalone bundle (devDependency pinned in package.json), copied into the docs-script function. */
export const API_REFERENCE_SCRIPT = 'node_modules/@scalar/api-reference/dist/browser/standalone.js';

export const systemRoutes = {
  'GET /openapi.json': {
    handler: 'system/openapi', access: 'public', tag: 'System', summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200 },
  },
  'GET /docs': {
    handler: 'system/docs', access: 'public', tag: 'System', summary: 'Browsable API reference (Scalar): operations, schemas, examples and try-it',
    success: { status: 200, contentType: 'text/html' },
  },
  'GET /docs/api-reference.js': {
    handler: 'system/docs-script', access: 'public', tag: 'System', summary: 'The script of the API reference page (@scalar/api-reference, pinned, served by this API: no CDN)',
    success: { status: 200, contentType: 'text/javascript' },
    files: [API_REFERENCE_SCRIPT],
  },
} as const satisfies Record<string, HttpRoute>;
