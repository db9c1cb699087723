/**
 * Key builders for the single table. Every access pattern and the key condition that serves it
 * is listed in docs/data-model.md; keep the two in step.
 *
 * One export per builder, imported as a namespace (`import * as keys from './keys.js'`): a bundle
 * then carries only the builders its code calls (an object of builders would carry them all).
 */
import type { CursorShape } from './client.js';
import { indexShard } from './index-shards.js';

/**
 * The table's overloaded global secondary indexes (lib/table-definition.ts creates them from
 * these names; docs/data-model.md lists what each serves).
 */
export const GSI1 = 'GSI1';
export const GSI2 = 'GSI2';
export const GSI3 = 'GSI3';
/** Sorted by the numeric `stock`. */
export const GSI4 = 'GSI4';

export const user = (sub: string) => ({ PK: `USER#${sub}`, SK: 'PROFILE' });
export const userPartition = (sub: string) => `USER#${sub}`;
export const address = (sub: string, addressId: string) => ({ PK: `USER#${sub}`, SK: `ADDRESS#${addressId}` });
export const addressPrefix = 'ADDRESS#';
/** A cursor of a user's address list: a position in that user's own partition only. */
export const addressesCursor = (sub: string): CursorShape => ({ PK: { is: userPartition(sub) }, SK: { startsWith: addressPrefix } });
/**
 * Customer search (docs/data-model.md "Customer search"): one item per index term of a profile,
 * written with the profile. The term's first two characters pick the partition, so a prefix query
 * (at least two characters) reads one partition and the entries spread over many.
 */
export const customerSearchPartition = (kind: string, term: string) => `CUSTOMER_SEARCH#${kind}#${term.slice(0, 2)}`;
export const customerSearch = (kind: string, term: string, sub: string) => ({ PK: customerSearchPartition(kind, term), SK: `${term}#${sub}` });
/** A cursor of a customer search: a position in the query's own partition, under its term. */
export const customerSearchCursor = (kind: string, term: string): CursorShape => ({ PK: { is: customerSearchPartition(kind, term) }, SK: { startsWith: term } });
/** A customer's lifetime counters (orders placed, paid, paid and refunded cents), kept by the sales-aggregates consumer. */
export const customerLifetime = (sub: string) => ({ PK: `USER#${sub}`, SK: 'LIFETIME' });
/** Per-user revocation marker: access tokens issued before `validAfterMs` are refused. */
export const tokenMarker = (sub: string) => ({ PK: `USER#${sub}`, SK: 'TOKENS' });
/**
 * The admin roster (docs/decisions.md "Admin roles"): one item whose `members` map (user id ->
 * {grantedAt, grantedBy}) is the source of truth for who is an admin; grants and revocations are
 * conditional writes on it, so two admins revoking each other cannot both succeed.
 */
export const adminRoster = { PK: 'ADMINS', SK: 'ROSTER' };
/** One audit entry per admin-role change, newest last: one partition (changes are rare). */
export const adminAuditPartition = 'ADMIN_AUDIT';
export const adminAudit = (at: string, id: string) => ({ PK: adminAuditPartition, SK: `${at}#${id}` });
/** A cursor of the admin audit list: a position in its own partition only. */
export const adminAuditCursor: CursorShape = { PK: { is: adminAuditPartition }, SK: { startsWith: '' } };
/** One item per login, keyed by a hash of its refresh token. */
export const session = (refreshTokenHash: string) => ({ PK: `SESSION#${refreshTokenHash}`, SK: 'SESSION' });

