/**
 * Catalog collection in the table (docs/data-model.md, "Collection"): sources in one partition
 * (a store has a handful), runs in their source's partition, a marker per page counted into a run,
 * a politeness record per host, a validator cache per URL, collected items with unique lookup keys.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogLookup, CollectionStore, HostSlot, ItemKey, ItemRecord, RunRecord, SourceRecord } from '#domain/collection/ports.js';
import { conditionalTransaction, conditionalWrite, ddb, decodeCursor, encodeCursor, tableName, type TransactItem } from './client.js';
import * as keys from './keys.js';

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
/** The first errors of a run are kept on it (all of them are counted by cause). */
const MAX_RUN_ERRORS = 50;
/** Run page markers are history: kept 30 days. */
const PAGE_MARKER_TTL_S = 30 * 24 * 3600;

const SOURCE_FIELDS = ['id', 'name', 'startUrls', 'sitemapUrl', 'schedule', 'maxPages', 'enabled', 'nextRunAt', 'lastRunId', 'createdAt', 'updatedAt'] as const;
const pick = <K extends string>(item: Record<string, unknown>, fields: readonly K[]) => Object.fromEntries(fields.map((f) => [f, item[f] ?? null])) as Record<K, unknown>;

const toSource = (item: Record<string, unknown>) => pick(item, SOURCE_FIELDS) as unknown as SourceRecord;

const RUN_FIELDS = [
  'runId', 'sourceId', 'trigger', 'status', 'startedAt', 'finishedAt', 'deadline', 'pagesPlanned', 'pagesDone', 'pagesFetched', 'productsFound',
  'created', 'updated', 'unchanged', 'skipped', 'failed', 'errorsByCause', 'errors',
] as const;
const toRun = (item: Record<string, unknown>) => pick(item, RUN_FIELDS) as unknown as RunRecord;

const ITEM_FIELDS = [
  'id', 'status', 'sourceId', 'sourceUrl', 'method', 'name', 'description', 'brand', 'gtin', 'sourceSku', 'images', 'categoryHints', 'variants',
  'productId', 'previous', 'fingerprint', 'firstSeenAt', 'lastSeenAt', 'updatedAt',
] as const;
const toItem = (item: Record<string, unknown>) => pick(item, ITEM_FIELDS) as unknown as ItemRecord;

const sourceItem = (s: SourceRecord) => ({
  ...keys.collectionSource(s.id),
  ...(s.enabled && s.nextRunAt ? keys.collectionDueIndex(s.nextRunAt, s.id) : {}),
  entity: 'CollectionSource',
  ...s,
});

const itemKeyOf = (key: ItemKey) => keys.collectionItemKey(key.kind, key.kind === 'gtin' ? key.value : digest(key.value));

const itemItem = (i: ItemRecord) => ({ ...keys.collectionItem(i.id), ...keys.collectionItemsIndex(i.status, i.updatedAt, i.id), entity: 'CollectionItem', ...i });

