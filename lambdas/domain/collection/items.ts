/**
 * The admin's review of collected items: list by status, publish (through the catalog's own
 * product use cases: created, or updated when it matched) or reject.
 */
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.js';
import * as z from '#shared/zod.js';
import { createProduct, type ProductWriteDeps, updateProduct } from '../catalog/product-writes.js';
import { CreateProductBody, type ProductView, UpdateProductBody } from '../catalog/schemas.js';
import { externalImageMessages, type ImageQueue } from './image-queue.js';
import { fingerprint, matchingProduct } from './ingest.js';
import type { CatalogLookup, CollectionStore, ItemRecord } from './ports.js';
import type { ItemStatus, ItemView } from './schemas.js';

export interface ItemDeps {
  store: CollectionStore;
}

export const toItemView = ({ fingerprint: _f, ...view }: ItemRecord): ItemView => view;

export async function listItems(deps: ItemDeps, query: { status: ItemStatus; limit?: number; cursor?: string }) {
  const page = await deps.store.listItems(query.status, query.limit ?? 20, query.cursor);
  return { items: page.items.map(toItemView), nextCursor: page.nextCursor };
}

async function pendingItem(store: CollectionStore, id: string): Promise<ItemRecord> {
  const item = await store.getItem(id);
  if (!item) throw new NotFoundError('Item');
  if (item.status !== 'pending') throw new ConflictError('ITEM_NOT_PENDING', `The item is ${item.status}; only pending items can be published or rejected`);
  return item;
}

const later = (now: Date, previous: string) => {
  const at = now.toISOString();
  return at > previous ? at : new Date(Date.parse(previous) + 1).toISOString();
};

/** The catalog SKU of a collected variant: its GTIN, or a stable code from the source (`C` + hash). */
export function catalogSku(item: Pick<ItemRecord, 'sourceUrl'>, variant: ItemRecord['variants'][number]): string {
  return variant.gtin ?? `C${fingerprint([item.sourceUrl, variant.sourceSku, variant.attributes]).toUpperCase()}`;
}

export async function rejectItem(deps: ItemDeps, id: string, now: Date): Promise<ItemView> {
  const item = await pendingItem(deps.store, id);
  const next: ItemRecord = { ...item, status: 'rejected', updatedAt: later(now, item.updatedAt) };
  if (!(await deps.store.updateItem(item, next))) throw new ConflictError('CONCURRENT_UPDATE', 'The item changed meanwhile; read it again');
  return toItemView(next);
}

/**
 * A pending item into the catalog. New: a product with one variant per collected variant (SKU:
 * the GTIN, or a stable code), stock 0 (the source's availability is not our stock), its images
 * by URL. Matched: the product's variants get the collected prices, new variants are added; its
 * name, description and images stay the admin's. The item records the product; a second publish
 * of the same item is refused (409), so it never creates two products. A new product's images
 * (other sites' URLs) go to the image pipeline (`images.queue`), which fetches them politely.
 */
export async function publishItem(
  deps: ItemDeps & { catalog: ProductWriteDeps; lookup: CatalogLookup; images: { queue: ImageQueue; isOurs(url: string): boolean } },
  id: string,
  categoryIds: string[],
  now: Date,
): Promise<ProductView> {
  const item = await pendingItem(deps.store, id);
  // Matched when collected, or since: an admin may have created the product (its SKU a GTIN) after the item was collected.
  const productId = item.productId ?? (await matchingProduct(deps.lookup, item));
  // Taken first (pending -> published), so two admins publishing at once make one product.
  const claimed: ItemRecord = { ...item, status: 'published', updatedAt: later(now, item.updatedAt) };
  if (!(await deps.store.updateItem(item, claimed))) throw new ConflictError('CONCURRENT_UPDATE', 'The item changed meanwhile; read it again');
  let product: ProductView;
  try {
    product = productId ? await applyToProduct(deps.catalog, item, productId, categoryIds) : await createProduct(deps.catalog, asAdminInput(CreateProductBody, {
      name: item.name, description: item.description, categoryIds, images: item.images, status: 'active',
      ...(item.brand ? { brand: item.brand } : {}),
      variants: item.variants.map((v) => ({ sku: catalogSku(item, v), attributes: v.attributes, priceCents: v.priceCents, stock: 0, weightGrams: 500 })),
    }));
  } catch (error) {
    // The catalog refused (an unknown category, a taken SKU): the item is pending again, as it was.
    await deps.store.updateItem(claimed, { ...item, updatedAt: later(now, claimed.updatedAt) });
    throw error;
  }
  await deps.store.updateItem(claimed, { ...claimed, productId: product.id, previous: null, updatedAt: later(now, claimed.updatedAt) });
  if (!productId) await deps.images.queue.send(externalImageMessages(product.id, product.images, deps.images.isOurs));
  return product;
}

async function applyToProduct(catalog: ProductWriteDeps, item: ItemRecord, productId: string, categoryIds: string[]): Promise<ProductView> {
  const found = await catalog.catalog.getProduct(productId);
  if (!found) throw new NotFoundError('Product');
  const { product, variants } = found;
  const collected = new Map(item.variants.map((v) => [catalogSku(item, v), v]));
  const existing = variants.map((v) => ({ sku: v.sku, attributes: v.attributes, priceCents: collected.get(v.sku)?.priceCents ?? v.priceCents, weightGrams: v.weightGrams }));
  const added = [...collected].filter(([sku]) => !variants.some((v) => v.sku === sku))
    .map(([sku, v]) => ({ sku, attributes: v.attributes, priceCents: v.priceCents, stock: 0, weightGrams: 500 }));
  return updateProduct(catalog, productId, asAdminInput(UpdateProductBody, {
    name: product.name, description: product.description, categoryIds, images: product.images, status: product.status,
    ...(product.brand ? { brand: product.brand } : {}),
    variants: [...existing, ...added],
  }));
}

/**
 * The catalog's use cases trust their input (the HTTP layer validated it): what a collected item
 * sends them goes through the same body schema an admin's request does, with the same 400.
 */
function asAdminInput<S extends z.core.$ZodType>(schema: S, input: z.input<S>): z.output<S> {
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return parsed.data;
  throw new ValidationError('The collected item is not a valid catalog product', parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'), message: issue.message,
  })));
}