export const category = (id: string) => ({ PK: `CATEGORY#${id}`, SK: 'CATEGORY' });
export const categorySlug = (slug: string) => ({ PK: `CATEGORY_SLUG#${slug}`, SK: 'UNIQUE' });
/** All categories share one GSI1 partition (a store has hundreds, not millions). */
export const categoriesPartition = 'CATEGORIES';
export const categoriesIndex = (slug: string) => ({ GSI1PK: categoriesPartition, GSI1SK: slug });
export const product = (id: string) => ({ PK: `PRODUCT#${id}`, SK: 'PRODUCT' });
/** A product image's renditions (the image pipeline's only item), in the product's partition; `urlHash`: sha-256 hex of the original URL. */
export const productImageSet = (productId: string, urlHash: string) => ({ PK: `PRODUCT#${productId}`, SK: `IMAGE#${urlHash}` });
export const productImageSetPrefix = 'IMAGE#';
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
/** Sorts right after the cart lines (`#` < `_`), so one range query reads the whole cart. */
export const cartCouponSk = 'CART_COUPON';
export const cartCoupon = (sub: string) => ({ PK: `USER#${sub}`, SK: cartCouponSk });
/** The order the cart last became; sorts after the coupon (`C` < `O`), so the cart's range query reads it too. */
/** The cart's latest carrier quote; sorts between CART_COUPON and CART_ORDER, so the cart's one Query reads it. */
export const cartFreight = (sub: string) => ({ PK: `USER#${sub}`, SK: 'CART_FREIGHT' });
export const cartOrderSk = 'CART_ORDER';
export const cartOrder = (sub: string) => ({ PK: `USER#${sub}`, SK: cartOrderSk });
export const coupon = (code: string) => ({ PK: `COUPON#${code}`, SK: 'COUPON' });
export const couponUse = (code: string, sub: string) => ({ PK: `COUPON#${code}`, SK: `USER#${sub}` });
/** GSI1: every coupon by code (a store has hundreds; admin list). */
export const couponsPartition = 'COUPONS';
export const couponsIndex = (code: string) => ({ GSI1PK: couponsPartition, GSI1SK: code });
/** A cursor of the coupon list (GSI1): a position in the `COUPONS` partition only. */
export const couponsCursor: CursorShape = { PK: { startsWith: 'COUPON#' }, SK: { is: 'COUPON' }, GSI1PK: { is: couponsPartition }, GSI1SK: { startsWith: '' } };
/** How many orders a customer placed at checkout (`ordersPlaced`), counted in each order's transaction: first-purchase coupons. */
export const purchases = (sub: string) => ({ PK: `USER#${sub}`, SK: 'PURCHASES' });
export const order = (id: string) => ({ PK: `ORDER#${id}`, SK: 'ORDER' });
/** GSI1: a customer's orders, newest first. */
export const customerOrdersKey = (sub: string) => `CUSTOMER#${sub}`;
export const customerOrdersPrefix = 'ORDER#';
export const customerOrdersIndex = (sub: string, createdAt: string, id: string) => ({ GSI1PK: customerOrdersKey(sub), GSI1SK: `${customerOrdersPrefix}${createdAt}#${id}` });
/** The GSI1SK bounds of a customer's orders created from..to (canonical ISO times; `to` also covers the ids after its timestamp). */
export const customerOrdersBetween = (from: string | undefined, to: string | undefined): [string, string] =>
  [`${customerOrdersPrefix}${from ?? '0000'}`, `${customerOrdersPrefix}${to ?? '9999'}~`];
