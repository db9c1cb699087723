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
  sku, productId, attributes: {}, priceCents, stock, orderedUnits, weightGrams: 500,
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
