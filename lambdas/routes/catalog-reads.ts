/**
 * The catalog's busiest public reads, `GET /products/{id}` and `GET /categories`, apart from the rest
 * of the catalog table (./catalog.ts lists them in its place): their handlers import this module, so
 * their bundles hold only the view schemas (domain/catalog/view-schemas.ts), not the admin bodies.
 */
import * as views from '#domain/catalog/view-schemas.js';
import type { HttpRoute } from './types.js';

export const catalogReadRoutes = {
  'GET /categories': {
    handler: 'catalog/list-categories', access: 'public', grants: ['table:read'], tag: 'Catalog', summary: 'Every category (a tree via parentId)',
    success: { status: 200, body: views.CategoryList },
  },
  'GET /products/{id}': {
    handler: 'catalog/get-product', access: 'public', grants: ['table:read'], tag: 'Catalog',
    summary: 'A product by id (archived ones too, for order history)', params: views.IdParam,
    success: { status: 200, body: views.ProductPage }, errors: [404],
  },
} as const satisfies Record<string, HttpRoute>;