/** A cursor of a customer's order list (GSI1): a position in that customer's own partition only, and inside the range when the list has one. */
export const customerOrdersCursor = (sub: string, between?: readonly [string, string]): CursorShape => ({
  PK: { startsWith: 'ORDER#' }, SK: { is: 'ORDER' }, GSI1PK: { is: customerOrdersKey(sub) }, GSI1SK: between ? { between } : { startsWith: customerOrdersPrefix },
});
/** GSI2: orders by status and creation time (admin lists), in the order's shard `ORDERS#<status>#<n>`. */
export const ordersByStatusIndex = (status: string, createdAt: string, id: string) => ({ GSI2PK: `ORDERS#${status}#${indexShard(id)}`, GSI2SK: `${createdAt}#${id}` });
/** The GSI2PK an order of this id has in this status (status changes rewrite it). */
export const ordersByStatusKey = (status: string, orderId: string) => `ORDERS#${status}#${indexShard(orderId)}`;
export const ordersByStatusPartition = (status: string, shard: number) => `ORDERS#${status}#${shard}`;
/** GSI3 (sparse, only while PENDING_PAYMENT): orders by payment deadline in `PAYMENT_DUE#<n>`, for the expiry sweeper. */
export const paymentDueIndex = (deadline: string, id: string) => ({ GSI3PK: `PAYMENT_DUE#${indexShard(id)}`, GSI3SK: `${deadline}#${id}` });
export const paymentDuePartition = (shard: number) => `PAYMENT_DUE#${shard}`;

/** Payments live in their order's partition, so an order's attempts are one Query. */
export const paymentPrefix = 'PAYMENT#';
export const payment = (orderId: string, paymentId: string) => ({ PK: `ORDER#${orderId}`, SK: `${paymentPrefix}${paymentId}` });
/** The order's payment-attempt slot (one attempt charging at a time, one live at the provider); not under `PAYMENT#`, so never listed as a payment. */
export const paymentAttempt = (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'PAYMENT_ATTEMPT' });
/** GSI3: a payment by the provider's id (webhooks name only that). */
export const providerPaymentIndex = (provider: string, providerPaymentId: string) => ({ GSI3PK: `PROVIDER_PAYMENT#${provider}#${providerPaymentId}`, GSI3SK: 'PAYMENT' });
/** GSI2 (sparse, only while PENDING or REFUND_PENDING): payments for the reconciler, in `PAYMENTS#UNSETTLED#<n>`. */
export const unsettledPaymentIndex = (createdAt: string, paymentId: string) => ({ GSI2PK: `PAYMENTS#UNSETTLED#${indexShard(paymentId)}`, GSI2SK: `${createdAt}#${paymentId}` });
export const unsettledPaymentsPartition = (shard: number) => `PAYMENTS#UNSETTLED#${shard}`;
/** Shipments (logistics) live in their order's partition; their events under the shipment, so one Query lists both. */
export const shipmentPrefix = 'SHIPMENT#';
export const shipment = (orderId: string, shipmentId: string) => ({ PK: `ORDER#${orderId}`, SK: `${shipmentPrefix}${shipmentId}` });
/** One item per carrier tracking event: its key is the event's deduplication marker. */
export const shipmentEvent = (orderId: string, shipmentId: string, eventId: string) => ({ PK: `ORDER#${orderId}`, SK: `${shipmentPrefix}${shipmentId}#EVENT#${eventId}` });
/** The order's shipment slot (one shipment per order), taken before the carrier is called; not under `SHIPMENT#`. */
export const shipmentSlot = (orderId: string) => ({ PK: `ORDER#${orderId}`, SK: 'SHIPMENT_SLOT' });
/** GSI3: a shipment by the carrier's id (tracking webhooks name only that). */
export const carrierShipmentIndex = (carrier: string, carrierShipmentId: string) => ({ GSI3PK: `CARRIER_SHIPMENT#${carrier}#${carrierShipmentId}`, GSI3SK: 'SHIPMENT' });
/** The sandbox carrier's own state (local stack and test stages only): a label per idempotency key. */
export const sandboxShipment = (carrierShipmentId: string) => ({ PK: `SANDBOX#SHIPMENT#${carrierShipmentId}`, SK: 'SHIPMENT' });
/** One marker per message sent: `<eventId>#<channel>` (at most once per event and channel). */
export const notification = (dedupeKey: string) => ({ PK: `NOTIFICATION#${dedupeKey}`, SK: 'NOTIFICATION' });
/** A customer's notification preferences, next to their profile. */
export const notificationPreferences = (sub: string) => ({ PK: `USER#${sub}`, SK: 'NOTIFICATION_PREFERENCES' });
/** The Pix reminder of one payment was enqueued (at most one per payment). */
export const pixReminder = (orderId: string, paymentId: string) => ({ PK: `ORDER#${orderId}`, SK: `PIX_REMINDER#${paymentId}` });
export const webhookDelivery = (provider: string, deliveryId: string) => ({ PK: `WEBHOOK#${provider}#${deliveryId}`, SK: 'DELIVERY' });
/** One idempotency record per (route, caller, key): its own partition, so records spread. */
/** Integrator webhooks: every endpoint in one partition (a store has a handful; fan-out reads them all with one Query). */
export const webhookEndpointsPartition = 'HOOK_ENDPOINTS';
export const webhookEndpointPrefix = 'ENDPOINT#';
export const webhookEndpoint = (id: string) => ({ PK: webhookEndpointsPartition, SK: `${webhookEndpointPrefix}${id}` });
/** One delivery of one event to one endpoint, in the endpoint's partition. */
export const integratorDelivery = (endpointId: string, id: string) => ({ PK: `HOOK#${endpointId}`, SK: `DELIVERY#${id}` });
/** GSI1: an endpoint's deliveries, newest first. */
export const endpointDeliveriesKey = (endpointId: string) => `HOOK#${endpointId}#DELIVERIES`;
export const endpointDeliveriesIndex = (endpointId: string, createdAt: string, id: string) => ({ GSI1PK: endpointDeliveriesKey(endpointId), GSI1SK: `${createdAt}#${id}` });
/** A cursor of an endpoint's delivery list (GSI1): a position in that endpoint's own partition only. */
export const endpointDeliveriesCursor = (endpointId: string): CursorShape => ({
  PK: { is: `HOOK#${endpointId}` }, SK: { startsWith: 'DELIVERY#' }, GSI1PK: { is: endpointDeliveriesKey(endpointId) }, GSI1SK: { startsWith: '' },
});
/** GSI2 (sparse): pending deliveries by next attempt time; removed once delivered or failed. */
export const dueDeliveriesPartition = 'HOOK_DUE';
export const dueDeliveryIndex = (nextAttemptAt: string, endpointId: string, id: string) => ({ GSI2PK: dueDeliveriesPartition, GSI2SK: `${nextAttemptAt}#${endpointId}#${id}` });

