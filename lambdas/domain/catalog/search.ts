import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import { ValidationError } from '#shared/errors.js';
import { fold } from './rules.js';
import type { ProductListQueryInput, ProductSummaryView } from './schemas.js';
import type { CatalogSnapshot, SnapshotProduct } from './snapshot.js';

/** Words too common in Portuguese product text to say anything about relevance. */
const STOP_WORDS = new Set(['a', 'o', 'as', 'os', 'de', 'da', 'do', 'das', 'dos', 'e', 'em', 'para', 'com', 'por', 'um', 'uma', 'no', 'na']);

const processTerm = (term: string): string | null => {
  const folded = fold(term);
  return folded.length === 0 || STOP_WORDS.has(folded) ? null : folded;
};

interface Entry {
  product: SnapshotProduct;
  /** The listing view of the product, built once per snapshot. */
  summary: ProductSummaryView;
  createdAtMs: number;
}

type SortKey = (number | string)[];
type Sort = NonNullable<ProductListQueryInput['sort']>;

/** An entry with its sort key for one sort; arrays of them are kept in ascending key order. */
interface Ranked {
  entry: Entry;
  key: SortKey;
}

/**
 * In-memory search over one snapshot: accent- and case-insensitive (terms are folded), prefix
 * matching, one typo forgiven in words of four letters or more (two from eight, so a swapped pair
 * of letters in a long word still matches), every
 * word must match. Ranked by BM25 with name > brand > category names > description.
 * Pages use a keyset cursor (the sort values of the last item), so a page never repeats or skips
 * an item of the same snapshot.
 *
 * Listings without `q` do not sort per request: the entries are sorted by each sort (and per
 * category) once per snapshot, on first use, and a page walks that order from the cursor,
 * filtering, until it is full.
 */
export class CatalogIndex {
  readonly version: string;
  private readonly entries = new Map<string, Entry>();
  private readonly mini: MiniSearch;
  /** Category slug -> id; category id -> the category and all its descendants. */
  private readonly categoryBySlug = new Map<string, string>();
  private readonly scopes = new Map<string, Set<string>>();
  /** `<sort> <category id>` -> the entries (of that category, when given) in that sort's order. */
  private readonly presorted = new Map<string, readonly Ranked[]>();

  constructor(snapshot: CatalogSnapshot) {
    this.version = snapshot.version;
    const categoryName = new Map(snapshot.categories.map((c) => [c.id, c.name]));
    const childrenOf = new Map<string, string[]>();
    for (const c of snapshot.categories) {
      this.categoryBySlug.set(c.slug, c.id);
      if (c.parentId) childrenOf.set(c.parentId, [...(childrenOf.get(c.parentId) ?? []), c.id]);
    }
    for (const c of snapshot.categories) {
      const scope = new Set<string>();
      const stack = [c.id];
      while (stack.length) {
        const id = stack.pop() as string;
        if (scope.has(id)) continue;
        scope.add(id);
        stack.push(...(childrenOf.get(id) ?? []));
      }
      this.scopes.set(c.id, scope);
    }
    this.mini = new MiniSearch({
      fields: ['name', 'brand', 'categoryNames', 'description'],
      processTerm,
      searchOptions: {
        boost: { name: 3, brand: 2, categoryNames: 1.5, description: 1 },
        prefix: true,
        fuzzy: (term) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0),
        combineWith: 'AND',
        processTerm,
      },
    });
    const docs = snapshot.products.map((product) => {
      this.entries.set(product.id, { product, summary: toSummary(product), createdAtMs: Date.parse(product.createdAt) });
      return {
        id: product.id,
        name: product.name,
        brand: product.brand ?? '',
        categoryNames: product.categoryIds.map((id) => categoryName.get(id) ?? '').join(' '),
        description: product.descriptionText,
      };
    });
    this.mini.addAll(docs);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every entry in the order of `sort`, only those of the category when given; sorted once per snapshot. */
  private inOrder(sort: Sort, category?: string): readonly Ranked[] {
    const cacheKey = `${sort} ${category ?? ''}`;
    let ranked = this.presorted.get(cacheKey);
    if (!ranked) {
      const scope = category ? this.scopes.get(category) : undefined;
      ranked = scope
        ? this.inOrder(sort).filter(({ entry }) => inScope(entry, scope))
        : [...this.entries.values()].map((entry) => ({ entry, key: keyOf(entry, sort, 0) })).sort(byKey);
      this.presorted.set(cacheKey, ranked);
    }
    return ranked;
  }

