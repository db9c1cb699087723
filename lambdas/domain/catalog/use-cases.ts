import { ulid } from 'ulid';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.js';
import { type CatalogRepository, type CategoryRecord, toProductView } from './ports.js';
import { imageSetOf, type ImageSetRepository } from './renditions.js';
import { MAX_CATEGORY_DEPTH, slugify } from './rules.js';
import type { CategoryInput, CategoryView } from './schemas.js';
import type { ProductPageView } from './view-schemas.js';

export interface CatalogDeps {
  catalog: CatalogRepository;
  now: () => Date;
}

export const slugTaken = (slug: string) =>
  new ConflictError('SLUG_TAKEN', `The slug "${slug}" is already in use`, [{ field: 'slug', slug }]);

const toCategoryView = ({ id, name, slug, parentId }: CategoryRecord): CategoryView => ({ id, name, slug, parentId });

/** Depth of a category (root = 1) and height of its subtree (leaf = 1), from the full list. */
function treeMetrics(all: CategoryRecord[]) {
  const byId = new Map(all.map((c) => [c.id, c]));
  const depth = (id: string): number => {
    let d = 0;
    for (let c = byId.get(id); c && d <= all.length; c = c.parentId ? byId.get(c.parentId) : undefined) d++;
    return d;
  };
  const height = (id: string): number => {
    const children = all.filter((c) => c.parentId === id);
    return 1 + (children.length ? Math.max(...children.map((c) => height(c.id))) : 0);
  };
  const isDescendant = (candidate: string, ancestor: string): boolean => {
    for (let c = byId.get(candidate); c; c = c.parentId ? byId.get(c.parentId) : undefined) {
      if (c.id === ancestor) return true;
    }
    return false;
  };
  return { byId, depth, height, isDescendant };
}

export async function listCategories(deps: Pick<CatalogDeps, 'catalog'>): Promise<CategoryView[]> {
  return (await deps.catalog.listCategories()).map(toCategoryView);
}

export async function createCategory(deps: CatalogDeps, input: CategoryInput): Promise<CategoryView> {
  const parentId = input.parentId ?? null;
  if (parentId) {
    const tree = treeMetrics(await deps.catalog.listCategories());
    if (!tree.byId.has(parentId)) throw new ValidationError('Unknown parent category', [{ field: 'parentId', message: 'no such category' }]);
    if (tree.depth(parentId) + 1 > MAX_CATEGORY_DEPTH) {
      throw new ValidationError(`Categories nest at most ${MAX_CATEGORY_DEPTH} levels deep`, [{ field: 'parentId', message: 'too deep' }]);
    }
  }
  const category: CategoryRecord = {
    id: ulid(), name: input.name, slug: input.slug ?? slugify(input.name), parentId, productCount: 0, childCount: 0, createdAt: deps.now().toISOString(),
  };
  if (!category.slug) throw new ValidationError('A slug is required', [{ field: 'slug', message: 'could not derive a slug from the name' }]);
  const outcome = await deps.catalog.createCategory(category);
  if (!outcome.ok) {
    if (outcome.reason === 'slug-taken') throw slugTaken(category.slug);
    throw new ValidationError('Unknown parent category', [{ field: 'parentId', message: 'no such category' }]);
  }
  return toCategoryView(category);
}

export async function updateCategory(deps: Pick<CatalogDeps, 'catalog'>, id: string, input: CategoryInput): Promise<CategoryView> {
  const all = await deps.catalog.listCategories();
  const tree = treeMetrics(all);
  const previous = tree.byId.get(id);
  if (!previous) throw new NotFoundError('Category');
  const parentId = input.parentId === undefined ? previous.parentId : input.parentId;
  if (parentId) {
    if (!tree.byId.has(parentId)) throw new ValidationError('Unknown parent category', [{ field: 'parentId', message: 'no such category' }]);
    if (parentId === id || tree.isDescendant(parentId, id)) {
      throw new ConflictError('CATEGORY_CYCLE', 'A category cannot be moved under itself or one of its descendants');
    }
    if (tree.depth(parentId) + tree.height(id) > MAX_CATEGORY_DEPTH) {
      throw new ValidationError(`Categories nest at most ${MAX_CATEGORY_DEPTH} levels deep`, [{ field: 'parentId', message: 'too deep' }]);
    }
  }
  const next: CategoryRecord = { ...previous, name: input.name, slug: input.slug ?? previous.slug, parentId };
  const outcome = await deps.catalog.updateCategory(previous, next);
  if (!outcome.ok) {
    if (outcome.reason === 'slug-taken') throw slugTaken(next.slug);
    if (outcome.reason === 'parent-missing') throw new ValidationError('Unknown parent category', [{ field: 'parentId', message: 'no such category' }]);
    throw new ConflictError('CONCURRENT_UPDATE', 'The category changed meanwhile; read it again and retry');
  }
  return toCategoryView(next);
}

export async function deleteCategory(deps: Pick<CatalogDeps, 'catalog'>, id: string): Promise<void> {
  const outcome = await deps.catalog.deleteCategory(id);
  if (outcome.ok) return;
  if (outcome.reason === 'not-found') throw new NotFoundError('Category');
  throw new ConflictError('CATEGORY_IN_USE', 'The category still has products or sub-categories');
}

/** `GET /products/{id}`: the product and the renditions of its images (read at once: two requests in parallel). */
export async function getProductPage(deps: Pick<CatalogDeps, 'catalog'> & { imageSets: Pick<ImageSetRepository, 'listForProduct'> }, id: string): Promise<ProductPageView> {
  const [found, sets] = await Promise.all([deps.catalog.getProduct(id), deps.imageSets.listForProduct(id)]);
  if (!found) throw new NotFoundError('Product');
  return { ...toProductView(found.product, found.variants), imageSet: imageSetOf(found.product.images, sets) };
}

export async function deleteProduct(deps: Pick<CatalogDeps, 'catalog'>, id: string): Promise<void> {
  const found = await deps.catalog.getProduct(id);
  if (!found) throw new NotFoundError('Product');
  const outcome = await deps.catalog.deleteProduct(found.product);
  if (outcome.ok) return;
  if (outcome.reason === 'in-use') {
    // The transaction's conditions refused it; read again to say which rule (an order may have come meanwhile).
    const variants = (await deps.catalog.getProduct(id))?.variants ?? found.variants;
    if (variants.some((v) => v.orderedUnits > 0)) {
      throw new ConflictError('PRODUCT_HAS_SALES', 'The product is referenced by orders; archive it instead (PUT with status "archived")');
    }
    const stocked = variants.filter((v) => v.stock > 0);
    if (stocked.length) {
      throw new ConflictError(
        'PRODUCT_HAS_STOCK',
        'The product still has stock on hand; set its stock to 0 (or archive it) before deleting',
        stocked.map((v) => ({ sku: v.sku, stock: v.stock })),
      );
    }
  }
  throw new ConflictError('CONCURRENT_UPDATE', 'The product changed meanwhile; read it again and retry');
}

export async function changeStock(deps: Pick<CatalogDeps, 'catalog'>, productId: string, sku: string, change: { stock: number } | { delta: number }) {
  const outcome = await deps.catalog.changeStock(productId, sku, change);
  if (outcome.ok) return { sku, stock: outcome.stock };
  if (outcome.reason === 'not-found') throw new NotFoundError('Variant');
  throw new ConflictError('INSUFFICIENT_STOCK', 'Stock cannot go below zero', [{ sku, available: outcome.available ?? 0 }]);
}
