import { isDeepStrictEqual } from 'node:util';
import type { CatalogRepository, CategoryRecord, ProductRecord, VariantRecord } from './ports.js';
import type { CategoryView, ProductSummaryView } from './schemas.js';

/**
 * The search snapshot: every active product with its variants, in one document. The stream
 * consumer rebuilds it after catalog changes; listing Lambdas load it into an in-memory index.
 */
export interface SnapshotProduct extends Omit<ProductSummaryView, 'priceCents' | 'inStock'> {
  descriptionText: string;
  orderedUnits: number;
}

export interface CatalogSnapshot {
  version: string;
  builtAt: string;
  categories: CategoryView[];
  products: SnapshotProduct[];
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** Sanitised description HTML -> plain text for indexing. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A product as the snapshot holds it; undefined when it is not listed (archived, or without variants). */
export function snapshotProduct(p: ProductRecord, variantsBySku: ReadonlyMap<string, VariantRecord>): SnapshotProduct | undefined {
  if (p.status !== 'active') return undefined;
  const variants = p.skus.map((sku) => variantsBySku.get(sku)).filter((v): v is VariantRecord => v !== undefined);
  if (variants.length === 0) return undefined;
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    brand: p.brand,
    categoryIds: p.categoryIds,
    images: p.images,
    status: 'active',
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    descriptionText: htmlToText(p.description),
    orderedUnits: variants.reduce((sum, v) => sum + v.orderedUnits, 0),
    variants: variants.map((v) => ({ sku: v.sku, attributes: v.attributes, priceCents: v.priceCents, available: Math.max(0, v.stock), weightGrams: v.weightGrams, heightCm: v.heightCm, widthCm: v.widthCm, lengthCm: v.lengthCm })),
  };
}

export function buildSnapshot(
  catalog: { categories: CategoryRecord[]; products: ProductRecord[]; variants: VariantRecord[] },
  builtAt: Date,
): CatalogSnapshot {
  const variantsBySku = new Map(catalog.variants.map((v) => [v.sku, v]));
  const products = catalog.products.map((p) => snapshotProduct(p, variantsBySku)).filter((p): p is SnapshotProduct => p !== undefined);
  return {
    version: `${builtAt.getTime()}`,
    builtAt: builtAt.toISOString(),
    categories: catalog.categories.map(({ id, name, slug, parentId }) => ({ id, name, slug, parentId })),
    products,
  };
}

/**
 * The products that changed between two snapshots: a listing container holding `baseVersion`
 * applies it to its index (CatalogIndex.apply) instead of loading and indexing the whole snapshot.
 */
export interface SnapshotDelta {
  version: string;
  baseVersion: string;
  /** Products added or changed, whole. */
  upserts: SnapshotProduct[];
  /** Ids of products no longer listed (deleted, archived, without variants). */
  removes: string[];
}

/** `base` with the delta's products replaced or removed (categories unchanged). */
export function applyDelta(base: CatalogSnapshot, delta: SnapshotDelta, builtAt: Date): CatalogSnapshot {
  const replaced = new Set([...delta.removes, ...delta.upserts.map((p) => p.id)]);
  return {
    version: delta.version,
    builtAt: builtAt.toISOString(),
    categories: base.categories,
    products: [...base.products.filter((p) => !replaced.has(p.id)), ...delta.upserts],
  };
}

export interface SnapshotStore {
  /** The newest published snapshot, if any. */
  latest(): Promise<CatalogSnapshot | undefined>;
  /**
   * Publishes a snapshot and moves the pointer to it. Without a delta, if it is newer than the
   * pointer's; with one, only while the pointer is still at the delta's base (else 'superseded').
   */
  publish(snapshot: CatalogSnapshot, delta?: SnapshotDelta): Promise<'published' | 'superseded'>;
}

export interface SnapshotRefreshDeps {
  catalog: Pick<CatalogRepository, 'readWholeCatalog' | 'getProduct'>;
  snapshots: SnapshotStore;
  now: () => Date;
}

/**
 * Brings the search snapshot up to date. With the ids of the products a stream batch changed, it
 * patches the newest snapshot: reads just those products (consistent reads) and publishes the new
 * snapshot with a delta, on the condition that nobody published meanwhile. Without ids (the
 * schedule, a category change), with no snapshot yet, or when another publish won the race, it
 * rebuilds from the whole catalog as before.
 */
export async function refreshSnapshot(
  deps: SnapshotRefreshDeps,
  changed: ReadonlySet<string> | 'all',
): Promise<{ mode: 'patched' | 'rebuilt'; outcome: 'published' | 'superseded'; snapshot: CatalogSnapshot }> {
  const base = changed === 'all' ? undefined : await deps.snapshots.latest();
  if (changed !== 'all' && base) {
    const upserts: SnapshotProduct[] = [];
    const removes: string[] = [];
    await Promise.all([...changed].map(async (id) => {
      const found = await deps.catalog.getProduct(id, { consistent: true });
      const product = found && snapshotProduct(found.product, new Map(found.variants.map((v) => [v.sku, v])));
      if (product) upserts.push(product);
      else removes.push(id);
    }));
    const builtAt = deps.now();
    // Versions only grow, even if this clock is behind the one that built the base.
    const delta: SnapshotDelta = { version: `${Math.max(builtAt.getTime(), Number(base.version) + 1)}`, baseVersion: base.version, upserts, removes };
    const snapshot = applyDelta(base, delta, builtAt);
    if (await deps.snapshots.publish(snapshot, delta) === 'published') return { mode: 'patched', outcome: 'published', snapshot };
  }
  const snapshot = buildSnapshot(await deps.catalog.readWholeCatalog(), deps.now());
  return { mode: 'rebuilt', outcome: await deps.snapshots.publish(snapshot), snapshot };
}

/**
 * The products a batch of catalog changes touched, by id, or 'all' when the batch holds a change
 * that is not one product's (a category: its name is in every listed product's search text).
 */
export function changedProducts(changes: readonly { before: Record<string, unknown> | undefined; after: Record<string, unknown> | undefined }[]): Set<string> | 'all' {
  const ids = new Set<string>();
  for (const { before, after } of changes) {
    if (!changesSnapshot(before, after)) continue;
    for (const item of [before, after]) {
      if (!item) continue;
      const id = item.entity === 'Product' ? item.id : item.entity === 'Variant' ? item.productId : undefined;
      if (typeof id !== 'string') return 'all';
      ids.add(id);
    }
  }
  return ids;
}

/** Variant attributes that orders, expiries, the flash sale and stock adjustments change all day. */
const SALES_COUNTERS = new Set(['stock', 'orderedUnits']);

const inStock = (variant: Record<string, unknown>) => Number(variant.stock) > 0;
const withoutSalesCounters = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !SALES_COUNTERS.has(name)));

/**
 * Whether a change of one catalog item (its images before and after; undefined for an insert or a
 * delete) needs a new snapshot. Every change does except a Variant's `stock` and `orderedUnits`
 * moving while the variant stays in stock (or stays out of it): those counts reach the snapshot
 * with the next rebuild for any other reason, at the latest the scheduled one; a variant selling
 * out or coming back rebuilds at once, so `inStock` and `available: 0` are as fresh as any change.
 */
export function changesSnapshot(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): boolean {
  if (!before || !after || before.entity !== 'Variant' || after.entity !== 'Variant') return true;
  if (inStock(before) !== inStock(after)) return true;
  return !isDeepStrictEqual(withoutSalesCounters(before), withoutSalesCounters(after));
}