export const idempotency = (scope: string) => ({ PK: `IDEMPOTENCY#${scope}`, SK: 'IDEMPOTENCY' });
/** The sandbox payment gateway's own state (local stack and test stages only). */
export const sandboxPayment = (providerPaymentId: string) => ({ PK: `SANDBOX#PAYMENT#${providerPaymentId}`, SK: 'PAYMENT' });
export const sandboxCardToken = (token: string) => ({ PK: `SANDBOX#CARD#${token}`, SK: 'TOKEN' });
export const sandboxIdempotency = (key: string) => ({ PK: `SANDBOX#IDEMPOTENCY#${key}`, SK: 'KEY' });
/** GSI1: the sandbox's charges for one of our orders (what the local stack shows as "charges made"). */
export const sandboxOrderCharges = (orderId: string) => `SANDBOX#ORDER#${orderId}`;
export const sandboxChargesOfOrder = (orderId: string, providerId: string) => ({ GSI1PK: sandboxOrderCharges(orderId), GSI1SK: providerId });

export const flashSale = (id: string) => ({ PK: `FLASH_SALE#${id}`, SK: 'CONFIG' });
export const flashSalesPartition = 'FLASH_SALES';
export const flashSalesIndex = (startsAt: string, id: string) => ({ GSI1PK: flashSalesPartition, GSI1SK: `${startsAt}#${id}` });
export const flashWindow = (saleId: string, windowStart: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: 'WINDOW' });
export const flashWindowsPartition = (saleId: string) => `FLASH_WINDOWS#${saleId}`;
export const flashWindowsIndex = (saleId: string, windowStart: string) => ({ GSI1PK: flashWindowsPartition(saleId), GSI1SK: windowStart });
/** Each shard has its own partition key, so shards spread the window's writes over partitions. */
export const flashShard = (saleId: string, windowStart: string, shard: number) => ({ PK: `FLASH_SHARD#${saleId}#${windowStart}#${shard}`, SK: 'SHARD' });
/** One marker per customer, window and slot (slot < perCustomerLimit); its own partition too. */
export const flashClaim = (saleId: string, windowStart: string, userId: string, slot: number) => ({ PK: `FLASH_CLAIM#${saleId}#${windowStart}#${userId}#${slot}`, SK: 'CLAIM' });
export const flashReconciliation = (saleId: string, windowStart: string, at: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: `RECONCILED#${at}` });
/** A closed window's unsold-units notice (at most one per window; its stream record is the admins' FlashSaleWindowUnsold). */
export const flashWindowUnsold = (saleId: string, windowStart: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: 'UNSOLD' });