export const collectionStore: CollectionStore = {
  async createSource(source) {
    await ddb.send(new PutCommand({ TableName: tableName, Item: sourceItem(source), ConditionExpression: 'attribute_not_exists(PK)' }));
  },

  async getSource(id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.collectionSource(id) }));
    return Item ? toSource(Item) : undefined;
  },

  async listSources() {
    const items: SourceRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await ddb.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.collectionSourcesPartition, ':prefix': keys.collectionSourcePrefix },
        ExclusiveStartKey: start,
      }));
      items.push(...(out.Items ?? []).map(toSource));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  },

  async updateSource(previous, next) {
    // The admin's fields only: lastRunId belongs to the runs (createRun).
    const due = next.enabled && next.nextRunAt;
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionSource(next.id),
      UpdateExpression: `SET #name = :name, startUrls = :startUrls, sitemapUrl = :sitemapUrl, schedule = :schedule, maxPages = :maxPages, enabled = :enabled, nextRunAt = :nextRunAt, updatedAt = :updatedAt${due ? ', GSI2PK = :pk, GSI2SK = :sk' : ' REMOVE GSI2PK, GSI2SK'}`,
      ConditionExpression: 'updatedAt = :previous',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: {
        ':name': next.name, ':startUrls': next.startUrls, ':sitemapUrl': next.sitemapUrl, ':schedule': next.schedule, ':maxPages': next.maxPages,
        ':enabled': next.enabled, ':nextRunAt': next.nextRunAt, ':updatedAt': next.updatedAt, ':previous': previous.updatedAt,
        ...(due ? { ':pk': keys.collectionDuePartition, ':sk': keys.collectionDueIndex(next.nextRunAt as string, next.id).GSI2SK } : {}),
      },
    })));
    return outcome.ok;
  },

  async deleteSource(id) {
    const outcome = await conditionalWrite(ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.collectionSource(id), ConditionExpression: 'attribute_exists(PK)' })));
    return outcome.ok;
  },

  async dueSources(now, limit) {
    const out = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI2,
      // GSI2SK is `<nextRunAt>#<id>`: `~` sorts after `#`, so a source due exactly now is in.
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': keys.collectionDuePartition, ':now': `${now}~` },
      Limit: limit,
    }));
    return (out.Items ?? []).map(toSource);
  },

  async claimDueRun(source, nextRunAt) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionSource(source.id),
      UpdateExpression: nextRunAt ? 'SET nextRunAt = :next, GSI2PK = :pk, GSI2SK = :sk' : 'SET nextRunAt = :next REMOVE GSI2PK, GSI2SK',
      ConditionExpression: 'nextRunAt = :expected AND enabled = :true',
      ExpressionAttributeValues: {
        ':next': nextRunAt, ':expected': source.nextRunAt, ':true': true,
        ...(nextRunAt ? { ':pk': keys.collectionDuePartition, ':sk': keys.collectionDueIndex(nextRunAt, source.id).GSI2SK } : {}),
      },
    })));
    return outcome.ok;
  },

  async createRun(run, previousRunId) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.collectionRun(run.sourceId, run.runId), ...keys.collectionRunningIndex(run.deadline, run.sourceId, run.runId), entity: 'CollectionRun', ...run },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: keys.collectionSource(run.sourceId),
            UpdateExpression: 'SET lastRunId = :run',
            ConditionExpression: previousRunId ? 'lastRunId = :previous' : 'attribute_exists(PK) AND (attribute_not_exists(lastRunId) OR lastRunId = :null)',
            ExpressionAttributeValues: { ':run': run.runId, ...(previousRunId ? { ':previous': previousRunId } : { ':null': null }) },
          },
        },
      ],
    });
    return outcome.ok;
  },

  async getRun(sourceId, runId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.collectionRun(sourceId, runId), ConsistentRead: true }));
    return Item ? toRun(Item) : undefined;
  },

  async listRuns(sourceId, limit, cursor) {
    const out = await ddb.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.collectionRunsPartition(sourceId), ':prefix': keys.collectionRunPrefix },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.collectionRunsCursor(sourceId)),
    }));
    return { items: (out.Items ?? []).map(toRun), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  },

  async addPlanned(sourceId, runId, pages) {
    await ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionRun(sourceId, runId),
      UpdateExpression: 'ADD pagesPlanned :n',
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':n': pages, ':running': 'RUNNING' },
    }));
  },

  async pageRecorded(runId, pageKey) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.collectionRunPage(runId, digest(pageKey)), ConsistentRead: true }));
    return Item !== undefined;
  },

  async recordPage(sourceId, runId, { key: pageKey, url }, outcome, at) {
    const cause = outcome.failure?.cause;
    const counters: [string, number][] = [
      ['pagesDone', 1], ['pagesFetched', outcome.fetched ? 1 : 0], ['productsFound', outcome.productsFound], ['created', outcome.created],
      ['updated', outcome.updated], ['unchanged', outcome.unchanged], ['skipped', outcome.skipped], ['failed', cause ? 1 : 0],
    ];
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':running': 'RUNNING' };
    const adds = counters.map(([field, n], i) => {
      names[`#c${i}`] = field;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    if (cause) {
      names['#cause'] = cause;
      values[':one'] = 1;
      adds.push('errorsByCause.#cause :one');
    }
    const transaction = await conditionalTransaction({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.collectionRunPage(runId, digest(pageKey)), entity: 'CollectionRunPage', url, at, cause: cause ?? null, expiresAt: Math.floor(Date.parse(at) / 1000) + PAGE_MARKER_TTL_S },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: keys.collectionRun(sourceId, runId),
            UpdateExpression: `ADD ${adds.join(', ')}`,
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
      ] satisfies TransactItem[],
    });
    if (!transaction.ok) return { recorded: false };
    if (outcome.failure) {
      // One of the first errors, kept on the run (a full list stops growing; the counts above go on).
      await conditionalWrite(ddb.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.collectionRun(sourceId, runId),
        UpdateExpression: 'SET errors = list_append(errors, :error)',
        ConditionExpression: 'size(errors) < :max',
        ExpressionAttributeValues: { ':error': [{ url, reason: `${outcome.failure.cause}: ${outcome.failure.reason}` }], ':max': MAX_RUN_ERRORS },
      })));
    }
    return { recorded: true, finished: await finishIfDone(sourceId, runId, at) };
  },

  async overdueRuns(now, limit) {
    const out = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI2,
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': keys.collectionRunningPartition, ':now': `${now}~` },
      ProjectionExpression: 'sourceId, runId',
      Limit: limit,
    }));
    return (out.Items ?? []).map((i) => ({ sourceId: i.sourceId as string, runId: i.runId as string }));
  },

  async closeOverdueRun(sourceId, runId, at) {
    const run = await collectionStore.getRun(sourceId, runId);
    if (run?.status !== 'RUNNING') return undefined;
    const lost = Math.max(0, run.pagesPlanned - run.pagesDone);
    const failedTotal = run.failed + lost;
    const status = failedTotal >= run.pagesPlanned ? 'FAILED' : failedTotal > 0 ? 'PARTIAL' : 'SUCCEEDED';
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionRun(sourceId, runId),
      UpdateExpression: 'SET #status = :status, finishedAt = :at, pagesDone = :planned, failed = :failed, errorsByCause.#lost = :lost REMOVE GSI2PK, GSI2SK',
      ConditionExpression: '#status = :running AND pagesDone = :done',
      ExpressionAttributeNames: { '#status': 'status', '#lost': 'worker-lost' },
      ExpressionAttributeValues: {
        ':status': status, ':at': at, ':planned': run.pagesPlanned, ':failed': failedTotal, ':lost': lost, ':running': 'RUNNING', ':done': run.pagesDone,
      },
      ReturnValues: 'ALL_NEW',
    })));
    return outcome.ok && outcome.attributes ? toRun(outcome.attributes) : undefined;
  },

  async takeHost(host, nowMs, holdUntilMs) {
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionHost(host),
      UpdateExpression: 'SET nextAllowedAt = :hold, fetching = :true, entity = :entity',
      ConditionExpression: 'attribute_not_exists(nextAllowedAt) OR nextAllowedAt <= :now',
      ExpressionAttributeValues: { ':hold': holdUntilMs, ':now': nowMs, ':true': true, ':entity': 'CollectionHost' },
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (!outcome.ok) return { ok: false, retryAtMs: Number(outcome.old?.nextAllowedAt ?? nowMs + 1000), fetching: outcome.old?.fetching === true };
    const robots = outcome.attributes?.robots as HostSlot['robots'] | undefined;
    return { ok: true, slot: { robots: robots ?? null } };
  },

  async reserveTurn(host, notBeforeMs, intervalMs) {
    // No turn handed out after notBeforeMs yet: this one is the first. Otherwise: the one after the last.
    const first = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionHost(host),
      UpdateExpression: 'SET lastTurnAt = :turn',
      ConditionExpression: 'attribute_not_exists(lastTurnAt) OR lastTurnAt < :notBefore',
      ExpressionAttributeValues: { ':turn': notBeforeMs, ':notBefore': notBeforeMs },
    })));
    if (first.ok) return notBeforeMs;
    const next = await ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionHost(host),
      UpdateExpression: 'ADD lastTurnAt :interval',
      ExpressionAttributeValues: { ':interval': intervalMs },
      ReturnValues: 'UPDATED_NEW',
    }));
    return Number(next.Attributes?.lastTurnAt ?? notBeforeMs);
  },

  async releaseHost(host, nextAllowedAtMs, robots) {
    await ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.collectionHost(host),
      UpdateExpression: `SET nextAllowedAt = :next, fetching = :false${robots ? ', robots = :robots' : ''}`,
      ExpressionAttributeValues: { ':next': nextAllowedAtMs, ':false': false, ...(robots ? { ':robots': robots } : {}) },
    }));
  },

  async pageCache(url) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.collectionPageCache(digest(url)) }));
    return Item ? { etag: (Item.etag as string | null) ?? null, lastModified: (Item.lastModified as string | null) ?? null, products: Number(Item.products ?? 0) } : undefined;
  },

  async savePageCache(url, cache) {
    await ddb.send(new PutCommand({ TableName: tableName, Item: { ...keys.collectionPageCache(digest(url)), entity: 'CollectionPageCache', url, ...cache } }));
  },

  async findItem(key) {
    const { Item: pointer } = await ddb.send(new GetCommand({ TableName: tableName, Key: itemKeyOf(key), ConsistentRead: true }));
    if (!pointer) return undefined;
    return collectionStore.getItem(pointer.itemId as string);
  },

  async getItem(id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.collectionItem(id), ConsistentRead: true }));
    return Item ? toItem(Item) : undefined;
  },

  async createItem(item, itemKeys) {
    const outcome = await conditionalTransaction({
      TransactItems: [
        { Put: { TableName: tableName, Item: itemItem(item), ConditionExpression: 'attribute_not_exists(PK)' } },
        ...itemKeys.map((key) => ({
          Put: { TableName: tableName, Item: { ...itemKeyOf(key), entity: 'CollectionItemKey', itemId: item.id }, ConditionExpression: 'attribute_not_exists(PK)' },
        })),
      ],
    });
    return outcome.ok;
  },

  async updateItem(previous, next) {
    const outcome = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: itemItem(next),
      ConditionExpression: 'updatedAt = :previous',
      ExpressionAttributeValues: { ':previous': previous.updatedAt },
    })));
    return outcome.ok;
  },

  async listItems(status, limit, cursor) {
    const out = await ddb.send(new QueryCommand({
      TableName: tableName,
      IndexName: keys.GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.collectionItemsKey(status) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, keys.collectionItemsCursor(status)),
    }));
    return { items: (out.Items ?? []).map(toItem), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  },
};

