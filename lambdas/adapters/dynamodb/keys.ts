/**
 * Key builders for the single table. Every access pattern and the key condition that serves it
 * is listed in docs/data-model.md; keep the two in step.
 */
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
  /** Products and their variants sort together in the CATALOG partition of GSI1 (snapshot builder). */
  catalogIndexProduct: (productId: string) => ({ GSI1PK: 'CATALOG', GSI1SK: `P#${productId}` }),
  catalogIndexVariant: (productId: string, sku: string) => ({ GSI1PK: 'CATALOG', GSI1SK: `P#${productId}#V#${sku}` }),
  /** Variants of active products are in the INVENTORY partition of GSI4, sorted by the numeric `stock`. */
  inventoryPartition: 'INVENTORY',
  catalogSnapshotPointer: { PK: 'CATALOG_SNAPSHOT', SK: 'CURRENT' },

  cartLine: (sub: string, sku: string) => ({ PK: `USER#${sub}`, SK: `CART#${sku}` }),
  cartPrefix: 'CART#',
  cartCoupon: (sub: string) => ({ PK: `USER#${sub}`, SK: 'CART_COUPON' }),
  coupon: (code: string) => ({ PK: `COUPON#${code}`, SK: 'COUPON' }),
  couponUse: (code: string, sub: string) => ({ PK: `COUPON#${code}`, SK: `USER#${sub}` }),
  order: (id: string) => ({ PK: `ORDER#${id}`, SK: 'ORDER' }),
  /** GSI1: a customer's orders, newest first. */
  customerOrdersIndex: (sub: string, createdAt: string, id: string) => ({ GSI1PK: `CUSTOMER#${sub}`, GSI1SK: `ORDER#${createdAt}#${id}` }),
  /** GSI2: orders by status and creation time (admin lists). */
  ordersByStatusIndex: (status: string, createdAt: string, id: string) => ({ GSI2PK: `ORDERS#${status}`, GSI2SK: `${createdAt}#${id}` }),
  /** GSI3 (sparse, only while PENDING_PAYMENT): orders by payment deadline, for the expiry sweeper. */
  paymentDueIndex: (deadline: string, id: string) => ({ GSI3PK: 'PAYMENT_DUE', GSI3SK: `${deadline}#${id}` }),

  /** Payments live in their order's partition, so an order's attempts are one Query. */
  payment: (orderId: string, paymentId: string) => ({ PK: `ORDER#${orderId}`, SK: `PAYMENT#${paymentId}` }),
  /** GSI3: a payment by the provider's id (webhooks name only that). */
  providerPaymentIndex: (provider: string, providerPaymentId: string) => ({ GSI3PK: `PROVIDER_PAYMENT#${provider}#${providerPaymentId}`, GSI3SK: 'PAYMENT' }),
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
