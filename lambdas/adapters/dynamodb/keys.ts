/**
 * Key builders for the single table. Every access pattern and the key condition that serves it
 * is listed in docs/data-model.md; keep the two in step.
 *
 * One export per builder, imported as a namespace (`import * as keys from './keys.js'`): a bundle
 * then carries only the builders its code calls (an object of builders would carry them all).
 */
import { indexShard } from './index-shards.js';

export const user = (sub: string) => ({ PK: `USER#${sub}`, SK: 'PROFILE' });
export const userPartition = (sub: string) => `USER#${sub}`;
export const address = (sub: string, addressId: string) => ({ PK: `USER#${sub}`, SK: `ADDRESS#${addressId}` });
export const addressPrefix = 'ADDRESS#';
/** Per-user revocation marker: access tokens issued before `validAfterMs` are refused. */
export const tokenMarker = (sub: string) => ({ PK: `USER#${sub}`, SK: 'TOKENS' });
/** One item per login, keyed by a hash of its refresh token. */
export const session = (refreshTokenHash: string) => ({ PK: `SESSION#${refreshTokenHash}`, SK: 'SESSION' });

export const category = (id: string) => ({ PK: `CATEGORY#${id}`, SK: 'CATEGORY' });
export const categorySlug = (slug: string) => ({ PK: `CATEGORY_SLUG#${slug}`, SK: 'UNIQUE' });
/** All categories share one GSI1 partition (a store has hundreds, not millions). */
export const categoriesIndex = (slug: string) => ({ GSI1PK: 'CATEGORIES', GSI1SK: slug });
export const product = (id: string) => ({ PK: `PRODUCT#${id}`, SK: 'PRODUCT' });
export const productSlug = (slug: string) => ({ PK: `PRODUCT_SLUG#${slug}`, SK: 'UNIQUE' });
/** SKUs are unique across the catalog because the SKU is the item's key. */
export const variant = (sku: string) => ({ PK: `SKU#${sku}`, SK: 'VARIANT' });
/**
 * Products and their variants sort together in the `CATALOG#<n>` partitions of GSI1 (snapshot
 * builder); n is the product's shard, so a product and its variants share one shard.
 */
export const catalogIndexProduct = (productId: string) => ({ GSI1PK: `CATALOG#${indexShard(productId)}`, GSI1SK: `P#${productId}` });
export const catalogIndexVariant = (productId: string, sku: string) => ({ GSI1PK: `CATALOG#${indexShard(productId)}`, GSI1SK: `P#${productId}#V#${sku}` });
export const catalogPartition = (shard: number) => `CATALOG#${shard}`;
/** Variants of active products are in the `INVENTORY#<n>` partitions of GSI4 (n: the product's shard), sorted by the numeric `stock`. */
export const inventoryIndex = (productId: string) => ({ GSI4PK: `INVENTORY#${indexShard(productId)}` });
export const inventoryPartition = (shard: number) => `INVENTORY#${shard}`;
export const catalogSnapshotPointer = { PK: 'CATALOG_SNAPSHOT', SK: 'CURRENT' };

export const cartLine = (sub: string, sku: string) => ({ PK: `USER#${sub}`, SK: `CART#${sku}` });
export const cartPrefix = 'CART#';
export const cartCoupon = (sub: string) => ({ PK: `USER#${sub}`, SK: 'CART_COUPON' });
export const coupon = (code: string) => ({ PK: `COUPON#${code}`, SK: 'COUPON' });
export const couponUse = (code: string, sub: string) => ({ PK: `COUPON#${code}`, SK: `USER#${sub}` });
export const order = (id: string) => ({ PK: `ORDER#${id}`, SK: 'ORDER' });
/** GSI1: a customer's orders, newest first. */
export const customerOrdersIndex = (sub: string, createdAt: string, id: string) => ({ GSI1PK: `CUSTOMER#${sub}`, GSI1SK: `ORDER#${createdAt}#${id}` });
/** GSI2: orders by status and creation time (admin lists), in the order's shard `ORDERS#<status>#<n>`. */
export const ordersByStatusIndex = (status: string, createdAt: string, id: string) => ({ GSI2PK: `ORDERS#${status}#${indexShard(id)}`, GSI2SK: `${createdAt}#${id}` });
/** The GSI2PK an order of this id has in this status (status changes rewrite it). */
export const ordersByStatusKey = (status: string, orderId: string) => `ORDERS#${status}#${indexShard(orderId)}`;
export const ordersByStatusPartition = (status: string, shard: number) => `ORDERS#${status}#${shard}`;
/** GSI3 (sparse, only while PENDING_PAYMENT): orders by payment deadline in `PAYMENT_DUE#<n>`, for the expiry sweeper. */
export const paymentDueIndex = (deadline: string, id: string) => ({ GSI3PK: `PAYMENT_DUE#${indexShard(id)}`, GSI3SK: `${deadline}#${id}` });
export const paymentDuePartition = (shard: number) => `PAYMENT_DUE#${shard}`;

