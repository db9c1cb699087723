import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, ddb, tableName } from '#adapters/dynamodb/client.js';
import * as keys from '#adapters/dynamodb/keys.js';
import { CatalogIndex } from '#domain/catalog/search.js';
import type { CatalogSnapshot } from '#domain/catalog/snapshot.js';
import { requireEnv } from '#shared/config.js';
import { s3 } from './s3.js';

/**
 * Snapshots are immutable S3 objects (`snapshots/catalog-<version>.json`); the table holds a
 * pointer to the newest one, moved forward only (a slower, older rebuild never wins).
 */
const bucket = requireEnv('CATALOG_BUCKET');
const EMPTY: CatalogSnapshot = { version: '0', builtAt: new Date(0).toISOString(), categories: [], products: [] };

export async function publishSnapshot(snapshot: CatalogSnapshot): Promise<'published' | 'superseded'> {
  const key = `snapshots/catalog-${snapshot.version}.json`;
  await s3.putObject(bucket, key, JSON.stringify(snapshot), 'application/json');
  const moved = await conditionalWrite(ddb.send(new PutCommand({
    TableName: tableName,
    Item: { ...keys.catalogSnapshotPointer, entity: 'SnapshotPointer', key, version: Number(snapshot.version), products: snapshot.products.length, builtAt: snapshot.builtAt },
    ConditionExpression: 'attribute_not_exists(PK) OR version < :version',
    ExpressionAttributeValues: { ':version': Number(snapshot.version) },
  })));
  return moved.ok ? 'published' : 'superseded';
}

/** How often a warm container asks whether a newer snapshot exists. */
const CHECK_EVERY_MS = 1000;
let current: { index: CatalogIndex; checkedAt: number } | undefined;
let refreshing: Promise<CatalogIndex> | undefined;

async function refresh(): Promise<CatalogIndex> {
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.catalogSnapshotPointer }));
  const version = Item ? String(Item.version) : EMPTY.version;
  if (current && current.index.version === version) {
    current.checkedAt = Date.now();
    return current.index;
  }
  let snapshot = EMPTY;
  if (Item) {
    snapshot = JSON.parse(Buffer.from(await s3.getObject(bucket, Item.key as string)).toString('utf8')) as CatalogSnapshot;
  }
  current = { index: new CatalogIndex(snapshot), checkedAt: Date.now() };
  return current.index;
}

/** The search index of the newest snapshot, rebuilt in memory only when a newer one appears. */
export async function currentCatalogIndex(): Promise<CatalogIndex> {
  if (current && Date.now() - current.checkedAt < CHECK_EVERY_MS) return current.index;
  refreshing ??= refresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}