/**
 * The unsharded index partitions items had before the index keys were sharded
 * (migrate-index-shards.ts moves each item to `<old>#<n>`, which is what the builders above write).
 */
/**
 * Live-tracking WebSocket connections (lambdas/adapters/dynamodb/connections.ts): the connection by
 * its id ($disconnect knows nothing else), a copy in its user's partition (pushes to the owner of
 * an order, closing on logout) and, for `?feed=admin`, a copy in the admin feed's partition.
 */
export const connection = (connectionId: string) => ({ PK: `CONN#${connectionId}`, SK: 'CONNECTION' });
export const userConnection = (sub: string, connectionId: string) => ({ PK: `USER#${sub}`, SK: `CONN#${connectionId}` });
export const adminFeedConnection = (connectionId: string) => ({ PK: 'ADMIN_FEED', SK: `CONN#${connectionId}` });
export const adminFeedPartition = 'ADMIN_FEED';
export const connectionPrefix = 'CONN#';

export const legacyIndexPartitions = {
  ordersByStatus: (status: string) => `ORDERS#${status}`,
  paymentDue: 'PAYMENT_DUE',
  unsettledPayments: 'PAYMENTS#UNSETTLED',
  catalog: 'CATALOG',
  inventory: 'INVENTORY',
} as const;
export const shardOfLegacyPartition = (legacy: string, shard: number) => `${legacy}#${shard}`;

/**
 * Sales aggregates (lambdas/adapters/dynamodb/reports.ts, docs/reports.md). The whole-store day is
 * written to one of `STORE_SALES_SHARDS` shard partitions (the hot key on Black Friday) and summed
 * on read; every other dimension has one partition per day, one item per value.
 */
export const STORE_SALES_SHARDS = 8;
export const storeSalesPartition = (shard: number) => `SALES#STORE#${shard}`;
export const storeSalesDay = (shard: number, day: string) => ({ PK: storeSalesPartition(shard), SK: day });
export const dimensionSalesPartition = (dimension: string, day: string) => `SALES#${dimension}#${day}`;
export const dimensionSalesDay = (dimension: string, day: string, value: string) => ({ PK: dimensionSalesPartition(dimension, day), SK: value });
/** One marker per counted fact (and part of it, when its increments take more than one transaction). */
export const reportFact = (factId: string, part: number) => ({ PK: `REPORT_FACT#${factId}#${part}`, SK: 'FACT' });
/** When each flash-sale shard first ran out by a claim (the flash-sale report's time to sell out): one partition per sale. */
export const flashSellOutPartition = (saleId: string) => `SALES#FLASH#${saleId}`;
export const flashShardSoldOut = (saleId: string, windowStart: string, shard: number) => ({ PK: flashSellOutPartition(saleId), SK: `${windowStart}#${shard}` });

