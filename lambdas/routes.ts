/**
 * THE wiring table: every trigger of every function. The CDK stacks and the local runtime both
 * loop over it, and the HTTP middleware reads a route's access level and schemas from it by the
 * event's routeKey, so a route is declared exactly once.
 *
 * `handler` is a path under lambdas/handlers/ without extension; the module exports `handler`.
 */
import type * as z from 'zod';
import * as catalog from '#domain/catalog/schemas.js';
import * as flash from '#domain/flash-sale/schemas.js';
import * as identity from '#domain/identity/schemas.js';
import * as orders from '#domain/orders/schemas.js';
import * as payments from '#domain/payments/schemas.js';

export type Access = 'public' | 'customer' | 'admin';

/**
 * What a function may touch in AWS; the CDK turns each into the narrowest IAM grant.
 * Routes that are not public also get `table:read` implicitly (the token revocation marker).
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'userPool:adminDeleteUser'
  | 'userPool:adminListGroupsForUser'
  /** read the search snapshots */
  | 'catalogBucket:read'
  /** write search snapshots */
  | 'catalogBucket:write'
  /** sign uploads into the public media bucket */
  | 'mediaBucket:put'
  /** publish domain events on the bus */
  | 'events:put'
  /** call the payment gateway (reads its credentials secret) */
  | 'payments:provider'
  /** send customer emails (SES, from the stage's verified sender) */
  | 'notifications:send';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  readonly handler: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  /** JSON body schema; a route without one ignores any body. */
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  /** Success status and its body schema (undefined body: no content). */
  readonly success: { readonly status: number; readonly body?: z.ZodType; readonly contentType?: string };
  /** Error statuses this route may answer besides 400/401/403/413/415/500. */
  readonly errors?: readonly number[];
  readonly grants?: readonly Grant[];
  /** Memory for the function in AWS (MB). */
  readonly memoryMb?: number;
  /**
   * 'handler': the handler calls `auth.assertSessionActive()` itself, after refusals that need no
   * database (a 2xx without it is a 500), so those refusals cost no read. Default: the middleware
   * checks the session before the handler runs.
   */
  readonly sessionCheck?: 'handler';
}

