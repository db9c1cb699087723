import { GSI1, GSI2, GSI3, GSI4 } from '../lambdas/adapters/dynamodb/keys.js';

/**
 * The single table's schema as plain data. The CDK stateful stack and the local runtime
 * (local/dynamodb.ts) both build the table from this, so there is no second copy.
 */
export interface GsiDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** DynamoDB type of the sort key: string unless stated. */
  readonly sortKeyType: 'S' | 'N';
  readonly purpose: string;
}

export const TABLE_DEFINITION = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Items with this epoch-seconds attribute are removed by TTL (cleanup only; deadlines are enforced in conditions). */
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: GSI1, partitionKey: 'GSI1PK', sortKey: 'GSI1SK', sortKeyType: 'S', purpose: 'owner-scoped lists: a customer\'s orders newest first, all categories, the whole catalog for the search snapshot' },
    { indexName: GSI2, partitionKey: 'GSI2PK', sortKey: 'GSI2SK', sortKeyType: 'S', purpose: 'status-scoped lists: orders by status and date, payments pending reconciliation' },
    { indexName: GSI3, partitionKey: 'GSI3PK', sortKey: 'GSI3SK', sortKeyType: 'S', purpose: 'lookups by an alternate key: payment by provider id' },
    { indexName: GSI4, partitionKey: 'GSI4PK', sortKey: 'stock', sortKeyType: 'N', purpose: 'inventory by stock level (low-stock report); only variants of active products carry GSI4PK' },
  ] satisfies GsiDefinition[],
} as const;
