import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import { ValidationError } from '#shared/errors.js';
import { fold } from './rules.js';
import type { ProductFacets, ProductListQueryInput, ProductListView, ProductSummaryView } from './schemas.js';
import type { CatalogSnapshot, SnapshotDelta, SnapshotProduct } from './snapshot.js';

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
  /** The brand's key (see `facetKey`), '' without one. */
  brandKey: string;
  /** Per variant: attribute key -> value key (see `facetKey`). */
  variantKeys: Map<string, string>[];
}

/** A listing query: the route's query plus the variant-attribute filters (`attr.<name>=<value>`). */
export interface ListQuery extends ProductListQueryInput {
  attributes?: Readonly<Record<string, string>>;
}

/**
 * How brand and attribute names and values compare in filters and facets: case, accents, spaces and
 * punctuation ignored, so `attr.armazenamento=128GB` matches "128 GB" and `brand=lg` matches "LG".
 */
export const facetKey = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '');

/**
 * Price ranges of the facet, in cents, bounds inclusive (as `minPrice`/`maxPrice` are): a click on one
 * sets those two parameters and finds exactly the products it counted.
 */
export const PRICE_RANGES: readonly (readonly [number, number | null])[] = [
  [0, 4_999], [5_000, 9_999], [10_000, 19_999], [20_000, 49_999], [50_000, 99_999], [100_000, 199_999], [200_000, 499_999], [500_000, null],
];

/** Facet values shown per facet (the most frequent first). */
const FACET_VALUES = 20;
/** Query results kept per snapshot (see `list`). */
const RESULT_CACHE = 1_000;