/** Payments live in their order's partition, so an order's attempts are one Query. */
export const payment = (orderId: string, paymentId: string) => ({ PK: `ORDER#${orderId}`, SK: `PAYMENT#${paymentId}` });
/** GSI3: a payment by the provider's id (webhooks name only that). */
export const providerPaymentIndex = (provider: string, providerPaymentId: string) => ({ GSI3PK: `PROVIDER_PAYMENT#${provider}#${providerPaymentId}`, GSI3SK: 'PAYMENT' });
/** GSI2 (sparse, only while PENDING or REFUND_PENDING): payments for the reconciler, in `PAYMENTS#UNSETTLED#<n>`. */
export const unsettledPaymentIndex = (createdAt: string, paymentId: string) => ({ GSI2PK: `PAYMENTS#UNSETTLED#${indexShard(paymentId)}`, GSI2SK: `${createdAt}#${paymentId}` });
export const unsettledPaymentsPartition = (shard: number) => `PAYMENTS#UNSETTLED#${shard}`;
/** One marker per message sent: `<eventId>#<channel>` (at most once per event and channel). */
export const notification = (dedupeKey: string) => ({ PK: `NOTIFICATION#${dedupeKey}`, SK: 'NOTIFICATION' });
/** A customer's notification preferences, next to their profile. */
export const notificationPreferences = (sub: string) => ({ PK: `USER#${sub}`, SK: 'NOTIFICATION_PREFERENCES' });
/** The Pix reminder of one payment was enqueued (at most one per payment). */
export const pixReminder = (orderId: string, paymentId: string) => ({ PK: `ORDER#${orderId}`, SK: `PIX_REMINDER#${paymentId}` });
export const webhookDelivery = (provider: string, deliveryId: string) => ({ PK: `WEBHOOK#${provider}#${deliveryId}`, SK: 'DELIVERY' });

export const flashSale = (id: string) => ({ PK: `FLASH_SALE#${id}`, SK: 'CONFIG' });
export const flashSalesIndex = (startsAt: string, id: string) => ({ GSI1PK: 'FLASH_SALES', GSI1SK: `${startsAt}#${id}` });
export const flashWindow = (saleId: string, windowStart: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: 'WINDOW' });
export const flashWindowsIndex = (saleId: string, windowStart: string) => ({ GSI1PK: `FLASH_WINDOWS#${saleId}`, GSI1SK: windowStart });
/** Each shard has its own partition key, so shards spread the window's writes over partitions. */
export const flashShard = (saleId: string, windowStart: string, shard: number) => ({ PK: `FLASH_SHARD#${saleId}#${windowStart}#${shard}`, SK: 'SHARD' });
/** One marker per customer, window and slot (slot < perCustomerLimit); its own partition too. */
export const flashClaim = (saleId: string, windowStart: string, userId: string, slot: number) => ({ PK: `FLASH_CLAIM#${saleId}#${windowStart}#${userId}#${slot}`, SK: 'CLAIM' });
export const flashReconciliation = (saleId: string, windowStart: string, at: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: `RECONCILED#${at}` });

/**
 * Orders by customer live on GSI1 (`GSI1PK = CUSTOMER#<sub>`, `GSI1SK = ORDER#<createdAt>#<id>`).
 * Declared here so account deletion can check for open orders before the orders module exists.
 */
export const customerOrdersKey = (sub: string) => `CUSTOMER#${sub}`;
