/**
 * Key builders for the single table. Every access pattern and the key condition that serves it
 * is listed in docs/data-model.md; keep the two in step.
 */

/**
 * How many partitions each formerly constant GSI partition key is spread over (`ORDERS#<status>`,
 * `PAYMENT_DUE`, `PAYMENTS#UNSETTLED`, `CATALOG`, `INVENTORY`): each becomes `<key>#<0..N-1>`, and
 * each shard is its own index partition (~1,000 WCU/s), so these keys take N times the writes.
 * Readers query every shard in parallel and merge (lambdas/adapters/dynamodb/sharded-query.ts).
 *
 * Changing this number re-keys every item that carries one of these keys: items written under the
 * old count sit in shards readers no longer query (or in the wrong one). A change needs a migration
 * that rewrites those GSI keys (and invalidates outstanding cursors, which record one position per
 * shard and are refused when the count differs).
 */
export const INDEX_SHARDS = 10;

/**
 * The shard of an item: FNV-1a (32-bit) of the UTF-8 bytes of its own id, mod INDEX_SHARDS. Stable
 * across processes and runtimes (no random seed), so every writer of an item's keys agrees. Orders
 * and payments use their own id; products and their variants use the product id.
 */
export function indexShard(id: string, shards: number = INDEX_SHARDS): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(id, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** 0 .. INDEX_SHARDS-1, for readers that query every shard. */
export const allShards = (): number[] => Array.from({ length: INDEX_SHARDS }, (_, i) => i);

export const keys = {
  user: (sub: string) => ({ PK: `USER#${sub}`, SK: 'PROFILE' }),
  userPartition: (sub: string) => `USER#${sub}`,
  address: (sub: string, addressId: string) => ({ PK: `USER#${sub}`, SK: `ADDRESS#${addressId}` }),
  addressPrefix: 'ADDRESS#',
  /** Per-user revocation marker: access tokens issued before `validAfterMs` are refused. */
  tokenMarker: (sub: string) => ({ PK: `USER#${sub}`, SK: 'TOKENS' }),
  /** One item per login, keyed by a hash of its refresh token. */
  session: (refreshTokenHash: string) => ({ PK: `SESSION#${refreshTokenHash}`, SK: 'SESSION' }),

  category: (id: string) => ({ PK: `CATEGORY#${id}`, SK: 'CATEGORY' }),
  categorySlug: (slug: string) => ({ PK: `CATEGORY_SLUG#${slug}`, SK: 'UNIQUE' }),
  /** All categories share one GSI1 partition (a store has hundreds, not millions). */
  categoriesIndex: (slug: string) => ({ GSI1PK: 'CATEGORIES', GSI1SK: slug }),
  product: (id: string) => ({ PK: `PRODUCT#${id}`, SK: 'PRODUCT' }),
  productSlug: (slug: string) => ({ PK: `PRODUCT_SLUG#${slug}`, SK: 'UNIQUE' }),
  /** SKUs are unique across the catalog because the SKU is the item's key. */
  variant: (sku: string) => ({ PK: `SKU#${sku}`, SK: 'VARIANT' }),
  /**
   * Products and their variants sort together in the `CATALOG#<n>` partitions of GSI1 (snapshot
   * builder); n is the product's shard, so a product and its variants share one shard.
   */
  catalogIndexProduct: (productId: string) => ({ GSI1PK: `CATALOG#${indexShard(productId)}`, GSI1SK: `P#${productId}` }),
  catalogIndexVariant: (productId: string, sku: string) => ({ GSI1PK: `CATALOG#${indexShard(productId)}`, GSI1SK: `P#${productId}#V#${sku}` }),
  catalogPartition: (shard: number) => `CATALOG#${shard}`,
  /** Variants of active products are in the `INVENTORY#<n>` partitions of GSI4 (n: the product's shard), sorted by the numeric `stock`. */
  inventoryIndex: (productId: string) => ({ GSI4PK: `INVENTORY#${indexShard(productId)}` }),
  inventoryPartition: (shard: number) => `INVENTORY#${shard}`,
  catalogSnapshotPointer: { PK: 'CATALOG_SNAPSHOT', SK: 'CURRENT' },

  cartLine: (sub: string, sku: string) => ({ PK: `USER#${sub}`, SK: `CART#${sku}` }),
  cartPrefix: 'CART#',
  cartCoupon: (sub: string) => ({ PK: `USER#${sub}`, SK: 'CART_COUPON' }),
  coupon: (code: string) => ({ PK: `COUPON#${code}`, SK: 'COUPON' }),
  couponUse: (code: string, sub: string) => ({ PK: `COUPON#${code}`, SK: `USER#${sub}` }),
  order: (id: string) => ({ PK: `ORDER#${id}`, SK: 'ORDER' }),
  /** GSI1: a customer's orders, newest first. */
  customerOrdersIndex: (sub: string, createdAt: string, id: string) => ({ GSI1PK: `CUSTOMER#${sub}`, GSI1SK: `ORDER#${createdAt}#${id}` }),
  /** GSI2: orders by status and creation time (admin lists), in the order's shard `ORDERS#<status>#<n>`. */
  ordersByStatusIndex: (status: string, createdAt: string, id: string) => ({ GSI2PK: `ORDERS#${status}#${indexShard(id)}`, GSI2SK: `${createdAt}#${id}` }),
  /** The GSI2PK an order of this id has in this status (status changes rewrite it). */
  ordersByStatusKey: (status: string, orderId: string) => `ORDERS#${status}#${indexShard(orderId)}`,
  ordersByStatusPartition: (status: string, shard: number) => `ORDERS#${status}#${shard}`,
  /** GSI3 (sparse, only while PENDING_PAYMENT): orders by payment deadline in `PAYMENT_DUE#<n>`, for the expiry sweeper. */
  paymentDueIndex: (deadline: string, id: string) => ({ GSI3PK: `PAYMENT_DUE#${indexShard(id)}`, GSI3SK: `${deadline}#${id}` }),
  paymentDuePartition: (shard: number) => `PAYMENT_DUE#${shard}`,

  /** Payments live in their order's partition, so an order's attempts are one Query. */
  payment: (orderId: string, paymentId: string) => ({ PK: `ORDER#${orderId}`, SK: `PAYMENT#${paymentId}` }),
  /** GSI3: a payment by the provider's id (webhooks name only that). */
  providerPaymentIndex: (provider: string, providerPaymentId: string) => ({ GSI3PK: `PROVIDER_PAYMENT#${provider}#${providerPaymentId}`, GSI3SK: 'PAYMENT' }),
  /** GSI2 (sparse, only while PENDING or REFUND_PENDING): payments for the reconciler, in `PAYMENTS#UNSETTLED#<n>`. */
  unsettledPaymentIndex: (createdAt: string, paymentId: string) => ({ GSI2PK: `PAYMENTS#UNSETTLED#${indexShard(paymentId)}`, GSI2SK: `${createdAt}#${paymentId}` }),
  unsettledPaymentsPartition: (shard: number) => `PAYMENTS#UNSETTLED#${shard}`,
  webhookDelivery: (provider: string, deliveryId: string) => ({ PK: `WEBHOOK#${provider}#${deliveryId}`, SK: 'DELIVERY' }),

  flashSale: (id: string) => ({ PK: `FLASH_SALE#${id}`, SK: 'CONFIG' }),
  flashSalesIndex: (startsAt: string, id: string) => ({ GSI1PK: 'FLASH_SALES', GSI1SK: `${startsAt}#${id}` }),
  flashWindow: (saleId: string, windowStart: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: 'WINDOW' }),
  flashWindowsIndex: (saleId: string, windowStart: string) => ({ GSI1PK: `FLASH_WINDOWS#${saleId}`, GSI1SK: windowStart }),
  /** Each shard has its own partition key, so shards spread the window's writes over partitions. */
  flashShard: (saleId: string, windowStart: string, shard: number) => ({ PK: `FLASH_SHARD#${saleId}#${windowStart}#${shard}`, SK: 'SHARD' }),
  /** One marker per customer, window and slot (slot < perCustomerLimit); its own partition too. */
  flashClaim: (saleId: string, windowStart: string, userId: string, slot: number) => ({ PK: `FLASH_CLAIM#${saleId}#${windowStart}#${userId}#${slot}`, SK: 'CLAIM' }),
  flashReconciliation: (saleId: string, windowStart: string, at: string) => ({ PK: `FLASH_WINDOW#${saleId}#${windowStart}`, SK: `RECONCILED#${at}` }),
} as const;

/**
 * Orders by customer live on GSI1 (`GSI1PK = CUSTOMER#<sub>`, `GSI1SK = ORDER#<createdAt>#<id>`).
 * Declared here so account deletion can check for open orders before the orders module exists.
 */
export const customerOrdersKey = (sub: string) => `CUSTOMER#${sub}`;