/** A small least-recently-used map. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  clear(): void {
    this.map.clear();
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
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
  private currentVersion: string;
  private readonly entries = new Map<string, Entry>();
  private readonly mini: MiniSearch;
  /** Category slug -> id; category id -> the category and all its descendants. */
  private readonly categoryBySlug = new Map<string, string>();
  private readonly scopes = new Map<string, Set<string>>();
  /** `<sort> <category id>` -> the entries (of that category, when given) in that sort's order. */
  private readonly presorted = new Map<string, readonly Ranked[]>();
  /** `<sort> <q>` -> the text matches in that sort's order; facet counts and whole answers by query. */
  private readonly matches = new Lru<readonly Ranked[]>(RESULT_CACHE);
  private readonly facets = new Lru<ProductFacets>(RESULT_CACHE);
  private readonly results = new Lru<ProductListView>(RESULT_CACHE);
  /** Display form of each brand, attribute name and attribute value key (the first one seen). */
  private readonly labels = new Map<string, string>();

  constructor(snapshot: CatalogSnapshot) {
    this.currentVersion = snapshot.version;
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
    this.categoryName = categoryName;
    this.mini.addAll(snapshot.products.map((product) => this.add(product)));
  }

  /** The snapshot version the index holds. */
  get version(): string {
    return this.currentVersion;
  }

  private readonly categoryName: ReadonlyMap<string, string>;

  /** Adds a product's entry; returns its search document. */
  private add(product: SnapshotProduct) {
    this.entries.set(product.id, this.entryOf(product));
    return {
      id: product.id,
      name: product.name,
      brand: product.brand ?? '',
      categoryNames: product.categoryIds.map((id) => this.categoryName.get(id) ?? '').join(' '),
      description: product.descriptionText,
    };
  }

  /**
   * Moves the index from the delta's base version to its version in place: changed products are
   * re-indexed, removed ones dropped (MiniSearch discards them and vacuums later), and every sorted
   * order and cached answer of the old version is forgotten. Categories are unchanged by a delta.
   */
  apply(delta: SnapshotDelta): void {
    if (delta.baseVersion !== this.currentVersion) throw new Error(`delta for ${delta.baseVersion} applied to ${this.currentVersion}`);
    for (const id of [...delta.removes, ...delta.upserts.map((p) => p.id)]) {
      if (this.entries.delete(id)) this.mini.discard(id);
    }
    for (const product of delta.upserts) this.mini.add(this.add(product));
    this.presorted.clear();
    this.matches.clear();
    this.facets.clear();
    this.results.clear();
    this.currentVersion = delta.version;
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

  private entryOf(product: SnapshotProduct): Entry {
    const label = (kind: string, text: string) => {
      const key = facetKey(text);
      if (!this.labels.has(`${kind}${key}`)) this.labels.set(`${kind}${key}`, text);
      return key;
    };
    return {
      product,
      summary: toSummary(product),
      createdAtMs: Date.parse(product.createdAt),
      brandKey: product.brand ? label('b:', product.brand) : '',
      variantKeys: product.variants.map((v) => {
        const keys = new Map<string, string>();
        for (const [name, value] of Object.entries(v.attributes)) {
          const nameKey = label('a:', name);
          keys.set(nameKey, label(`v:${nameKey}:`, value));
        }
        return keys;
      }),
    };
  }

  /**
   * One page of a listing with the facet counts of the whole result set. Whole answers are kept per
   * query (cursor included) for the life of the snapshot, as are the text matches of a `q` per sort
   * and the facet counts per filter set: a popular query costs a map lookup after its first time.
   * The answer is frozen (callers may keep and serialise it once).
   */
  list(query: ListQuery): ProductListView {
    const q = query.q?.trim() || undefined;
    const sort = query.sort ?? (q ? 'relevance' : 'newest');
    const attributes = Object.entries(query.attributes ?? {})
      .map(([name, value]) => [facetKey(name), facetKey(value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const filters = JSON.stringify([q ?? '', query.category ?? '', query.minPrice ?? '', query.maxPrice ?? '', query.inStock ?? '', query.brand ? facetKey(query.brand) : '', attributes]);
    const resultKey = `${filters} ${sort} ${query.limit ?? 20} ${query.cursor ?? ''}`;
    const cached = this.results.get(resultKey);
    if (cached) return cached;
    const result = Object.freeze(this.compute(query, q, sort, new Map(attributes), filters));
    this.results.set(resultKey, result);
    return result;
  }

  private compute(query: ListQuery, q: string | undefined, sort: Sort, attributes: ReadonlyMap<string, string>, filters: string): ProductListView {
    const limit = query.limit ?? 20;
    const fingerprint = createHash('sha256').update(`${filters} ${sort}`).digest('base64url').slice(0, 12);

    // The category as given by id or slug; an unknown one matches nothing.
    const category = query.category && (this.scopes.has(query.category) ? query.category : this.categoryBySlug.get(query.category));
    if (query.category && !category) return { items: [], nextCursor: null, facets: { brand: [], price: [], attributes: {} } };
    const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
    const scope = category ? this.scopes.get(category) : undefined;
    const ranked = q ? this.textMatches(q, sort) : this.inOrder(sort, category);

    const min = query.minPrice ?? 0;
    const max = query.maxPrice ?? Number.MAX_SAFE_INTEGER;
    const test: Test = {
      scope: q ? scope : undefined,
      inStock: query.inStock === true,
      priced: query.minPrice !== undefined || query.maxPrice !== undefined,
      min,
      max,
      brand: query.brand ? facetKey(query.brand) : undefined,
      attributes,
    };

    let from = after ? firstIndex(ranked, ({ key }) => compareKeys(key, after) > 0) : 0;
    let to = ranked.length;
    // A product whose lowest price is above maxPrice cannot match; in a price order those are together at one end.
    if (query.maxPrice !== undefined && sort === 'price') to = firstIndex(ranked, ({ entry }) => entry.summary.priceCents > max);
    if (query.maxPrice !== undefined && sort === '-price') from = Math.max(from, firstIndex(ranked, ({ entry }) => entry.summary.priceCents <= max));

    // The first `limit` matches after the cursor, plus one to tell whether another page exists.
    const page: Ranked[] = [];
    for (let i = from; i < to && page.length <= limit; i++) {
      if (matchesAll(ranked[i].entry, test)) page.push(ranked[i]);
    }
    const hasMore = page.length > limit;
    if (hasMore) page.pop();
    const last = page.at(-1);
    let facets = this.facets.get(filters);
    if (!facets) {
      facets = this.countFacets(ranked, test);
      this.facets.set(filters, facets);
    }
    return {
      items: page.map(({ entry }) => entry.summary),
      nextCursor: hasMore && last ? encodeCursor(last.key, fingerprint) : null,
      facets,
    };
  }

  /** MiniSearch's matches of `q`, in the order of `sort`. */
  private textMatches(q: string, sort: Sort): readonly Ranked[] {
    const key = `${sort} ${q}`;
    let ranked = this.matches.get(key);
    if (!ranked) {
      ranked = this.mini.search(q)
        .map((r) => {
          const entry = this.entries.get(r.id as string) as Entry;
          return { entry, key: keyOf(entry, sort, r.score) };
        })
        .sort(byKey);
      this.matches.set(key, ranked);
    }
    return ranked;
  }

  /**
   * Facet counts over every product of `ranked` that passes the query's filters, each facet counted
   * without its own filter (a shopper who picked a brand still sees the other brands and how many
   * products each would give): a product that fails only the brand filter counts in the brand facet,
   * and so on. Attribute filters hold per variant (one variant must match them all), so an attribute's
   * values are counted over the variants that match the other attribute filters.
   */
  private countFacets(ranked: readonly Ranked[], test: Test): ProductFacets {
    const brands = new Map<string, number>();
    const prices = PRICE_RANGES.map(() => 0);
    const values = new Map<string, Map<string, number>>();
    const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    const seen = new Set<string>();
    for (const { entry } of ranked) {
      if (!passesBase(entry, test)) continue;
      const priceOk = !test.priced || entry.product.variants.some((v) => v.priceCents >= test.min && v.priceCents <= test.max);
      const brandOk = test.brand === undefined || entry.brandKey === test.brand;
      // Each variant's attribute filters that it fails (at most two are told apart: none, one, more).
      const misses = entry.variantKeys.map((keys) => {
        let missed: string | undefined;
        let count = 0;
        for (const [name, value] of test.attributes) {
          if (keys.get(name) !== value) {
            missed = name;
            count++;
          }
        }
        return count === 0 ? '' : count === 1 ? (missed as string) : undefined;
      });
      const attributesOk = misses.includes('');
      if (priceOk && attributesOk && entry.brandKey) bump(brands, entry.brandKey);
      if (brandOk && attributesOk) {
        PRICE_RANGES.forEach(([low, high], i) => {
          if (entry.product.variants.some((v) => v.priceCents >= low && (high === null || v.priceCents <= high))) prices[i]++;
        });
      }
      if (!priceOk || !brandOk) continue;
      seen.clear();
      entry.variantKeys.forEach((keys, i) => {
        const missed = misses[i];
        if (missed === undefined) return;
        for (const [name, value] of keys) {
          // A variant failing one filter counts only for that filter's own attribute.
          if (missed !== '' && missed !== name) continue;
          const pair = `${name}\u0000${value}`;
          if (seen.has(pair)) continue;
          seen.add(pair);
          const counts = values.get(name) ?? new Map<string, number>();
          values.set(name, counts);
          bump(counts, value);
        }
      });
    }
    const top = (counts: Map<string, number>, kind: string) => [...counts]
      .map(([key, count]) => ({ value: this.labels.get(`${kind}${key}`) ?? key, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, FACET_VALUES);
    return {
      brand: top(brands, 'b:'),
      price: PRICE_RANGES.map(([minPrice, maxPrice], i) => ({ minPrice, maxPrice, count: prices[i] })).filter((r) => r.count > 0),
      attributes: Object.fromEntries([...values]
        .map(([name, counts]) => [this.labels.get(`a:${name}`) ?? name, top(counts, `v:${name}:`)] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
  }
}

/** A listing's filters, in the form the page walk and the facet counts test them. */
interface Test {
  /** With `q`, the category filter (without `q`, the presorted order holds only the category). */
  scope: Set<string> | undefined;
  inStock: boolean;
  priced: boolean;
  min: number;
  max: number;
  brand: string | undefined;
  attributes: ReadonlyMap<string, string>;
}

/** The filters that are not facets: category (with `q`) and in stock. */
const passesBase = (entry: Entry, test: Test) => (!test.scope || inScope(entry, test.scope)) && (!test.inStock || entry.summary.inStock);

function matchesAll(entry: Entry, test: Test): boolean {
  if (!passesBase(entry, test)) return false;
  if (test.priced && !entry.product.variants.some((v) => v.priceCents >= test.min && v.priceCents <= test.max)) return false;
  if (test.brand !== undefined && entry.brandKey !== test.brand) return false;
  if (test.attributes.size === 0) return true;
  return entry.variantKeys.some((keys) => {
    for (const [name, value] of test.attributes) if (keys.get(name) !== value) return false;
    return true;
  });
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
