import { ValidationError } from '#shared/errors.js';
import { plainText } from '#shared/text.js';
import * as z from '#shared/zod.js';
import { SLUG } from './rules.js';
import type { Category } from './view-schemas.js';
import { Id, Product } from './view-schemas.js';
import { DEFAULT_PACKAGE } from './package.js';
import { isValidNcm, normalizeNcm } from '#domain/taxes/rules.js';

export { Category, CategoryList, Id, IdParam, Product, Variant } from './view-schemas.js';

const Slug = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(80), z.regex(SLUG, { message: 'slug must be lower-case letters, digits and hyphens' }));

export const CategoryBody = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80), plainText()),
  slug: z.optional(Slug),
  parentId: z.optional(z.nullable(Id)),
});


/** An NCM (Nomenclatura Comum do Mercosul): 8 digits, dots allowed (`8517.13.00`) and removed. */
const Ncm = z.pipe(
  z.string().check(z.refine(isValidNcm, { message: 'ncm must be 8 digits (an NCM code, e.g. 85171300 or 8517.13.00)' })),
  z.transform((v) => normalizeNcm(v) as string),
);

export const Sku = z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may contain letters, digits, dot, underscore and hyphen' }));

const Attributes = z
  .record(z.string().check(z.trim(), z.minLength(1), z.maxLength(40), plainText()), z.string().check(z.trim(), z.minLength(1), z.maxLength(80), plainText())).check(z.refine((a) => Object.keys(a).length <= 10, { message: 'at most 10 attributes' }));

export const PriceCents = z.number().check(z.int(), z.gte(1), z.lte(100_000_000));
export const StockCount = z.number().check(z.int(), z.gte(0), z.lte(1_000_000));
/** Shipping weight of one unit, packaging included. */
export const WeightGrams = z.number().check(z.int(), z.gte(1), z.lte(100_000));
/** One side of the packed unit's box, in whole centimetres (carriers quote by weight and size). */
export const SideCm = z.number().check(z.int(), z.gte(1), z.lte(200));
const PackageFields = {
  weightGrams: z._default(WeightGrams, DEFAULT_PACKAGE.weightGrams),
  heightCm: z._default(SideCm, DEFAULT_PACKAGE.heightCm),
  widthCm: z._default(SideCm, DEFAULT_PACKAGE.widthCm),
  lengthCm: z._default(SideCm, DEFAULT_PACKAGE.lengthCm),
};

const ImageUrl = z.url({ protocol: /^https?$/, message: 'images must be http(s) URLs' }).check(z.maxLength(2048));

/** Sanitised by the use cases (sanitize.ts), so that only they bundle the HTML parser. */
const Description = z.string().check(z.maxLength(20_000));

const ProductFields = {
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), plainText()),
  slug: z.optional(Slug),
  description: Description,
  brand: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80), plainText())),
  categoryIds: z.array(Id).check(z.minLength(1), z.maxLength(10), z.refine((ids) => new Set(ids).size === ids.length, { message: 'categoryIds must be distinct' })),
  images: z._default(z.array(ImageUrl).check(z.maxLength(10)), []),
  /** The NCM of every variant that does not give its own (taxes, Lei 12.741/2012). */
  ncm: z.optional(z.nullable(Ncm)),
};

const distinctSkus = (variants: { sku: string }[]) => new Set(variants.map((v) => v.sku)).size === variants.length;

export const CreateProductBody = z.object({
  ...ProductFields,
  status: z._default(z.enum(['active', 'archived']), 'active'),
  variants: z
    .array(z.object({ sku: Sku, attributes: z._default(Attributes, {}), priceCents: PriceCents, stock: z._default(StockCount, 0), ncm: z.optional(z.nullable(Ncm)), ...PackageFields })).check(z.minLength(1), z.maxLength(50), z.refine(distinctSkus, { message: 'SKUs must be distinct' })),
});

export const UpdateProductBody = z.object({
  ...ProductFields,
  status: z.enum(['active', 'archived']),
  /** Every existing SKU must be listed (SKUs are immutable); new SKUs are added with their initial stock. */
  variants: z
    .array(z.object({ sku: Sku, attributes: z._default(Attributes, {}), priceCents: PriceCents, stock: z.optional(StockCount), ncm: z.optional(z.nullable(Ncm)), ...PackageFields })).check(z.minLength(1), z.maxLength(50), z.refine(distinctSkus, { message: 'SKUs must be distinct' })),
});

export const ProductSummary = z.extend(z.omit(Product, { description: true }), {
  priceCents: z.number().check(z.int(), z.describe('lowest variant price')),
  inStock: z.boolean(),
});

export const SORTS = ['relevance', 'price', '-price', 'newest', 'bestselling'] as const;

const IntParam = (name: string) =>
  z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/, { message: `${name} must be a non-negative integer` })), z.transform(Number)), z.number().check(z.int(), z.lte(1_000_000_000)));

