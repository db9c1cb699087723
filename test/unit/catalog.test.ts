import { fold, slugify } from '#domain/catalog/rules.js';
import { sanitizeDescription } from '#domain/catalog/sanitize.js';
import { CatalogIndex } from '#domain/catalog/search.js';
import { buildSnapshot, htmlToText } from '#domain/catalog/snapshot.js';
import type { ProductRecord, VariantRecord } from '#domain/catalog/ports.js';

describe('text rules', () => {
  it('folds accents and case', () => {
    expect(fold('Café AÇÚCAR Pão Ñandu')).toBe('cafe acucar pao nandu');
  });
  it('slugifies Portuguese names', () => {
    expect(slugify('  Cama, Mesa & Banho — Promoção! ')).toBe('cama-mesa-banho-promocao');
    expect(slugify('Smart TV 55"')).toBe('smart-tv-55');
  });
  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="x()" style="color:red">ok</p>', '<p>ok</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="nofollow noopener noreferrer">x</a>'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="nofollow noopener noreferrer">x</a>'],
    ['<a href="//evil.com">x</a>', '<a rel="nofollow noopener noreferrer">x</a>'],
    ['<img src=x onerror=alert(1)>texto', 'texto'],
    ['<iframe src="https://evil"></iframe><object data="x"></object>ok', 'ok'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<a href="https://loja.com.br" target="_blank">ok</a>', '<a href="https://loja.com.br" rel="nofollow noopener noreferrer">ok</a>'],
  ])('sanitises %s', (input, output) => {
    expect(sanitizeDescription(input)).toBe(output);
  });
  it('turns sanitised HTML into plain text for indexing', () => {
    expect(htmlToText('<p>Chá &amp; café<br>quentinho</p>')).toBe('Chá & café quentinho');
  });
});

const product = (id: string, name: string, extra: Partial<ProductRecord> = {}): ProductRecord => ({
  id, name, slug: id, description: '', brand: null, categoryIds: ['c-root'], images: [], status: 'active', skus: [`${id}-1`],
  createdAt: `2026-11-0${id.slice(-1)}T00:00:00.000Z`, updatedAt: '2026-11-01T00:00:00.000Z', ...extra,
});
const variant = (sku: string, productId: string, priceCents: number, stock: number, orderedUnits = 0): VariantRecord => ({
  sku, productId, attributes: {}, priceCents, stock, orderedUnits, weightGrams: 500, heightCm: 10, widthCm: 15, lengthCm: 20, ncm: null,
});

describe('search index', () => {
  const snapshot = buildSnapshot({
    categories: [
      { id: 'c-root', name: 'Eletrônicos', slug: 'eletronicos', parentId: null, productCount: 0, childCount: 1, createdAt: '' },
      { id: 'c-phone', name: 'Celulares', slug: 'celulares', parentId: 'c-root', productCount: 0, childCount: 0, createdAt: '' },
    ],
    products: [
      product('p1', 'iPhone 15 Pro', { brand: 'Apple', categoryIds: ['c-phone'] }),
      product('p2', 'Capa para iPhone 15', { description: '<p>Capa de silicone</p>' }),
      product('p3', 'Cafeteira Elétrica', { brand: 'Oster' }),
      product('p4', 'Produto Arquivado', { status: 'archived' }),
    ],
    variants: [variant('p1-1', 'p1', 729900, 5, 10), variant('p2-1', 'p2', 4990, 0, 50), variant('p3-1', 'p3', 19990, 2), variant('p4-1', 'p4', 100, 1)],
  }, new Date('2026-11-23T00:00:00Z'));
  const index = new CatalogIndex(snapshot);
  const ids = (query: Parameters<CatalogIndex['list']>[0]) => index.list(query).items.map((p) => p.id);

  it('leaves archived products out of the snapshot', () => {
    expect(index.size).toBe(3);
  });
  it('ranks a name match above a description-only match', () => {
    expect(ids({ q: 'iphone 15' })).toEqual(['p1', 'p2']);
  });
  it('requires every word', () => {
    expect(ids({ q: 'iphone apple' })).toEqual(['p1']);
  });
  it('forgives one typo and ignores accents', () => {
    expect(ids({ q: 'cafetiera eletrica' })).toEqual(['p3']);
  });
  it('filters by category including descendants, by id or slug', () => {
    expect(ids({ category: 'eletronicos', sort: 'price' })).toEqual(['p2', 'p3', 'p1']);
    expect(ids({ category: 'c-phone' })).toEqual(['p1']);
    expect(ids({ category: 'unknown' })).toEqual([]);
  });
  it('filters by stock and price, sorts by best-selling and newest', () => {
    expect(ids({ inStock: true, sort: 'price' })).toEqual(['p3', 'p1']);
    expect(ids({ minPrice: 5000, maxPrice: 20000 })).toEqual(['p3']);
    expect(ids({ sort: 'bestselling' })).toEqual(['p2', 'p1', 'p3']);
    expect(ids({ sort: 'newest' })).toEqual(['p3', 'p2', 'p1']);
  });
  it('pages with a keyset cursor and rejects a cursor from another query', () => {
    const first = index.list({ sort: 'price', limit: 2 });
    expect(first.items.map((p) => p.id)).toEqual(['p2', 'p3']);
    const second = index.list({ sort: 'price', limit: 2, cursor: first.nextCursor as string });
    expect(second.items.map((p) => p.id)).toEqual(['p1']);
    expect(second.nextCursor).toBeNull();
    expect(() => index.list({ sort: '-price', cursor: first.nextCursor as string })).toThrow('Invalid cursor');
  });
  it('shows the lowest price and availability on each summary', () => {
    expect(index.list({ q: 'capa' }).items[0]).toMatchObject({ priceCents: 4990, inStock: false, variants: [{ sku: 'p2-1', available: 0 }] });
  });
});

