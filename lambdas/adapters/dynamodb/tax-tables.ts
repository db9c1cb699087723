import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TaxTableStore, TaxTableSummary } from '#domain/taxes/ports.js';
import type { TaxTableVersion } from '#domain/taxes/table.js';
import { conditionalTransaction, ddb, tableName } from './client.js';
import * as keys from './keys.js';
import { clock } from '#shared/clock.js';

/**
 * Rate table versions (pattern 77 of docs/data-model.md). A version item holds the whole table
 * (NCM -> [federal, state] basis points; a file fits the API's 64 KiB body, far below an item's
 * 400 KB) and never changes, so a container keeps the versions it has read; only the small
 * `CURRENT` pointer is read per order.
 */
const versions = new Map<string, TaxTableVersion>();

const toVersion = (item: Record<string, unknown>): TaxTableVersion => ({
  version: item.version as string,
  source: (item.source as string | null | undefined) ?? null,
  validFrom: (item.validFrom as string | null | undefined) ?? null,
  validUntil: (item.validUntil as string | null | undefined) ?? null,
  defaultRates: item.defaultRates as TaxTableVersion['defaultRates'],
  rates: (item.rates as TaxTableVersion['rates'] | undefined) ?? {},
  uploadedAt: item.uploadedAt as string,
  uploadedBy: item.uploadedBy as string,
  replacedVersion: (item.replacedVersion as string | null | undefined) ?? null,
});

async function currentVersionId(): Promise<string | null> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.taxTableCurrent, ConsistentRead: true }));
  return (Item?.version as string | undefined) ?? null;
}

async function readVersion(version: string): Promise<TaxTableVersion | undefined> {
  const cached = versions.get(version);
  if (cached) return cached;
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.taxTableVersion(version) }));
  if (!Item) return undefined;
  const table = toVersion(Item);
  versions.set(version, table);
  return table;
}

/** The pointer's write, conditional on it still naming `expected` (absent when null). */
const pointerPut = (version: string, expected: string | null, at: string) => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.taxTableCurrent, entity: 'TaxTableCurrent', version, previousVersion: expected, updatedAt: at },
    ConditionExpression: expected === null ? 'attribute_not_exists(PK)' : 'version = :expected',
    ExpressionAttributeValues: expected === null ? undefined : { ':expected': expected },
  },
});

async function current(): Promise<TaxTableVersion | undefined> {
  const version = await currentVersionId();
  return version === null ? undefined : readVersion(version);
}

/** What orders and the cart read (and all their functions bundle): the current version. */
export const taxTableReader: Pick<TaxTableStore, 'current' | 'version'> = { current, version: readVersion };

/** The admin routes' store: versions, uploads, rollbacks. */
export const taxTableStore: TaxTableStore = {
  current,
  version: readVersion,

  async publish(table, expectedCurrent) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.taxTableVersion(table.version), entity: 'TaxTable', ...table, ncmCount: Object.keys(table.rates).length },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        pointerPut(table.version, expectedCurrent, table.uploadedAt),
      ],
    });
    if (outcome.ok) return 'published';
    return outcome.failedIndex === 0 ? 'version-exists' : 'current-changed';
  },

  async list() {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.taxTablesPartition, ':prefix': keys.taxTableVersionPrefix },
        ProjectionExpression: 'version, #source, validFrom, validUntil, defaultRates, uploadedAt, uploadedBy, replacedVersion, ncmCount',
        ExpressionAttributeNames: { '#source': 'source' },
        ExclusiveStartKey: start,
      }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const summaries: TaxTableSummary[] = items
      .map((item) => {
        const { rates: _rates, ...rest } = toVersion(item);
        return { ...rest, ncmCount: (item.ncmCount as number | undefined) ?? 0 };
      })
      .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt));
    return { current: await currentVersionId(), versions: summaries };
  },

  async activate(version, expectedCurrent) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        { ConditionCheck: { TableName: tableName, Key: keys.taxTableVersion(version), ConditionExpression: 'attribute_exists(PK)' } },
        pointerPut(version, expectedCurrent, clock.now().toISOString()),
      ],
    });
    if (outcome.ok) return 'activated';
    return outcome.failedIndex === 0 ? 'not-found' : 'current-changed';
  },
};
