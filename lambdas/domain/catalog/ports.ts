import type { CategoryView, ProductView } from './schemas.js';

export interface CategoryRecord extends CategoryView {
  productCount: number;
  childCount: number;
  createdAt: string;
}

export interface VariantRecord {
  sku: string;
  productId: string;
  attributes: Record<string, string>;
  priceCents: number;
  stock: number;
  weightGrams: number;
  /** The packed unit's box. */
  heightCm: number;
  widthCm: number;
  lengthCm: number;
  /** NCM code (8 digits), null when none was given (taxes then use the default rates). */
  ncm: string | null;
  /** Units ever ordered (never decremented): a product with any is never deleted. */
  orderedUnits: number;
}

export interface ProductRecord {
  id: string;
  name: string;
  slug: string;
  description: string;
  brand: string | null;
  categoryIds: string[];
  images: string[];
  status: 'active' | 'archived';
  skus: string[];
  createdAt: string;
  updatedAt: string;
}

export type Outcome<T extends string> = { ok: true } | { ok: false; reason: T };

export interface CatalogRepository {
  listCategories(): Promise<CategoryRecord[]>;
  getCategory(id: string): Promise<CategoryRecord | undefined>;
  createCategory(category: CategoryRecord): Promise<Outcome<'slug-taken' | 'parent-missing'>>;
  updateCategory(previous: CategoryRecord, next: CategoryRecord): Promise<Outcome<'slug-taken' | 'parent-missing' | 'changed-concurrently'>>;
  deleteCategory(id: string): Promise<Outcome<'not-found' | 'in-use'>>;

  /** `consistent`: strongly consistent reads (the snapshot patch, which must see the write its stream record announced). */
  getProduct(id: string, options?: { consistent?: boolean }): Promise<{ product: ProductRecord; variants: VariantRecord[] } | undefined>;
  createProduct(product: ProductRecord, variants: VariantRecord[]): Promise<Outcome<'slug-taken' | 'sku-taken' | 'category-missing'>>;
  updateProduct(
    previous: ProductRecord,
    next: ProductRecord,
    changes: { updated: VariantRecord[]; added: VariantRecord[] },
  ): Promise<Outcome<'slug-taken' | 'sku-taken' | 'category-missing' | 'changed-concurrently'>>;
  /** Deletes a product and its variants if no variant was ever ordered nor holds stock ('in-use' otherwise). */
  deleteProduct(product: ProductRecord): Promise<Outcome<'in-use' | 'changed-concurrently'>>;
  /** The stock of each existing SKU (consistent read). */
  stockBySku(skus: string[]): Promise<Map<string, number>>;
  /** changeStock by SKU alone (bulk import): the stock before and after the write. */
  changeStockBySku(sku: string, change: { stock: number } | { delta: number }): Promise<
    { ok: true; stock: number; previousStock: number } | { ok: false; reason: 'not-found' | 'insufficient'; available?: number }
  >;

  /** Absolute or relative stock change; never below zero. */
  changeStock(productId: string, sku: string, change: { stock: number } | { delta: number }): Promise<
    { ok: true; stock: number } | { ok: false; reason: 'not-found' | 'insufficient'; available?: number }
  >;
  lowStock(threshold: number, limit: number, cursor?: string): Promise<{
    items: { productId: string; sku: string; name: string; stock: number }[];
    nextCursor: string | null;
  }>;
  /** Every category, product and variant (for the search snapshot builder, never a request path). */
  readWholeCatalog(): Promise<{ categories: CategoryRecord[]; products: ProductRecord[]; variants: VariantRecord[] }>;
}

export function toProductView(product: ProductRecord, variants: VariantRecord[]): ProductView {
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  return {
    id: product.id,
    name: product.name,
    slug: product.slug,
    description: product.description,
    brand: product.brand,
    categoryIds: product.categoryIds,
    images: product.images,
    status: product.status,
    variants: product.skus
      .map((sku) => bySku.get(sku))
      .filter((v): v is VariantRecord => v !== undefined)
      .map((v) => ({ sku: v.sku, attributes: v.attributes, priceCents: v.priceCents, available: Math.max(0, v.stock), weightGrams: v.weightGrams, heightCm: v.heightCm, widthCm: v.widthCm, lengthCm: v.lengthCm, ncm: v.ncm })),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}
