/**
 * Catalog routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`). The product
 * page and the category tree are declared in ./catalog-reads.ts (their handlers import only that).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import * as catalog from '#domain/catalog/schemas.js';
import { catalogReadRoutes } from './catalog-reads.js';
import type { HttpRoute } from './types.js';

export const catalogRoutes = {
  'GET /categories': catalogReadRoutes['GET /categories'],
  'POST /categories': {
    handler: 'catalog/create-category', access: 'admin', grants: ['table:write'], tag: 'Catalog', summary: 'Create a category',
    body: catalog.CategoryBody, success: { status: 201, body: catalog.Category }, errors: [409],
  },
  'PUT /categories/{id}': {
    handler: 'catalog/update-category', access: 'admin', grants: ['table:write'], tag: 'Catalog', summary: 'Rename, re-slug or move a category',
    params: catalog.IdParam, body: catalog.CategoryBody, success: { status: 200, body: catalog.Category }, errors: [404, 409],
  },
  'DELETE /categories/{id}': {
    handler: 'catalog/delete-category', access: 'admin', grants: ['table:write'], tag: 'Catalog',
    summary: 'Delete a category (409 while products or sub-categories use it)', params: catalog.IdParam, success: { status: 204 }, errors: [404, 409],
  },
  'GET /products': {
    handler: 'catalog/list-products', access: 'public', grants: ['table:read', 'catalogBucket:read'], tag: 'Catalog',
    summary: 'Search, filter, sort and page active products, with facet counts over the whole result (brand, price ranges, variant attributes). Variant attributes filter as `attr.<name>=<value>` (e.g. `attr.cor=preto&attr.armazenamento=128GB`, at most 5; case, accents and spaces ignored; one variant must match them all)',
    query: catalog.ProductListQuery,
    success: { status: 200, body: catalog.ProductList }, memoryMb: 1024,
  },
  'GET /products/{id}': catalogReadRoutes['GET /products/{id}'],
  'POST /products': {
    handler: 'catalog/create-product', access: 'admin', grants: ['table:write', 'mediaBucket:read'], tag: 'Catalog', summary: 'Create a product with its variants',
    body: catalog.CreateProductBody, success: { status: 201, body: catalog.Product }, errors: [409],
  },
  'PUT /products/{id}': {
    handler: 'catalog/update-product', access: 'admin', grants: ['table:write', 'mediaBucket:read'], tag: 'Catalog',
    summary: 'Replace editable fields; existing SKUs stay, new SKUs are added; archive with status', params: catalog.IdParam,
    body: catalog.UpdateProductBody, success: { status: 200, body: catalog.Product }, errors: [404, 409],
  },
  'DELETE /products/{id}': {
    handler: 'catalog/delete-product', access: 'admin', grants: ['table:write'], tag: 'Catalog',
    summary: 'Delete a product never ordered and without stock on hand (409 PRODUCT_HAS_SALES / PRODUCT_HAS_STOCK otherwise)', params: catalog.IdParam,
    success: { status: 204 }, errors: [404, 409], errorCodes: { 409: ['PRODUCT_HAS_SALES', 'PRODUCT_HAS_STOCK', 'CONCURRENT_UPDATE'] },
  },
  'POST /products/{id}/images': {
    handler: 'catalog/create-image-upload', access: 'admin', grants: ['table:read', 'mediaBucket:put'], tag: 'Catalog',
    summary: 'A pre-signed S3 PUT for a product image (jpeg/png/webp, at most 5 MiB)', params: catalog.IdParam,
    body: catalog.ImageUploadBody, success: { status: 201, body: catalog.ImageUploadResponse }, errors: [404],
  },
  'PUT /products/{id}/variants/{sku}/stock': {
    handler: 'catalog/change-stock', access: 'admin', grants: ['table:write'], tag: 'Catalog',
    summary: 'Set ({stock}) or adjust ({delta}) a variant\'s stock; never below zero', params: catalog.SkuParams,
    body: catalog.StockBody, success: { status: 200, body: catalog.StockResponse }, errors: [404, 409],
  },
  'POST /admin/inventory/stock-imports': {
    handler: 'catalog/import-stock', access: 'admin', grants: ['table:write'], tag: 'Catalog',
    summary: 'Bulk stock from CSV (`sku,stock` or `sku,delta`; `,` or `;`): each row\'s outcome; `dryRun: true` checks without writing',
    body: catalog.StockImportBody, success: { status: 200, body: catalog.StockImportReport },
  },
  'GET /admin/inventory/low-stock': {
    handler: 'catalog/low-stock', access: 'admin', grants: ['table:read'], tag: 'Catalog',
    summary: 'Variants of active products at or under a stock threshold (default 5), lowest first', query: catalog.LowStockQuery,
    success: { status: 200, body: catalog.LowStockList },
  },
} as const satisfies Record<string, HttpRoute>;
