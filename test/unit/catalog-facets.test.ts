import type { ProductRecord, VariantRecord } from '#domain/catalog/ports.js';
import { fold } from '#domain/catalog/rules.js';
import { attributeFilters } from '#domain/catalog/schemas.js';
import { CatalogIndex, facetKey, type ListQuery, PRICE_RANGES } from '#domain/catalog/search.js';
import { buildSnapshot } from '#domain/catalog/snapshot.js';

/** Small deterministic PRNG, so every run lists the same catalog. */
let seed = 11;
const rnd = () => {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
};
const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)];

const BRANDS = ['Apple', 'Samsung', 'LG', 'Motorola', null] as const;
const COLOURS = ['Preto', 'Branco', 'Azul Ártico'] as const;
const STORAGE = ['128 GB', '256 GB'] as const;
const PRICES = [990, 4990, 9990, 19990, 49990, 129900, 729900] as const;
const NAMES = ['Celular Café', 'Capa Cafe', 'Fone Azul', 'Cafeteira'] as const;

const categories = [
  { id: 'a', name: 'Eletrônicos', slug: 'eletronicos', parentId: null, productCount: 0, childCount: 1, createdAt: '' },
  { id: 'a1', name: 'Celulares', slug: 'celulares', parentId: 'a', productCount: 0, childCount: 0, createdAt: '' },
];
const products: ProductRecord[] = [];
const variants: VariantRecord[] = [];
for (let i = 0; i < 120; i++) {
  const id = `p${String(i).padStart(3, '0')}`;
  const skus = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, v) => `${id}-${v}`);
  const createdAt = `2026-11-0${1 + Math.floor(rnd() * 5)}T00:00:00.000Z`;
  products.push({
    id, name: `${pick(NAMES)} ${i}`, slug: id, description: '', brand: pick(BRANDS), categoryIds: [pick(['a', 'a1'])], images: [],
    status: rnd() < 0.1 ? 'archived' : 'active', skus, createdAt, updatedAt: createdAt,
  });
  for (const sku of skus) {
    const attributes: Record<string, string> = rnd() < 0.15 ? {} : { cor: pick(COLOURS), ...(rnd() < 0.7 ? { armazenamento: pick(STORAGE) } : {}) };
    variants.push({ sku, productId: id, attributes, priceCents: pick(PRICES), stock: rnd() < 0.3 ? 0 : 3, orderedUnits: 0, weightGrams: 300, heightCm: 5, widthCm: 10, lengthCm: 15, ncm: null });
  }
}
const index = new CatalogIndex(buildSnapshot({ categories, products, variants }, new Date('2026-11-23T00:00:00Z')));

/** The rules written the slow way: every active product, its variants, each filter applied on its own. */
const listed = products.filter((p) => p.status === 'active').map((p) => ({ ...p, vs: variants.filter((v) => v.productId === p.id) }));
type Listed = (typeof listed)[number];
const attrOk = (v: VariantRecord, attrs: Record<string, string>, except?: string) =>
  Object.entries(attrs).every(([name, value]) => name === except || facetKey(v.attributes[name] ?? '') === facetKey(value));
const passes = (p: Listed, query: ListQuery, skip: 'brand' | 'price' | 'attributes' | undefined) =>
  (!query.q || fold(p.name).includes(query.q)) &&
  (!query.inStock || p.vs.some((v) => v.stock > 0)) &&
  (skip === 'price' || (query.minPrice === undefined && query.maxPrice === undefined) ||
    p.vs.some((v) => v.priceCents >= (query.minPrice ?? 0) && v.priceCents <= (query.maxPrice ?? Infinity))) &&
  (skip === 'brand' || !query.brand || facetKey(p.brand ?? '') === facetKey(query.brand)) &&
  (skip === 'attributes' || p.vs.some((v) => attrOk(v, query.attributes ?? {})));

