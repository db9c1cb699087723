/**
 * Which partitions each writing function may write: IAM `dynamodb:LeadingKeys` conditions on its
 * write actions (lib/bindings.ts), and the same rule enforced by the local stack on every write
 * (local/leading-keys.ts), so the integration tests fail when a handler starts writing a partition
 * its list does not name. Lists are key prefixes (`USER#` matches `USER#<sub>`), from the key
 * builders in lambdas/adapters/dynamodb/keys.ts.
 *
 * IAM cannot narrow a customer's writes to their own `USER#<sub>`: the sub is a Cognito user pool
 * claim the function verifies, not an IAM identity (only identity-pool credentials carry one), so the
 * identity functions are limited to the `USER#`/`SESSION#` partitions, not to one user's.
 *
 * Not listed (writes on the whole table, docs/deploy.md "Least privilege"): the scheduled sweeps (order
 * expiry, payment and flash-sale reconcilers), which take no client input, and the stream and queue
 * consumers; docs/decisions.md "LeadingKeys for the order and payment writers".
 */
export const WRITE_PARTITIONS: Readonly<Record<string, readonly string[]>> = {
  'cart/add-item': ['USER#'],
  'cart/set-quantity': ['USER#'],
  'cart/remove-item': ['USER#'],
  'cart/apply-coupon': ['USER#'],
  'cart/remove-coupon': ['USER#'],
  'cart/create-coupon': ['COUPON#'],
  'cart/update-coupon': ['COUPON#'],
  'cart/delete-coupon': ['COUPON#'],
  'identity/create-address': ['USER#'],
  'identity/update-address': ['USER#'],
  'identity/delete-address': ['USER#'],
  'identity/patch-profile': ['USER#', 'CUSTOMER_SEARCH#'],
  'identity/register': ['USER#', 'SESSION#', 'CUSTOMER_SEARCH#'],
  'identity/login': ['USER#', 'SESSION#'],
  'identity/logout': ['USER#', 'SESSION#'],
  'identity/delete-account': ['USER#', 'SESSION#', 'ORDER#', 'CUSTOMER_SEARCH#'],
  // The roster, its audit, and the marker of the user whose role changes (USER#<sub>/TOKENS).
  'identity/admin-list-admins': ['ADMINS'],
  'identity/admin-grant-admin': ['ADMINS', 'ADMIN_AUDIT', 'USER#'],
  'identity/admin-revoke-admin': ['ADMINS', 'ADMIN_AUDIT', 'USER#'],
  'catalog/create-category': ['CATEGORY#', 'CATEGORY_SLUG#'],
  'catalog/update-category': ['CATEGORY#', 'CATEGORY_SLUG#'],
  'catalog/delete-category': ['CATEGORY#', 'CATEGORY_SLUG#'],
  'catalog/create-product': ['PRODUCT#', 'PRODUCT_SLUG#', 'SKU#', 'CATEGORY#'],
  'catalog/update-product': ['PRODUCT#', 'PRODUCT_SLUG#', 'SKU#', 'CATEGORY#'],
  'catalog/delete-product': ['PRODUCT#', 'PRODUCT_SLUG#', 'SKU#', 'CATEGORY#'],
  'catalog/change-stock': ['SKU#'],
  'catalog/import-stock': ['SKU#'],
  'flash-sale/create-sale': ['FLASH_SALE#'],
  'flash-sale/open-window': ['FLASH_WINDOW#', 'FLASH_SHARD#', 'SKU#'],
  // Marker, unit, order (with the variant's ordered units), the window it may open, its Idempotency-Key record.
  // Shipment slot, shipment and its events, the order (timeline, status) in ORDER#; the sandbox carrier's labels.
  'logistics/create-shipment': ['ORDER#', 'SANDBOX#'],
  'logistics/carrier-webhook': ['ORDER#'],
  // Test stages only: the sandbox card token; the carrier webhook's writes, and the sandbox shipment marked posted
  // once a POSTED or later event is played (its label can no longer be cancelled).
  'test-hooks/sandbox-card': ['SANDBOX#'],
  'test-hooks/tracking-event': ['ORDER#', 'SANDBOX#'],
  // Placing an order: the order, its variants' stock, the coupon and its use, the customer's cart, order slot and purchases, its Idempotency-Key record.
  'orders/create-order': ['ORDER#', 'SKU#', 'COUPON#', 'USER#', 'IDEMPOTENCY#'],
  // A payment: the payment and attempt items and the order's status in ORDER#, a flash order's paid unit in its window
  // (an approved card confirms at once), its Idempotency-Key record; the sandbox gateway's own items (test stages).
  'payments/create-payment': ['ORDER#', 'FLASH_WINDOW#', 'IDEMPOTENCY#', 'SANDBOX#'],
  // A cancellation gives back what the order took: its status, payments and shipments in ORDER#, stock (SKU#), a flash
  // unit to its window's shard and header (FLASH_SHARD#, FLASH_WINDOW#); the sandbox gateway's refund and carrier's label (test stages).
  'orders/cancel-order': ['ORDER#', 'SKU#', 'FLASH_SHARD#', 'FLASH_WINDOW#', 'SANDBOX#'],
  // An admin ships or delivers: the order's status and timeline only.
  'orders/update-order': ['ORDER#'],
  // A refund: the payment and order in ORDER#; the sandbox gateway's refund (test stages).
  'payments/refund-payment': ['ORDER#', 'SANDBOX#'],
  // A provider's notice: the payment and order in ORDER#, a flash winner's paid unit in its window, the notice's
  // deduplication record (WEBHOOK#); the sandbox gateway's items (a late payment refunded, test stages).
  'payments/webhook': ['ORDER#', 'FLASH_WINDOW#', 'WEBHOOK#', 'SANDBOX#'],
  'flash-sale/claim': ['FLASH_CLAIM#', 'FLASH_SHARD#', 'FLASH_WINDOW#', 'ORDER#', 'SKU#', 'IDEMPOTENCY#'],
  // Catalog collection: sources in one partition, runs in their source's, the worker's page markers, hosts, page caches, items and their keys.
  'collection/create-source': ['COLLECTION_SOURCES'],
  'collection/update-source': ['COLLECTION_SOURCES'],
  'collection/delete-source': ['COLLECTION_SOURCES'],
  'collection/start-run': ['COLLECTION_SOURCES', 'COLLECTION_SOURCE#'],
  'collection/tick': ['COLLECTION_SOURCES', 'COLLECTION_SOURCE#'],
  'collection/fetch-page': ['COLLECTION_SOURCE#', 'COLLECTION_RUN#', 'COLLECTION_HOST#', 'COLLECTION_PAGE#', 'COLLECTION_ITEM#', 'COLLECTION_KEY#'],
  'collection/reject-item': ['COLLECTION_ITEM#'],
  'collection/publish-item': ['COLLECTION_ITEM#', 'PRODUCT#', 'PRODUCT_SLUG#', 'SKU#', 'CATEGORY#'],
  // The image set (in the product's partition) and, for collected images, the host's politeness record.
  'catalog/make-renditions': ['PRODUCT#', 'COLLECTION_HOST#'],
};

/** The IAM condition for a list of partition prefixes. */
export function leadingKeysCondition(prefixes: readonly string[]): Record<string, Record<string, string[]>> {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) } };
}

/** Whether `handler` may write the partition `pk` (true for a handler without a list). */
export function mayWritePartition(handler: string, pk: string): boolean {
  const prefixes = WRITE_PARTITIONS[handler];
  return prefixes === undefined || prefixes.some((p) => pk.startsWith(p));
}
