/**
 * Product writes (create, update). Separate from use-cases.ts so that only these two functions
 * bundle the HTML sanitiser (its parser is half the size of a catalog function).
 */
import { ulid } from 'ulid';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.js';
import { registerStoredImages, type MediaInspector } from './images.js';
import { type ProductRecord, type VariantRecord, toProductView } from './ports.js';
import { slugify } from './rules.js';
import { sanitizeDescription } from './sanitize.js';
import type { CreateProductInput, ProductView, UpdateProductInput } from './schemas.js';
import { type CatalogDeps, slugTaken } from './use-cases.js';

function productConflict(reason: string, slug: string, skus: string[]): never {
  switch (reason) {
    case 'slug-taken': throw slugTaken(slug);
    case 'sku-taken': throw new ConflictError('SKU_TAKEN', 'A SKU is already used by another product', skus.map((sku) => ({ sku })));
    case 'category-missing': throw new ValidationError('Unknown category', [{ field: 'categoryIds', message: 'every category must exist' }]);
    default: throw new ConflictError('CONCURRENT_UPDATE', 'The product changed meanwhile; read it again and retry');
  }
}

/** Product writes also inspect and keep the images they register (./images.ts). */
export interface ProductWriteDeps extends CatalogDeps {
  media: MediaInspector;
}

export async function createProduct(deps: ProductWriteDeps, input: CreateProductInput): Promise<ProductView> {
  await registerStoredImages(deps.media, input.images);
  const id = ulid();
  const at = deps.now().toISOString();
  const explicitSlug = input.slug !== undefined;
  const product: ProductRecord = {
    id, name: input.name, slug: input.slug ?? slugify(input.name), description: sanitizeDescription(input.description), brand: input.brand ?? null,
    categoryIds: input.categoryIds, images: input.images, status: input.status, skus: input.variants.map((v) => v.sku), createdAt: at, updatedAt: at,
  };
  const variants: VariantRecord[] = input.variants.map((v) => ({ ...v, ncm: v.ncm ?? input.ncm ?? null, productId: id, orderedUnits: 0 }));
  let outcome = await deps.catalog.createProduct(product, variants);
  if (!outcome.ok && outcome.reason === 'slug-taken' && !explicitSlug) {
    // A derived slug that collides gets a short, stable suffix instead of failing the admin.
    product.slug = `${product.slug}-${id.slice(-6).toLowerCase()}`;
    outcome = await deps.catalog.createProduct(product, variants);
  }
  if (!outcome.ok) productConflict(outcome.reason, product.slug, product.skus);
  return toProductView(product, variants);
}

export async function updateProduct(deps: ProductWriteDeps, id: string, input: UpdateProductInput): Promise<ProductView> {
  const found = await deps.catalog.getProduct(id);
  if (!found) throw new NotFoundError('Product');
  const { product: previous, variants: existing } = found;
  // Images the product already had were checked and kept when they were registered.
  await registerStoredImages(deps.media, input.images, previous.images);
  const incoming = new Map(input.variants.map((v) => [v.sku, v]));
  const missing = previous.skus.filter((sku) => !incoming.has(sku));
  if (missing.length) {
    throw new ConflictError('SKU_IMMUTABLE', 'Existing SKUs cannot be renamed or removed; archive the product instead', missing.map((sku) => ({ sku })));
  }
  const bySku = new Map(existing.map((v) => [v.sku, v]));
  const updated: VariantRecord[] = [];
  const added: VariantRecord[] = [];
  for (const v of input.variants) {
    const current = bySku.get(v.sku);
    const pack = { weightGrams: v.weightGrams, heightCm: v.heightCm, widthCm: v.widthCm, lengthCm: v.lengthCm, ncm: v.ncm ?? input.ncm ?? null };
    if (current) updated.push({ ...current, attributes: v.attributes, priceCents: v.priceCents, ...pack });
    else added.push({ sku: v.sku, productId: id, attributes: v.attributes, priceCents: v.priceCents, ...pack, stock: v.stock ?? 0, orderedUnits: 0 });
  }
  const next: ProductRecord = {
    ...previous,
    name: input.name,
    slug: input.slug ?? previous.slug,
    description: sanitizeDescription(input.description),
    brand: input.brand ?? null,
    categoryIds: input.categoryIds,
    images: input.images,
    status: input.status,
    skus: [...previous.skus, ...added.map((v) => v.sku)],
    updatedAt: laterThan(deps.now(), previous.updatedAt),
  };
  const outcome = await deps.catalog.updateProduct(previous, next, { updated, added });
  if (!outcome.ok) productConflict(outcome.reason, next.slug, added.map((v) => v.sku));
  return toProductView(next, [...updated, ...added]);
}

/** `updatedAt` doubles as the optimistic-lock token, so it must change on every update. */
function laterThan(now: Date, previous: string): string {
  const at = now.toISOString();
  return at > previous ? at : new Date(Date.parse(previous) + 1).toISOString();
}
