import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, ddb, tableName } from '#adapters/dynamodb/client.js';
import * as keys from '#adapters/dynamodb/keys.js';
import { CatalogIndex } from '#domain/catalog/search.js';
import type { CatalogSnapshot, SnapshotDelta, SnapshotStore } from '#domain/catalog/snapshot.js';
import { requireEnv } from '#shared/config.js';
import { s3 } from './s3.js';

/**
 * Snapshots are immutable S3 objects (`snapshots/catalog-<version>.json`); the table holds a
 * pointer to the newest one, moved forward only (a slower, older rebuild never wins). A patched
 * snapshot also has its delta (`snapshots/catalog-<version>.delta.json`, the changed products only),
 * named in the pointer with the version it applies to: a listing container that holds that version
 * applies the delta to its index instead of loading and indexing the whole snapshot.
 */
const bucket = requireEnv('CATALOG_BUCKET');
const EMPTY: CatalogSnapshot = { version: '0', builtAt: new Date(0).toISOString(), categories: [], products: [] };

interface Pointer {
  key: string;
  version: number;
  deltaKey?: string;
  baseVersion?: number;
}

const readPointer = async (consistent: boolean) =>
  (await ddb.send(new GetCommand({ TableName: tableName, Key: keys.catalogSnapshotPointer, ConsistentRead: consistent }))).Item as Pointer | undefined;

async function readObject<T>(key: string): Promise<T> {
  return JSON.parse(Buffer.from(await s3.getObject(bucket, key)).toString('utf8')) as T;
}

/** The last snapshot this container published or read, so that the next patch need not read it back from S3. */
let lastKnown: CatalogSnapshot | undefined;

export const snapshotStore: SnapshotStore = {
  async latest() {
    const pointer = await readPointer(true);
    if (!pointer) return undefined;
    if (lastKnown?.version !== String(pointer.version)) lastKnown = await readObject<CatalogSnapshot>(pointer.key);
    return lastKnown;
  },

  async publish(snapshot, delta) {
    const key = `snapshots/catalog-${snapshot.version}.json`;
    const deltaKey = delta && `snapshots/catalog-${snapshot.version}.delta.json`;
    await Promise.all([
      s3.putObject(bucket, key, JSON.stringify(snapshot), 'application/json'),
      deltaKey && s3.putObject(bucket, deltaKey, JSON.stringify(delta), 'application/json'),
    ]);
    const version = Number(snapshot.version);
    const moved = await conditionalWrite(ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.catalogSnapshotPointer, entity: 'SnapshotPointer', key, version, products: snapshot.products.length, builtAt: snapshot.builtAt,
        ...(delta ? { deltaKey, baseVersion: Number(delta.baseVersion) } : {}),
      },
      ...(delta
        ? { ConditionExpression: 'version = :base', ExpressionAttributeValues: { ':base': Number(delta.baseVersion) } }
        : { ConditionExpression: 'attribute_not_exists(PK) OR version < :version', ExpressionAttributeValues: { ':version': version } }),
    })));
    if (moved.ok) lastKnown = snapshot;
    return moved.ok ? 'published' : 'superseded';
  },
};

/** How often a warm container asks whether a newer snapshot exists. */
const CHECK_EVERY_MS = 1000;
let current: { index: CatalogIndex; checkedAt: number } | undefined;
let refreshing: Promise<CatalogIndex> | undefined;

async function refresh(): Promise<CatalogIndex> {
  const pointer = await readPointer(false);
  const version = pointer ? String(pointer.version) : EMPTY.version;
  if (current && current.index.version === version) {
    current.checkedAt = Date.now();
    return current.index;
  }
  if (current && pointer?.deltaKey && current.index.version === String(pointer.baseVersion)) {
    // One step behind: apply the changed products to the index we have.
    current.index.apply(await readObject<SnapshotDelta>(pointer.deltaKey));
    current.checkedAt = Date.now();
    return current.index;
  }
  const snapshot = pointer ? await readObject<CatalogSnapshot>(pointer.key) : EMPTY;
  current = { index: new CatalogIndex(snapshot), checkedAt: Date.now() };
  return current.index;
}

/** The search index of the newest snapshot, patched or rebuilt in memory only when a newer one appears. */
export async function currentCatalogIndex(): Promise<CatalogIndex> {
  if (current && Date.now() - current.checkedAt < CHECK_EVERY_MS) return current.index;
  refreshing ??= refresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}
