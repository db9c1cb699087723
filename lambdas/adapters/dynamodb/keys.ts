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
} as const;

/**
 * Orders by customer live on GSI1 (`GSI1PK = CUSTOMER#<sub>`, `GSI1SK = ORDER#<createdAt>#<id>`).
 * Declared here so account deletion can check for open orders before the orders module exists.
 */
export const customerOrdersKey = (sub: string) => `CUSTOMER#${sub}`;