  list(query: ProductListQueryInput): { items: ProductSummaryView[]; nextCursor: string | null } {
    const limit = query.limit ?? 20;
    const q = query.q?.trim() || undefined;
    const sort = query.sort ?? (q ? 'relevance' : 'newest');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([q ?? '', query.category ?? '', query.minPrice ?? '', query.maxPrice ?? '', query.inStock ?? '', sort]))
      .digest('base64url')
      .slice(0, 12);

    // The category as given by id or slug; an unknown one matches nothing.
    const category = query.category && (this.scopes.has(query.category) ? query.category : this.categoryBySlug.get(query.category));
    if (query.category && !category) return { items: [], nextCursor: null };
    const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;

    let ranked: readonly Ranked[];
    if (q) {
      const scope = category ? this.scopes.get(category) : undefined;
      ranked = this.mini.search(q)
        .map((r) => ({ entry: this.entries.get(r.id as string) as Entry, score: r.score }))
        .filter(({ entry }) => !scope || inScope(entry, scope))
        .map(({ entry, score }) => ({ entry, key: keyOf(entry, sort, score) }))
        .sort(byKey);
    } else {
      ranked = this.inOrder(sort, category);
    }

    const priced = query.minPrice !== undefined || query.maxPrice !== undefined;
    const min = query.minPrice ?? 0;
    const max = query.maxPrice ?? Number.MAX_SAFE_INTEGER;
    const matches = ({ product, summary }: Entry) =>
      (!query.inStock || summary.inStock) && (!priced || product.variants.some((v) => v.priceCents >= min && v.priceCents <= max));

    let from = after ? firstIndex(ranked, ({ key }) => compareKeys(key, after) > 0) : 0;
    let to = ranked.length;
    // A product whose lowest price is above maxPrice cannot match; in a price order those are together at one end.
    if (query.maxPrice !== undefined && sort === 'price') to = firstIndex(ranked, ({ entry }) => entry.summary.priceCents > max);
    if (query.maxPrice !== undefined && sort === '-price') from = Math.max(from, firstIndex(ranked, ({ entry }) => entry.summary.priceCents <= max));

    // The first `limit` matches after the cursor, plus one to tell whether another page exists.
    const page: Ranked[] = [];
    for (let i = from; i < to && page.length <= limit; i++) {
      if (matches(ranked[i].entry)) page.push(ranked[i]);
    }
    const hasMore = page.length > limit;
    if (hasMore) page.pop();
    const last = page.at(-1);
    return {
      items: page.map(({ entry }) => entry.summary),
      nextCursor: hasMore && last ? encodeCursor(last.key, fingerprint) : null,
    };
  }
}

const inScope = ({ product }: Entry, scope: Set<string>) => product.categoryIds.some((id) => scope.has(id));

/** Every sort ends with the id, so keys are unique and the order is total. */
function keyOf({ product, summary, createdAtMs }: Entry, sort: Sort, score: number): SortKey {
  switch (sort) {
    case 'relevance': return [-round(score), product.id];
    case 'price': return [summary.priceCents, product.id];
    case '-price': return [-summary.priceCents, product.id];
    case 'bestselling': return [-product.orderedUnits, -createdAtMs, product.id];
    default: return [-createdAtMs, product.id];
  }
}

const byKey = (a: Ranked, b: Ranked) => compareKeys(a.key, b.key);

/** Index of the first entry that satisfies `test`, which is false and then true along `ranked` (binary search). */
function firstIndex(ranked: readonly Ranked[], test: (ranked: Ranked) => boolean): number {
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (test(ranked[mid])) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Scores are rounded so that a key survives the JSON round trip of the cursor unchanged. */
const round = (score: number) => Math.round(score * 1e6) / 1e6;

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function encodeCursor(key: SortKey, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ k: key, f: fingerprint })).toString('base64url');
}

function decodeCursor(cursor: string, fingerprint: string): SortKey {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown; f?: unknown };
    if (value.f === fingerprint && Array.isArray(value.k) && value.k.every((v) => typeof v === 'number' || typeof v === 'string')) {
      return value.k as SortKey;
    }
  } catch {
    // reported below
  }
  throw new ValidationError('Invalid cursor', [{ field: 'cursor', message: 'cursor is malformed or belongs to a different query' }]);
}

function toSummary(product: SnapshotProduct): ProductSummaryView {
  return {
    id: product.id,
    name: product.name,
    slug: product.slug,
    brand: product.brand,
    categoryIds: product.categoryIds,
    images: product.images,
    status: product.status,
    variants: product.variants,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    priceCents: Math.min(...product.variants.map((v) => v.priceCents)),
    inStock: product.variants.some((v) => v.available > 0),
  };
}
