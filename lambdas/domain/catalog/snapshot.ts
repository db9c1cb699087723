import { isDeepStrictEqual } from 'node:util';
import type { CategoryRecord, ProductRecord, VariantRecord } from './ports.js';
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

export function buildSnapshot(
  catalog: { categories: CategoryRecord[]; products: ProductRecord[]; variants: VariantRecord[] },
  builtAt: Date,
): CatalogSnapshot {
  const variantsBySku = new Map(catalog.variants.map((v) => [v.sku, v]));
  const products: SnapshotProduct[] = [];
  for (const p of catalog.products) {
    if (p.status !== 'active') continue;
    const variants = p.skus.map((sku) => variantsBySku.get(sku)).filter((v): v is VariantRecord => v !== undefined);
    if (variants.length === 0) continue;
    products.push({
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
    });
  }
  return {
    version: `${builtAt.getTime()}`,
    builtAt: builtAt.toISOString(),
    categories: catalog.categories.map(({ id, name, slug, parentId }) => ({ id, name, slug, parentId })),
    products,
  };
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