export const routes = {
  'GET /openapi.json': {
    handler: 'system/openapi', access: 'public', tag: 'System', summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200 },
  },
  'GET /docs': {
    handler: 'system/docs', access: 'public', tag: 'System', summary: 'Human-readable API reference',
    success: { status: 200, contentType: 'text/html' },
  },

  // Identity
  'POST /register': {
    handler: 'identity/register', access: 'public', grants: ['table:write', 'userPool:adminDeleteUser'], tag: 'Identity', summary: 'Register a customer account',
    body: identity.RegisterBody, success: { status: 201, body: identity.RegisterResponse }, errors: [409],
  },
  'POST /register/confirm': {
    handler: 'identity/confirm', access: 'public', tag: 'Identity', summary: 'Confirm the email with the code sent to it',
    body: identity.ConfirmBody, success: { status: 204 },
  },
  'POST /login': {
    handler: 'identity/login', access: 'public', grants: ['table:write'], tag: 'Identity', summary: 'Exchange email and password for tokens',
    body: identity.LoginBody, success: { status: 200, body: identity.TokensResponse },
  },
  'POST /token/refresh': {
    handler: 'identity/refresh', access: 'public', grants: ['table:read'], tag: 'Identity', summary: 'New access and ID tokens from a refresh token',
    body: identity.RefreshBody, success: { status: 200, body: identity.RefreshResponse },
  },
  'POST /logout': {
    handler: 'identity/logout', access: 'customer', grants: ['table:write'], tag: 'Identity',
    summary: 'End every session: the refresh token and all access tokens issued before now stop working',
    success: { status: 204 },
  },
  'POST /password-reset': {
    handler: 'identity/password-reset', access: 'public', tag: 'Identity',
    summary: 'Email a reset code (202 whether or not the account exists)',
    body: identity.PasswordResetBody, success: { status: 202 },
  },
  'POST /password-reset/confirm': {
    handler: 'identity/password-reset-confirm', access: 'public', tag: 'Identity', summary: 'Set a new password with the emailed code',
    body: identity.PasswordResetConfirmBody, success: { status: 204 },
  },
  'GET /me': {
    handler: 'identity/get-profile', access: 'customer', grants: ['table:read'], tag: 'Identity', summary: 'The caller\'s profile',
    success: { status: 200, body: identity.Profile },
  },
  'PATCH /me': {
    handler: 'identity/patch-profile', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Change name or phone (email is immutable)',
    body: identity.PatchProfileBody, success: { status: 200, body: identity.Profile },
  },
  'DELETE /me': {
    handler: 'identity/delete-account', access: 'customer', grants: ['table:write', 'userPool:adminDeleteUser'], tag: 'Identity',
    summary: 'Delete the account (409 while an order is open)', success: { status: 204 }, errors: [409],
  },
  'GET /me/addresses': {
    handler: 'identity/list-addresses', access: 'customer', grants: ['table:read'], tag: 'Identity', summary: 'The caller\'s delivery addresses',
    success: { status: 200, body: identity.AddressList },
  },
  'POST /me/addresses': {
    handler: 'identity/create-address', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Add a delivery address',
    body: identity.AddressBody, success: { status: 201, body: identity.Address }, errors: [409],
  },
  'PUT /me/addresses/{id}': {
    handler: 'identity/update-address', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Replace a delivery address',
    params: identity.IdParam, body: identity.AddressBody, success: { status: 200, body: identity.Address }, errors: [404],
  },
  'DELETE /me/addresses/{id}': {
    handler: 'identity/delete-address', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Remove a delivery address',
    params: identity.IdParam, success: { status: 204 }, errors: [404],
  },
  'GET /admin/customers/{id}': {
    handler: 'identity/admin-get-customer', access: 'admin', grants: ['table:read', 'userPool:adminListGroupsForUser'], tag: 'Identity',
    summary: 'A customer\'s profile, for customer support', params: identity.IdParam,
    success: { status: 200, body: identity.Profile }, errors: [404],
  },

  // Catalog
  'GET /categories': {
    handler: 'catalog/list-categories', access: 'public', grants: ['table:read'], tag: 'Catalog', summary: 'Every category (a tree via parentId)',
    success: { status: 200, body: catalog.CategoryList },
  },
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
    summary: 'Search, filter, sort and page active products', query: catalog.ProductListQuery,
    success: { status: 200, body: catalog.ProductList }, memoryMb: 1024,
  },
  'GET /products/{id}': {
    handler: 'catalog/get-product', access: 'public', grants: ['table:read'], tag: 'Catalog',
    summary: 'A product by id (archived ones too, for order history)', params: catalog.IdParam,
    success: { status: 200, body: catalog.Product }, errors: [404],
  },
  'POST /products': {
    handler: 'catalog/create-product', access: 'admin', grants: ['table:write'], tag: 'Catalog', summary: 'Create a product with its variants',
    body: catalog.CreateProductBody, success: { status: 201, body: catalog.Product }, errors: [409],
  },
  'PUT /products/{id}': {
    handler: 'catalog/update-product', access: 'admin', grants: ['table:write'], tag: 'Catalog',
    summary: 'Replace editable fields; existing SKUs stay, new SKUs are added; archive with status', params: catalog.IdParam,
    body: catalog.UpdateProductBody, success: { status: 200, body: catalog.Product }, errors: [404, 409],
  },
  'DELETE /products/{id}': {
    handler: 'catalog/delete-product', access: 'admin', grants: ['table:write'], tag: 'Catalog',
    summary: 'Delete a product never ordered (409 PRODUCT_HAS_SALES otherwise)', params: catalog.IdParam, success: { status: 204 }, errors: [404, 409],
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
  'GET /admin/inventory/low-stock': {
    handler: 'catalog/low-stock', access: 'admin', grants: ['table:read'], tag: 'Catalog',
    summary: 'Variants of active products at or under a stock threshold (default 5), lowest first', query: catalog.LowStockQuery,
    success: { status: 200, body: catalog.LowStockList },
  },

  // Cart
  'GET /cart': {
    handler: 'cart/get-cart', access: 'customer', grants: ['table:read'], tag: 'Cart',
    summary: 'The cart with current prices and totals; `?cep=` adds a shipping quote', query: orders.CartQuery,
    success: { status: 200, body: orders.Cart },
  },
  'POST /cart': {
    handler: 'cart/add-item', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Add units of a SKU (increments an existing line)',
    body: orders.AddToCartBody, success: { status: 200, body: orders.Cart }, errors: [404, 409],
  },
  'PUT /cart/{itemId}': {
    handler: 'cart/set-quantity', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Set a line\'s quantity (0 removes it)',
    params: orders.CartItemParams, body: orders.SetQuantityBody, success: { status: 200, body: orders.Cart }, errors: [404, 409],
  },
  'DELETE /cart/{itemId}': {
    handler: 'cart/remove-item', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Remove a line',
    params: orders.CartItemParams, success: { status: 200, body: orders.Cart }, errors: [404],
  },
  'POST /cart/coupon': {
    handler: 'cart/apply-coupon', access: 'customer', grants: ['table:write'], tag: 'Cart',
    summary: 'Apply a coupon (409 with the reason when it does not apply)', body: orders.CouponBody, success: { status: 200, body: orders.Cart }, errors: [409],
  },
  'DELETE /cart/coupon': {
    handler: 'cart/remove-coupon', access: 'customer', grants: ['table:write'], tag: 'Cart', summary: 'Remove the coupon',
    success: { status: 200, body: orders.Cart },
  },
  'POST /admin/coupons': {
    handler: 'cart/create-coupon', access: 'admin', grants: ['table:write'], tag: 'Cart', summary: 'Create a coupon',
    body: orders.CreateCouponBody, success: { status: 201, body: orders.CouponResponse }, errors: [409],
  },

  // Orders
  'POST /orders': {
    handler: 'orders/create-order', access: 'customer', grants: ['table:write'], tag: 'Orders',
    summary: 'Turn the cart into an order, reserving stock atomically (Idempotency-Key honoured)',
    body: orders.CreateOrderBody, success: { status: 201, body: orders.Order }, errors: [409, 422],
  },
  'GET /orders': {
    handler: 'orders/list-orders', access: 'customer', grants: ['table:read'], tag: 'Orders', summary: 'The caller\'s orders, newest first',
    query: orders.ListQuery, success: { status: 200, body: orders.OrderList },
  },
  'GET /orders/{id}': {
    handler: 'orders/get-order', access: 'customer', grants: ['table:read'], tag: 'Orders', summary: 'An order (owner or admin; 404 for anyone else)',
    params: orders.OrderIdParams, success: { status: 200, body: orders.Order }, errors: [404],
  },
  'PUT /orders/{id}': {
    handler: 'orders/update-order', access: 'admin', grants: ['table:write'], tag: 'Orders',
    summary: 'Ship (carrier + tracking code) or deliver an order; an illegal transition is 409',
    params: orders.OrderIdParams, body: orders.UpdateOrderBody, success: { status: 200, body: orders.Order }, errors: [404, 409],
  },
  'DELETE /orders/{id}': {
    handler: 'orders/cancel-order', access: 'customer', grants: ['table:write', 'payments:provider'], tag: 'Orders',
    summary: 'Cancel (owner or admin): pending releases stock, paid is refunded; shipped or later is 409',
    params: orders.OrderIdParams, success: { status: 200, body: orders.Order }, errors: [404, 409],
  },
  'GET /orders/{id}/tracking': {
    handler: 'orders/tracking', access: 'customer', grants: ['table:read'], tag: 'Orders', summary: 'Status timeline of an order',
    params: orders.OrderIdParams, success: { status: 200, body: orders.Tracking }, errors: [404],
  },
  'GET /admin/orders': {
    handler: 'orders/admin-list-orders', access: 'admin', grants: ['table:read'], tag: 'Orders',
    summary: 'Orders by status, newest first, optionally within a creation-time range', query: orders.AdminOrdersQuery,
    success: { status: 200, body: orders.OrderList },
  },

  // Payments
  'POST /orders/{id}/payments': {
    handler: 'payments/create-payment', access: 'customer', grants: ['table:write', 'payments:provider'], tag: 'Payments',
    summary: 'Pay an order by Pix (BR Code + QR) or card token (Idempotency-Key honoured)',
    params: orders.OrderIdParams, body: payments.CreatePaymentBody, success: { status: 201, body: payments.PaymentStarted }, errors: [404, 409, 422],
  },
  'GET /orders/{id}/payments': {
    handler: 'payments/list-payments', access: 'customer', grants: ['table:read'], tag: 'Payments',
    summary: 'Payment attempts of an order (owner or admin)', params: orders.OrderIdParams,
    success: { status: 200, body: payments.PaymentList }, errors: [404],
  },
  'POST /webhooks/payments/{provider}': {
    handler: 'payments/webhook', access: 'public', grants: ['table:write', 'payments:provider'], tag: 'Payments',
    summary: 'Signed payment notifications from the gateway (bad or stale signature: 401)', params: payments.ProviderParams,
    body: payments.WebhookBody, success: { status: 200, body: payments.WebhookAck }, errors: [401, 404],
  },

  // Black Friday flash sale
  'GET /flash-sales/current': {
    handler: 'flash-sale/current', access: 'public', grants: ['table:read'], tag: 'Flash sale',
    summary: 'The current (or next) flash-sale window and its remaining units; cacheable for 1 s', success: { status: 200, body: flash.CurrentFlashSale }, errors: [404],
  },
  'POST /flash-sales/current/claims': {
    handler: 'flash-sale/claim', access: 'customer', grants: ['table:write'], tag: 'Flash sale', memoryMb: 1024, sessionCheck: 'handler',
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

export type RouteKey = keyof typeof routes;

/** Scheduled rules (EventBridge in AWS, the local scheduler locally). */
export interface ScheduleDef {
  readonly name: string;
  readonly grants?: readonly Grant[];
  /** EventBridge schedule expression, e.g. `cron(0 * * * ? *)` or `rate(1 minute)`. */
  readonly schedule: string;
  readonly handler: string;
  readonly description: string;
}
export const schedules: readonly ScheduleDef[] = [
  {
    name: 'flash-sale-open-window', schedule: 'cron(0 * * * ? *)', handler: 'flash-sale/open-window', grants: ['table:write'],
    description: 'Every hour on the hour: open the flash-sale window with its units (idempotent)',
  },
  {
    name: 'flash-sale-reconcile', schedule: 'rate(1 minute)', handler: 'flash-sale/reconcile', grants: ['table:write'],
    description: 'Give back flash-sale units lost between claim steps; open a missed window',
  },
  {
    name: 'payment-reconciliation', schedule: 'rate(2 minutes)', handler: 'payments/reconcile', grants: ['table:write', 'payments:provider'],
    description: 'Re-check payments pending for over two minutes with the provider; retry pending refunds',
  },
  {
    name: 'order-expiry', schedule: 'rate(1 minute)', handler: 'orders/expire-orders', grants: ['table:write'],
    description: 'Expire unpaid orders past their payment deadline and release their stock',
  },
  {
    name: 'catalog-snapshot-refresh', schedule: 'rate(15 minutes)', handler: 'catalog/rebuild-snapshot',
    grants: ['table:read', 'catalogBucket:write'],
    description: 'Rebuild the search snapshot: catches a lost stream batch, and brings stock counts and best-seller ranks up to date',
  },
];

/** Subscriptions to domain events on the bus. */
export interface SubscriptionDef {
  readonly name: string;
  readonly grants?: readonly Grant[];
  readonly detailTypes: readonly string[];
  readonly handler: string;
  readonly description: string;
}
export const subscriptions: readonly SubscriptionDef[] = [
  {
    name: 'order-emails', handler: 'notifications/order-email', grants: ['table:write', 'notifications:send'],
    detailTypes: ['OrderCreated', 'OrderPaid', 'OrderShipped', 'OrderDelivered', 'OrderCancelled', 'OrderExpired'],
    description: 'Email the customer (pt-BR) about every change of their order',
  },
];

/** Consumers of the table's stream, filtered to items whose `entity` is listed. */
export interface StreamSubscriptionDef {
  readonly name: string;
  readonly entities: readonly string[];
  readonly handler: string;
  /** Seconds to gather records before invoking (debounces bursts of changes). */
  readonly batchWindowSeconds: number;
  readonly grants?: readonly Grant[];
  readonly description: string;
}
export const streamSubscriptions: readonly StreamSubscriptionDef[] = [
  {
    name: 'domain-events', entities: ['Order', 'Payment'], handler: 'orders/publish-events', batchWindowSeconds: 0, grants: ['events:put'],
    description: 'Publish a domain event for every order and payment status change (transactional outbox)',
  },
  {
    name: 'catalog-search-snapshot', entities: ['Product', 'Variant', 'Category'], handler: 'catalog/rebuild-snapshot',
    batchWindowSeconds: 2, grants: ['table:read', 'catalogBucket:write'],
    description: 'Rebuild the search snapshot after catalog changes (not after stock counts alone: a variant selling out or coming back does)',
  },
];

/** Cognito user pool triggers. */
export const cognitoTriggers = {
  customMessage: 'identity/cognito-custom-message',
} as const;

/** Every handler module named anywhere in the table (each becomes one function). */
export function allHandlers(): string[] {
  const names = new Set<string>([
    ...Object.values(routes).map((r) => r.handler),
    ...schedules.map((s) => s.handler),
    ...subscriptions.map((s) => s.handler),
    ...streamSubscriptions.map((s) => s.handler),
    ...Object.values(cognitoTriggers),
  ]);
  return [...names].sort();
}

export function splitRouteKey(key: string): { method: HttpMethod; path: string } {
  const [method, path] = key.split(' ');
  return { method: method as HttpMethod, path };
}
