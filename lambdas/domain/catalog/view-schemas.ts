/**
 * The catalog schemas the product page and the category tree need (`GET /products/{id}`,
 * `GET /categories`), apart from the request bodies of the admin routes: zod/mini schemas are built
 * when their module loads, so a function that imports ./schemas.ts carries all of them. These two
 * routes (lambdas/routes/catalog-reads.ts) import only this module. ./schemas.ts re-exports it.
 */
import * as z from '#shared/zod.js';

export const Id = z.string().check(z.minLength(1), z.maxLength(64));
export const IdParam = z.object({ id: Id });

export const Category = z.object({ id: z.string(), name: z.string(), slug: z.string(), parentId: z.nullable(z.string()) });
export const CategoryList = z.object({ items: z.array(Category) });

export const Variant = z.object({
  sku: z.string(), attributes: z.record(z.string(), z.string()), priceCents: z.number().check(z.int(), z.gte(0)), available: z.number().check(z.int(), z.gte(0)), weightGrams: z.number().check(z.int()),
  heightCm: z.number().check(z.int()), widthCm: z.number().check(z.int()), lengthCm: z.number().check(z.int()),
  /** The variant's NCM (8 digits; null: none given, its taxes use the default rates). On `GET /products/{id}`, not in listings. */
  ncm: z.optional(z.nullable(z.string())),
});

export const Product = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  brand: z.nullable(z.string()),
  categoryIds: z.array(z.string()),
  images: z.array(z.string()),
  status: z.enum(['active', 'archived']),
  variants: z.array(Variant),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A rendition of a product image (API.md "Product images (v2)"): WebP at every width, AVIF where smaller, a JPEG fallback. */
export const Rendition = z.object({
  url: z.string(), width: z.number().check(z.int()), height: z.number().check(z.int()), format: z.enum(['avif', 'webp', 'jpeg']),
});
export const ImageSet = z.object({
  original: z.string(), width: z.number().check(z.int()), height: z.number().check(z.int()), renditions: z.array(Rendition),
});

/** `GET /products/{id}`: the product with `imageSet`, the renditions of those of its `images` that have them yet (in `images` order). */
export const ProductPage = z.extend(Product, { imageSet: z.array(ImageSet) });
export type ProductPageView = z.infer<typeof ProductPage>;