export const ProductListQuery = z
  .object({
    q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    category: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
    minPrice: z.optional(IntParam('minPrice')),
    maxPrice: z.optional(IntParam('maxPrice')),
    inStock: z.optional(z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))),
    sort: z.optional(z.enum(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` })),
    limit: z.optional(z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'limit must be an integer from 1 to 100' })), z.transform(Number)), z.number().check(z.int(), z.gte(1, { message: 'limit must be at least 1' }), z.lte(100, { message: 'limit must be at most 100' })))),
    cursor: z.optional(z.string().check(z.maxLength(1024))),
    brand: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
  }).check(z.superRefine((q, ctx) => {
    if (q.minPrice !== undefined && q.maxPrice !== undefined && q.minPrice > q.maxPrice) {
      ctx.addIssue({ code: 'custom', path: ['minPrice'], message: 'minPrice must not exceed maxPrice' });
    }
  }));

const FacetValues = z.array(z.object({ value: z.string(), count: z.number().check(z.int()) }));

/** Counts over the whole result set (not the page), each facet without its own filter (docs/decisions.md "Facets"). */
export const ProductFacets = z.object({
  brand: FacetValues,
  price: z.array(z.object({
    minPrice: z.number().check(z.int()), maxPrice: z.nullable(z.number().check(z.int())), count: z.number().check(z.int()),
  })),
  attributes: z.record(z.string(), FacetValues),
});

export const ProductList = z.object({ items: z.array(ProductSummary), nextCursor: z.nullable(z.string()), facets: ProductFacets });

/** `attr.<name>=<value>` query parameters (variant attributes), at most this many per request. */
export const MAX_ATTRIBUTE_FILTERS = 5;
const ATTRIBUTE_PARAM = /^attr\.(.*)$/;

/**
 * The variant-attribute filters of a listing's query string (`attr.cor=preto&attr.armazenamento=128GB`);
 * other parameters are the route schema's business. A name or value that is empty or too long, or more
 * than `MAX_ATTRIBUTE_FILTERS` of them, is a 400 naming the parameter.
 */
export function attributeFilters(query: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const filters: Record<string, string> = {};
  const details: { field: string; message: string }[] = [];
  for (const [param, raw] of Object.entries(query)) {
    const name = ATTRIBUTE_PARAM.exec(param)?.[1]?.trim();
    if (name === undefined) continue;
    const value = raw?.trim() ?? '';
    if (!name || name.length > 40) details.push({ field: param, message: 'attribute names have 1 to 40 characters' });
    else if (!value || value.length > 80) details.push({ field: param, message: 'attribute values have 1 to 80 characters' });
    else filters[name] = value;
  }
  if (Object.keys(filters).length > MAX_ATTRIBUTE_FILTERS) details.push({ field: 'attr', message: `at most ${MAX_ATTRIBUTE_FILTERS} attribute filters` });
  if (details.length) throw new ValidationError('Invalid request query', details);
  return filters;
}

export const SkuParams = z.object({ id: Id, sku: Sku });

export const StockBody = z.union([
  z.strictObject({ stock: StockCount }),
  z.strictObject({ delta: z.number().check(z.int(), z.gte(-1_000_000), z.lte(1_000_000)) }),
], { message: 'send either {stock} (absolute, >= 0) or {delta} (integer)' });

export const StockResponse = z.object({ sku: z.string(), stock: z.number().check(z.int()) });

/** CSV inside JSON: the API speaks JSON only (415 otherwise), and a 64 KiB body holds ~3,000 rows of `sku,stock`. */
export const StockImportBody = z.object({
  csv: z.string().check(z.minLength(1, { message: 'csv must not be empty' })),
  dryRun: z._default(z.boolean(), false),
});

export const StockImportReport = z.object({
  dryRun: z.boolean(),
  summary: z.object({ rows: z.number().check(z.int()), ok: z.number().check(z.int()), errors: z.number().check(z.int()), applied: z.number().check(z.int()) }),
  rows: z.array(z.object({
    line: z.number().check(z.int()),
    sku: z.string(),
    status: z.enum(['ok', 'error']),
    applied: z.boolean(),
    previousStock: z.nullable(z.number().check(z.int())),
    stock: z.nullable(z.number().check(z.int())),
    /** INVALID_SKU, DUPLICATE_SKU, INVALID_QUANTITY, UNKNOWN_SKU, INSUFFICIENT_STOCK */
    code: z.optional(z.string()),
    message: z.optional(z.string()),
  })),
});

export const LowStockQuery = z.object({
  threshold: z.optional(z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'threshold must be a non-negative integer' })), z.transform(Number)),
    z.number().check(z.lte(Number.MAX_SAFE_INTEGER, { message: `threshold must be at most ${Number.MAX_SAFE_INTEGER}` })),
  )),
  limit: z.optional(z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)), z.number().check(z.int(), z.gte(1), z.lte(100)))),
  // One position per inventory shard (stock and SKU): up to ~1.1 KB with ten shards and 64-character SKUs.
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

export const LowStockList = z.object({
  items: z.array(z.object({ productId: z.string(), sku: z.string(), name: z.string(), stock: z.number().check(z.int()) })),
  nextCursor: z.nullable(z.string()),
});

export const ImageUploadBody = z.object({
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp'], { message: 'contentType must be image/jpeg, image/png or image/webp' }),
  fileName: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /**
   * Optional (the contract's body is `{contentType, fileName}`): when given, the upload URL signs that
   * exact length and the unregistered tag, so S3 refuses a body of any other size (and nothing over 5 MiB
   * gets a URL), and the upload expires unless a product registers it. The console always sends it.
   */
  sizeBytes: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5 * 1024 * 1024, { message: 'images are at most 5 MiB' }))),
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
export type ProductFacets = z.infer<typeof ProductFacets>;
export type ProductListView = z.infer<typeof ProductList>;

/** The stock at or under which a variant is low (the low-stock list's default, the VariantLowOnStock alert). */
export const LOW_STOCK_THRESHOLD = 5;
