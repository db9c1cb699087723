/** Catalog collection routes of the wiring table (lambdas/routes.ts gathers them into `routes`). */
import { Product } from '#domain/catalog/view-schemas.js';
import * as s from '#domain/collection/schemas.js';
import type { HttpRoute } from './types.js';

export const collectionRoutes = {
  'POST /admin/collection/sources': {
    handler: 'collection/create-source', access: 'admin', grants: ['table:write'], tag: 'Collection',
    summary: 'Add a source: start URLs and/or a sitemap, an EventBridge schedule (at most hourly), a page budget; the tick runs it when due',
    body: s.SourceBody, success: { status: 201, body: s.SourceView },
  },
  'GET /admin/collection/sources': {
    handler: 'collection/list-sources', access: 'admin', grants: ['table:read'], tag: 'Collection',
    summary: 'Every source, with its next run time and last run', success: { status: 200, body: s.SourceList },
  },
  'PUT /admin/collection/sources/{id}': {
    handler: 'collection/update-source', access: 'admin', grants: ['table:write'], tag: 'Collection',
    summary: 'Replace a source\'s settings (its next run is recomputed from the schedule)', params: s.SourceIdParam, body: s.SourceBody,
    success: { status: 200, body: s.SourceView }, errors: [404, 409], errorCodes: { 409: ['CONCURRENT_UPDATE'] },
  },
  'DELETE /admin/collection/sources/{id}': {
    handler: 'collection/delete-source', access: 'admin', grants: ['table:write'], tag: 'Collection',
    summary: 'Remove a source (its collected items stay)', params: s.SourceIdParam, success: { status: 204 }, errors: [404],
  },
  'POST /admin/collection/sources/{id}/runs': {
    handler: 'collection/start-run', access: 'admin', grants: ['table:write', 'collection:enqueue'], tag: 'Collection',
    summary: 'Start a run now: its pages go to the fetch-and-extract worker through the collection queue',
    params: s.SourceIdParam, success: { status: 202, body: s.RunStarted }, errors: [404, 409], errorCodes: { 409: ['RUN_IN_PROGRESS'] },
  },
  'GET /admin/collection/sources/{id}/runs': {
    handler: 'collection/list-runs', access: 'admin', grants: ['table:read'], tag: 'Collection',
    summary: 'A source\'s runs, newest first: counts, errors by cause and the first errors', params: s.SourceIdParam, query: s.RunListQuery,
    success: { status: 200, body: s.RunList }, errors: [404],
  },
  'GET /admin/collection/items': {
    handler: 'collection/list-items', access: 'admin', grants: ['table:read'], tag: 'Collection',
    summary: 'Collected products by status (pending by default), most recently changed first, with the catalog product they match',
    query: s.ItemListQuery, success: { status: 200, body: s.ItemList },
  },
  'POST /admin/collection/items/{id}/publish': {
    handler: 'collection/publish-item', access: 'admin', grants: ['table:write', 'mediaBucket:read', 'images:enqueue'], tag: 'Collection',
    summary: 'Publish a pending item through the catalog\'s product use cases: a new product, or the matched product with the collected prices',
    params: s.ItemIdParam, body: s.PublishBody, success: { status: 200, body: Product }, errors: [404, 409],
    errorCodes: { 409: ['ITEM_NOT_PENDING', 'CONCURRENT_UPDATE', 'SKU_TAKEN', 'SLUG_TAKEN'] },
  },
  'POST /admin/collection/items/{id}/reject': {
    handler: 'collection/reject-item', access: 'admin', grants: ['table:write'], tag: 'Collection',
    summary: 'Reject a pending item: it is not proposed again unless it changes at the source',
    params: s.ItemIdParam, success: { status: 200, body: s.ItemView }, errors: [404, 409], errorCodes: { 409: ['ITEM_NOT_PENDING', 'CONCURRENT_UPDATE'] },
  },
} as const satisfies Record<string, HttpRoute>;