/**
 * Catalog collection (lambdas/adapters/dynamodb/collection.ts, docs/data-model.md). URLs in keys
 * are SHA-256 hex digests (a URL may be 2 KB, and a key part must stay short).
 */
export const collectionSourcesPartition = 'COLLECTION_SOURCES';
export const collectionSourcePrefix = 'SOURCE#';
export const collectionSource = (id: string) => ({ PK: collectionSourcesPartition, SK: `${collectionSourcePrefix}${id}` });
/** GSI2 (sparse, enabled sources only): sources by next run time, for the tick. */
export const collectionDuePartition = 'COLLECTION_DUE';
export const collectionDueIndex = (nextRunAt: string, id: string) => ({ GSI2PK: collectionDuePartition, GSI2SK: `${nextRunAt}#${id}` });
/** A source's runs, newest first (run ids are ULIDs). */
export const collectionRunsPartition = (sourceId: string) => `COLLECTION_SOURCE#${sourceId}`;
export const collectionRunPrefix = 'RUN#';
export const collectionRun = (sourceId: string, runId: string) => ({ PK: collectionRunsPartition(sourceId), SK: `${collectionRunPrefix}${runId}` });
export const collectionRunsCursor = (sourceId: string): CursorShape => ({ PK: { is: collectionRunsPartition(sourceId) }, SK: { startsWith: collectionRunPrefix } });
/** GSI2 (sparse, RUNNING runs only): runs by deadline, for the tick's sweep of runs whose worker was lost. */
export const collectionRunningPartition = 'COLLECTION_RUNNING';
export const collectionRunningIndex = (deadline: string, sourceId: string, runId: string) => ({ GSI2PK: collectionRunningPartition, GSI2SK: `${deadline}#${sourceId}#${runId}` });
/** One marker per page counted into a run (a redelivered message counts nothing twice). */
export const collectionRunPage = (runId: string, urlHash: string) => ({ PK: `COLLECTION_RUN#${runId}`, SK: `PAGE#${urlHash}` });
/** A host's politeness record: the one fetch in flight, when the next may start, its robots.txt. */
export const collectionHost = (host: string) => ({ PK: `COLLECTION_HOST#${host}`, SK: 'HOST' });
/** The validators (ETag, Last-Modified) of a URL's last fetch. */
export const collectionPageCache = (urlHash: string) => ({ PK: `COLLECTION_PAGE#${urlHash}`, SK: 'CACHE' });
export const collectionItem = (id: string) => ({ PK: `COLLECTION_ITEM#${id}`, SK: 'ITEM' });
/** GSI1: collected items by status, most recently changed first. */
export const collectionItemsKey = (status: string) => `COLLECTION_ITEMS#${status}`;
export const collectionItemsIndex = (status: string, updatedAt: string, id: string) => ({ GSI1PK: collectionItemsKey(status), GSI1SK: `${updatedAt}#${id}` });
export const collectionItemsCursor = (status: string): CursorShape => ({
  PK: { startsWith: 'COLLECTION_ITEM#' }, SK: { is: 'ITEM' }, GSI1PK: { is: collectionItemsKey(status) }, GSI1SK: { startsWith: '' },
});
/** An item's lookup key (GTIN, canonical URL digest, or `<host>#<source SKU>` digest) -> its id; unique. */
export const collectionItemKey = (kind: string, value: string) => ({ PK: `COLLECTION_KEY#${kind}#${value}`, SK: 'KEY' });
/** Tax rate tables (Lei 12.741/2012): one immutable item per version, and the pointer to the current one. */
export const taxTablesPartition = 'TAX_TABLES';
export const taxTableVersionPrefix = 'VERSION#';
export const taxTableVersion = (version: string) => ({ PK: taxTablesPartition, SK: `${taxTableVersionPrefix}${version}` });
export const taxTableCurrent = { PK: taxTablesPartition, SK: 'CURRENT' };
