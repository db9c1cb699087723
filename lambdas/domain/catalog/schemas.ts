import * as z from 'zod';
import { SLUG } from './rules.js';

export const Id = z.string().min(1).max(64);
export const IdParam = z.object({ id: Id });

const Slug = z.string().trim().toLowerCase().max(80).regex(SLUG, { message: 'slug must be lower-case letters, digits and hyphens' });

export const CategoryBody = z.object({
  name: z.string().trim().min(1).max(80),
  slug: Slug.optional(),
  parentId: Id.nullable().optional(),
});

export const Category = z.object({ id: z.string(), name: z.string(), slug: z.string(), parentId: z.string().nullable() });
export const CategoryList = z.object({ items: z.array(Category) });

export const Sku = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may contain letters, digits, dot, underscore and hyphen' });

const Attributes = z
  .record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(80))
  .refine((a) => Object.keys(a).length <= 10, { message: 'at most 10 attributes' });

export const PriceCents = z.number().int().min(1).max(100_000_000);
export const StockCount = z.number().int().min(0).max(1_000_000);
/** Shipping weight of one unit, packaging included. */
export const WeightGrams = z.number().int().min(1).max(100_000);

const ImageUrl = z.url({ protocol: /^https?$/, message: 'images must be http(s) URLs' }).max(2048);

/** Sanitised by the use cases (sanitize.ts), so that only they bundle the HTML parser. */
const Description = z.string().max(20_000);

const ProductFields = {
  name: z.string().trim().min(1).max(200),
  slug: Slug.optional(),
  description: Description,
  brand: z.string().trim().min(1).max(80).optional(),
  categoryIds: z.array(Id).min(1).max(10).refine((ids) => new Set(ids).size === ids.length, { message: 'categoryIds must be distinct' }),
  images: z.array(ImageUrl).max(10).default([]),
};

const distinctSkus = (variants: { sku: string }[]) => new Set(variants.map((v) => v.sku)).size === variants.length;

export const CreateProductBody = z.object({
  ...ProductFields,
  status: z.enum(['active', 'archived']).default('active'),
  variants: z
    .array(z.object({ sku: Sku, attributes: Attributes.default({}), priceCents: PriceCents, stock: StockCount.default(0), weightGrams: WeightGrams.default(500) }))
    .min(1).max(50)
    .refine(distinctSkus, { message: 'SKUs must be distinct' }),
});

export const UpdateProductBody = z.object({
  ...ProductFields,
  status: z.enum(['active', 'archived']),
  /** Every existing SKU must be listed (SKUs are immutable); new SKUs are added with their initial stock. */
  variants: z
    .array(z.object({ sku: Sku, attributes: Attributes.default({}), priceCents: PriceCents, stock: StockCount.optional(), weightGrams: WeightGrams.default(500) }))
    .min(1).max(50)
    .refine(distinctSkus, { message: 'SKUs must be distinct' }),
});

export const Variant = z.object({
  sku: z.string(), attributes: z.record(z.string(), z.string()), priceCents: z.number().int(), available: z.number().int(), weightGrams: z.number().int(),
});

export const Product = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  brand: z.string().nullable(),
  categoryIds: z.array(z.string()),
  images: z.array(z.string()),
  status: z.enum(['active', 'archived']),
  variants: z.array(Variant),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ProductSummary = Product.omit({ description: true }).extend({
  priceCents: z.number().int().describe('lowest variant price'),
  inStock: z.boolean(),
});

export const SORTS = ['relevance', 'price', '-price', 'newest', 'bestselling'] as const;

const IntParam = (name: string) =>
  z.string().regex(/^\d+$/, { message: `${name} must be a non-negative integer` }).transform(Number).pipe(z.number().int().max(1_000_000_000));

export const ProductListQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    category: z.string().min(1).max(80).optional(),
    minPrice: IntParam('minPrice').optional(),
    maxPrice: IntParam('maxPrice').optional(),
    inStock: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` }).optional(),
    limit: z.string().regex(/^\d+$/, { message: 'limit must be an integer from 1 to 100' }).transform(Number)
      .pipe(z.number().int().min(1, { message: 'limit must be at least 1' }).max(100, { message: 'limit must be at most 100' })).optional(),
    cursor: z.string().max(1024).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.minPrice !== undefined && q.maxPrice !== undefined && q.minPrice > q.maxPrice) {
      ctx.addIssue({ code: 'custom', path: ['minPrice'], message: 'minPrice must not exceed maxPrice' });
    }
  });

export const ProductList = z.object({ items: z.array(ProductSummary), nextCursor: z.string().nullable() });

export const SkuParams = z.object({ id: Id, sku: Sku });

export const StockBody = z.union([
  z.object({ stock: StockCount }).strict(),
  z.object({ delta: z.number().int().min(-1_000_000).max(1_000_000) }).strict(),
], { message: 'send either {stock} (absolute, >= 0) or {delta} (integer)' });

export const StockResponse = z.object({ sku: z.string(), stock: z.number().int() });

export const LowStockQuery = z.object({
  threshold: z.string().regex(/^\d+$/, { message: 'threshold must be a non-negative integer' }).transform(Number).optional(),
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
  // One position per inventory shard (stock and SKU): up to ~1.1 KB with ten shards and 64-character SKUs.
  cursor: z.string().max(2048).optional(),
});

export const LowStockList = z.object({
  items: z.array(z.object({ productId: z.string(), sku: z.string(), name: z.string(), stock: z.number().int() })),
  nextCursor: z.string().nullable(),
});

export const ImageUploadBody = z.object({
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp'], { message: 'contentType must be image/jpeg, image/png or image/webp' }),
  fileName: z.string().trim().min(1).max(200),
  /** Optional (not in the contract's body): when given, the signature covers it and S3 refuses any other length. */
  sizeBytes: z.number().int().min(1).max(5 * 1024 * 1024, { message: 'images are at most 5 MiB' }).optional(),
});

export const ImageUploadResponse = z.object({
  uploadUrl: z.string(),
  imageUrl: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});

export type CategoryInput = z.infer<typeof CategoryBody>;
export type CategoryView = z.infer<typeof Category>;
export type CreateProductInput = z.infer<typeof CreateProductBody>;
export type UpdateProductInput = z.infer<typeof UpdateProductBody>;
export type ProductView = z.infer<typeof Product>;
export type ProductSummaryView = z.infer<typeof ProductSummary>;
export type ProductListQueryInput = z.infer<typeof ProductListQuery>;