/** The run's last page finishes it: SUCCEEDED, PARTIAL (some pages failed) or FAILED (all did). The finished run, when this call finished it. */
async function finishIfDone(sourceId: string, runId: string, at: string): Promise<RunRecord | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.collectionRun(sourceId, runId), ConsistentRead: true }));
  if (Item?.status !== 'RUNNING' || Number(Item.pagesDone) < Number(Item.pagesPlanned)) return undefined;
  const failed = Number(Item.failed);
  const status = failed >= Number(Item.pagesPlanned) ? 'FAILED' : failed > 0 ? 'PARTIAL' : 'SUCCEEDED';
  const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.collectionRun(sourceId, runId),
    UpdateExpression: 'SET #status = :status, finishedAt = :at REMOVE GSI2PK, GSI2SK',
    ConditionExpression: '#status = :running AND pagesDone >= pagesPlanned',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status, ':at': at, ':running': 'RUNNING' },
    ReturnValues: 'ALL_NEW',
  })));
  return outcome.ok && outcome.attributes ? toRun(outcome.attributes) : undefined;
}

/** The catalog product a variant SKU belongs to (a collected GTIN that an admin used as a SKU matches it). */
export const catalogLookup: CatalogLookup = {
  async productIdBySku(sku) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.variant(sku), ProjectionExpression: 'productId' }));
    return (Item?.productId as string | undefined) ?? undefined;
  },
};