describe('listing pages (pre-sorted per snapshot)', () => {
  /** Small deterministic PRNG, so every run lists the same catalog. */
  let seed = 7;
  const rnd = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const pick = <T>(values: T[]) => values[Math.floor(rnd() * values.length)];
  const category = (id: string, parentId: string | null) => ({ id, name: `Categoria ${id}`, slug: `cat-${id}`, parentId, productCount: 0, childCount: 0, createdAt: '' });
  const categories = [category('a', null), category('a1', 'a'), category('a1x', 'a1'), category('b', null), category('b1', 'b')];

  // Ties on every sort value (5 days, 6 prices, 3 sales counts), ids not in creation order, some
  // products in two categories, some variants out of stock: only the id breaks ties.
  const catalog = (count: number, idPrefix: string) => {
    const products: ProductRecord[] = [];
    const variants: VariantRecord[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${idPrefix}${Math.floor(rnd() * 1e6).toString(36)}-${i}`;
      const createdAt = `2026-11-0${1 + Math.floor(rnd() * 5)}T00:00:00.000Z`;
      const skus = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, v) => `${id}-${v}`);
      const categoryIds = [pick(categories).id, ...(rnd() < 0.3 ? [pick(categories).id] : [])];
      products.push({
        id, name: `${pick(['Camiseta Azul', 'Caneca Verde', 'Mochila Azul'])} ${i}`, slug: id, description: '', brand: null, categoryIds, images: [],
        status: rnd() < 0.1 ? 'archived' : 'active', skus, createdAt, updatedAt: createdAt,
      });
      for (const sku of skus) variants.push(variant(sku, id, pick([990, 1990, 4990, 4990, 9990, 25000]), rnd() < 0.4 ? 0 : 1 + Math.floor(rnd() * 9), Math.floor(rnd() * 3)));
    }
    return { categories, products, variants };
  };
  const source = catalog(80, 'p');
  const index = new CatalogIndex(buildSnapshot(source, new Date('2026-11-23T00:00:00Z')));

  type Query = Parameters<CatalogIndex['list']>[0];
  /** Every listed product in order, the way the rules say: filter all, sort all. */
  const reference = (from: typeof source, query: Query) => {
    const scope = new Set<string>();
    if (query.category) {
      const root = from.categories.find((c) => c.id === query.category || c.slug === query.category);
      for (const c of from.categories) {
        for (let at: string | null = c.id; at; at = from.categories.find((x) => x.id === at)?.parentId ?? null) {
          if (at === root?.id) scope.add(c.id);
        }
      }
    }
    const listed = from.products.filter((p) => p.status === 'active').map((p) => {
      const vs = from.variants.filter((v) => v.productId === p.id);
      return { ...p, vs, fromPrice: Math.min(...vs.map((v) => v.priceCents)), sold: vs.reduce((sum, v) => sum + v.orderedUnits, 0) };
    });
    const matching = listed.filter((p) =>
      (!query.category || p.categoryIds.some((c) => scope.has(c)))
      && (!query.q || p.name.toLowerCase().includes(query.q))
      && (!query.inStock || p.vs.some((v) => v.stock > 0))
      && p.vs.some((v) => v.priceCents >= (query.minPrice ?? 0) && v.priceCents <= (query.maxPrice ?? Number.MAX_SAFE_INTEGER)));
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    const newest = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);
    const compare: Record<string, (a: (typeof listed)[number], b: (typeof listed)[number]) => number> = {
      newest: (a, b) => newest(a, b) || byId(a, b),
      price: (a, b) => a.fromPrice - b.fromPrice || byId(a, b),
      '-price': (a, b) => b.fromPrice - a.fromPrice || byId(a, b),
      bestselling: (a, b) => b.sold - a.sold || newest(a, b) || byId(a, b),
      relevance: byId,
    };
    return matching.sort(compare[query.sort ?? 'newest']).map((p) => p.id);
  };

  /** Every page of a query from its cursor on, each requested twice (a page must not change between requests). */
  const walk = (ix: CatalogIndex, query: Query) => {
    const pages: string[][] = [];
    let cursor = query.cursor;
    do {
      const page = ix.list({ ...query, cursor });
      expect(ix.list({ ...query, cursor })).toEqual(page);
      pages.push(page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length <= 100);
    return pages;
  };

  const filters: Query[] = [
    {},
    { category: 'a' },
    { category: 'cat-a1' },
    { inStock: true },
    { minPrice: 1990, maxPrice: 4990 },
    { maxPrice: 1990 },
    { minPrice: 9000 },
    { category: 'b', inStock: true, maxPrice: 9990 },
    { q: 'azul' },
    { q: 'azul', category: 'a', inStock: true, minPrice: 1000 },
  ];
  const sorts = [undefined, 'newest', 'price', '-price', 'bestselling', 'relevance'] as const;
  const cases = filters.flatMap((filter) => sorts.flatMap((sort) => [1, 7, 100].map((limit) => ({ ...filter, ...(sort ? { sort } : {}), limit }))));

  it.each(cases)('%j: every match exactly once, in the order of the rules, in full pages', (query) => {
    const expected = reference(source, query);
    expect(expected.length).toBeGreaterThan(0);
    const pages = walk(index, query);
    const ids = pages.flat();
    if (query.q && (query.sort ?? 'relevance') === 'relevance') expect([...ids].sort()).toEqual([...expected].sort());
    else expect(ids).toEqual(expected);
    expect(pages.length).toBe(Math.ceil(expected.length / query.limit));
    expect(pages.slice(0, -1).every((page) => page.length === query.limit)).toBe(true);
  });

  it('lists nothing, with no cursor, when nothing matches', () => {
    expect(index.list({ category: 'a1x', minPrice: 26000 })).toMatchObject({ items: [], nextCursor: null });
    expect(index.list({ category: 'nope', sort: 'price' })).toEqual({ items: [], nextCursor: null, facets: { brand: [], price: [], attributes: {} } });
  });

  it('continues a cursor on the next snapshot after the last item it showed, never before', () => {
    const query: Query = { category: 'a', sort: 'price', limit: 5 };
    const first = index.list(query);
    const shown = first.items.map((p) => p.id);
    // The next snapshot: a product cheaper than everything shown, one dearer, and one shown product gone.
    const next = {
      categories,
      products: [
        ...source.products.filter((p) => p.id !== shown[0]),
        product('zz-cheap', 'Mais barato', { categoryIds: ['a1x'], skus: ['zz-cheap-1'] }),
        product('zz-dear', 'Mais caro', { categoryIds: ['a'], skus: ['zz-dear-1'] }),
      ],
      variants: [...source.variants, variant('zz-cheap-1', 'zz-cheap', 1, 5), variant('zz-dear-1', 'zz-dear', 999_999, 5)],
    };
    const later = new CatalogIndex(buildSnapshot(next, new Date('2026-11-23T00:01:00Z')));
    const rest = walk(later, { ...query, cursor: first.nextCursor as string }).flat();
    const all = reference(next, query);
    expect(rest).toEqual(all.slice(all.indexOf(shown[shown.length - 1]) + 1));
    expect(rest).toContain('zz-dear');
    expect(rest).not.toContain('zz-cheap');
  });
});
