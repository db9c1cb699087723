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
  fromPrice: number;
  createdAtMs: number;
}

type SortKey = (number | string)[];

/**
 * In-memory search over one snapshot: accent- and case-insensitive (terms are folded), prefix
 * matching, one typo forgiven in words of four letters or more (two from eight, so a swapped pair
 * of letters in a long word still matches), every
 * word must match. Ranked by BM25 with name > brand > category names > description.
 * Pages use a keyset cursor (the sort values of the last item), so a page never repeats or skips
 * an item of the same snapshot.
 */
export class CatalogIndex {
  readonly version: string;
  private readonly entries = new Map<string, Entry>();
  private readonly mini: MiniSearch;
  private readonly childrenOf = new Map<string, string[]>();
  private readonly categoryBySlug = new Map<string, string>();
  private readonly categoryIds = new Set<string>();

  constructor(snapshot: CatalogSnapshot) {
    this.version = snapshot.version;
    const categoryName = new Map(snapshot.categories.map((c) => [c.id, c.name]));
    for (const c of snapshot.categories) {
      this.categoryBySlug.set(c.slug, c.id);
      this.categoryIds.add(c.id);
      if (c.parentId) this.childrenOf.set(c.parentId, [...(this.childrenOf.get(c.parentId) ?? []), c.id]);
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
      this.entries.set(product.id, {
        product,
        fromPrice: Math.min(...product.variants.map((v) => v.priceCents)),
        createdAtMs: Date.parse(product.createdAt),
      });
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

  /** The category and all its descendants; undefined when the id or slug is unknown. */
  private categoryScope(idOrSlug: string): Set<string> | undefined {
    const root = this.categoryIds.has(idOrSlug) ? idOrSlug : this.categoryBySlug.get(idOrSlug);
    if (!root) return undefined;
    const scope = new Set<string>();
    const stack = [root];
    while (stack.length) {
      const id = stack.pop() as string;
      if (scope.has(id)) continue;
      scope.add(id);
      stack.push(...(this.childrenOf.get(id) ?? []));
    }
    return scope;
  }

  list(query: ProductListQueryInput): { items: ProductSummaryView[]; nextCursor: string | null } {
    const limit = query.limit ?? 20;
    const q = query.q?.trim() || undefined;
    const sort = query.sort ?? (q ? 'relevance' : 'newest');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([q ?? '', query.category ?? '', query.minPrice ?? '', query.maxPrice ?? '', query.inStock ?? '', sort]))
      .digest('base64url')
      .slice(0, 12);

    let candidates: { entry: Entry; score: number }[];
    if (q) {
      candidates = this.mini.search(q).map((r) => ({ entry: this.entries.get(r.id as string) as Entry, score: r.score }));
    } else {
      candidates = [...this.entries.values()].map((entry) => ({ entry, score: 0 }));
    }

    const scope = query.category ? this.categoryScope(query.category) : undefined;
    if (query.category && !scope) return { items: [], nextCursor: null };
    const matching = candidates.filter(({ entry: { product } }) => {
      if (scope && !product.categoryIds.some((id) => scope.has(id))) return false;
      if (query.inStock && !product.variants.some((v) => v.available > 0)) return false;
      if (query.minPrice !== undefined || query.maxPrice !== undefined) {
        const min = query.minPrice ?? 0;
        const max = query.maxPrice ?? Number.MAX_SAFE_INTEGER;
        if (!product.variants.some((v) => v.priceCents >= min && v.priceCents <= max)) return false;
      }
      return true;
    });

    const keyOf = ({ entry, score }: { entry: Entry; score: number }): SortKey => {
      const id = entry.product.id;
      switch (sort) {
        case 'relevance': return [-round(score), id];
        case 'price': return [entry.fromPrice, id];
        case '-price': return [-entry.fromPrice, id];
        case 'bestselling': return [-entry.product.orderedUnits, -entry.createdAtMs, id];
        default: return [-entry.createdAtMs, id];
      }
    };
    const keyed = matching.map((m) => ({ m, key: keyOf(m) })).sort((a, b) => compareKeys(a.key, b.key));

    let start = 0;
    if (query.cursor) {
      const after = decodeCursor(query.cursor, fingerprint);
      start = keyed.findIndex((k) => compareKeys(k.key, after) > 0);
      if (start < 0) start = keyed.length;
    }
    const page = keyed.slice(start, start + limit);
    const hasMore = start + limit < keyed.length;
    return {
      items: page.map(({ m }) => toSummary(m.entry)),
      nextCursor: hasMore && page.length ? encodeCursor(page[page.length - 1].key, fingerprint) : null,
    };
  }
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

function toSummary({ product, fromPrice }: Entry): ProductSummaryView {
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
    priceCents: fromPrice,
    inStock: product.variants.some((v) => v.available > 0),
  };
}
