/**
 * The single table's schema as plain data. The CDK stateful stack and the local runtime
 * (local/dynamodb.ts) both build the table from this, so there is no second copy.
 */
export interface GsiDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly purpose: string;
}

export const TABLE_DEFINITION = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Items with this epoch-seconds attribute are removed by TTL (cleanup only; deadlines are enforced in conditions). */
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', purpose: 'owner-scoped lists: a customer\'s orders newest first, products of a category' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', purpose: 'status-scoped lists: orders by status and date, payments pending reconciliation' },
    { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', purpose: 'lookups by an alternate unique key: product by slug, payment by provider id' },
  ] satisfies GsiDefinition[],
} as const;