function referenceFacets(query: ListQuery) {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  };
  const attrs = query.attributes ?? {};
  const names = [...new Set(variants.flatMap((v) => Object.keys(v.attributes)))].sort();
  const attributes: Record<string, { value: string; count: number }[]> = {};
  for (const name of names) {
    const values = listed.filter((p) => passes(p, query, 'attributes')).flatMap((p) => [
      ...new Set(p.vs.filter((v) => v.attributes[name] !== undefined && attrOk(v, attrs, name)).map((v) => v.attributes[name])),
    ]);
    if (values.length) attributes[name] = count(values);
  }
  return {
    brand: count(listed.filter((p) => p.brand && passes(p, query, 'brand')).map((p) => p.brand as string)),
    price: PRICE_RANGES.map(([minPrice, maxPrice]) => ({
      minPrice, maxPrice,
      count: listed.filter((p) => passes(p, query, 'price') && p.vs.some((v) => v.priceCents >= minPrice && (maxPrice === null || v.priceCents <= maxPrice))).length,
    })).filter((r) => r.count > 0),
    attributes,
  };
}

const allPages = (query: ListQuery) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = index.list({ ...query, limit: 7, cursor });
    ids.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
};

describe('brand and attribute filters, facets', () => {
  it.each<ListQuery>([
    {},
    { brand: 'Apple' },
    { brand: 'lg' },
    { attributes: { cor: 'preto' } },
    { attributes: { cor: 'azul artico', armazenamento: '128GB' } },
    { brand: 'Samsung', attributes: { armazenamento: '256 gb' }, inStock: true },
    { q: 'cafe', brand: 'Motorola' },
    { q: 'cafe', attributes: { cor: 'Branco' }, minPrice: 4990, maxPrice: 49990 },
    { minPrice: 100000, attributes: { cor: 'preto', armazenamento: '128 GB' }, sort: 'price' },
    { brand: 'Nokia' },
  ])('%j: every page, and facets over the whole result with each facet without its own filter', (query) => {
    const expected = listed.filter((p) => passes(p, query, undefined)).map((p) => p.id).sort();
    expect([...allPages(query)].sort()).toEqual(expected);
    expect(index.list(query).facets).toEqual(referenceFacets(query));
  });

  it('matches attribute filters on one variant, not across variants', () => {
    const mixed = listed.find((p) =>
      p.vs.some((v) => v.attributes.cor === 'Preto' && v.attributes.armazenamento === '256 GB') === false &&
      p.vs.some((v) => v.attributes.cor === 'Preto') && p.vs.some((v) => v.attributes.armazenamento === '256 GB'));
    expect(mixed).toBeDefined();
    expect(allPages({ attributes: { cor: 'Preto', armazenamento: '256 GB' } })).not.toContain(mixed?.id);
  });

  it('answers the same frozen object for the same query (cached per snapshot), and another for another page', () => {
    const first = index.list({ q: 'cafe', limit: 5 });
    expect(index.list({ q: 'cafe', limit: 5 })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(index.list({ q: 'cafe', limit: 5, cursor: first.nextCursor ?? undefined })).not.toBe(first);
  });

  it('rejects a cursor taken under other filters', () => {
    const page = index.list({ brand: 'Apple', limit: 2 });
    expect(() => index.list({ brand: 'Samsung', limit: 2, cursor: page.nextCursor ?? undefined })).toThrow('Invalid cursor');
  });

  it('reads attr.<name> parameters and refuses bad ones with the parameter named', () => {
    expect(attributeFilters({ q: 'x', 'attr.cor': ' preto ', 'attr.armazenamento': '128GB', brand: 'Apple' })).toEqual({ cor: 'preto', armazenamento: '128GB' });
    expect(() => attributeFilters({ 'attr.cor': '' })).toThrow(expect.objectContaining({ details: [{ field: 'attr.cor', message: expect.any(String) }] }));
    expect(() => attributeFilters({ 'attr.': 'x' })).toThrow('Invalid request query');
    expect(() => attributeFilters(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => [`attr.${n}`, 'x'])))).toThrow('Invalid request query');
  });
});
