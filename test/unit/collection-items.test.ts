/** Collection rules that need no table: which runs need a look, item keys, catalog SKUs, fingerprints. */
import { fingerprint, isAcceptable, itemKeys } from '#domain/collection/ingest.js';
import { catalogSku } from '#domain/collection/items.js';
import { attentionReason, needsAttention } from '#domain/collection/attention.js';
import type { ExtractedProduct } from '#domain/collection/extract.js';

const product = (over: Partial<ExtractedProduct> = {}): ExtractedProduct => ({
  method: 'json-ld', url: 'https://loja.example/p/1', name: 'TV', description: '', brand: null, gtin: '7891000000014', sourceSku: 'X1',
  images: [], categoryHints: [], variants: [{ sourceSku: 'X1', gtin: '7891000000014', attributes: {}, priceCents: 1000, availability: 'in_stock' }], ...over,
});

it('a run needs attention when it failed, found no product, or one page in five or more failed', () => {
  const run = (status: 'FAILED' | 'SUCCEEDED' | 'PARTIAL', productsFound: number, failed = 0, pagesPlanned = 10) => ({ status, productsFound, failed, pagesPlanned });
  expect(attentionReason(run('FAILED', 3, 10))).toBe('failed');
  expect(attentionReason(run('SUCCEEDED', 0))).toBe('no-products');
  expect(attentionReason(run('PARTIAL', 2, 1))).toBeUndefined();
  expect(attentionReason(run('PARTIAL', 8, 2))).toBe('error-rate');
  expect(attentionReason(run('PARTIAL', 200, 19, 100))).toBeUndefined();
  expect(needsAttention(run('SUCCEEDED', 1))).toBe(false);
  expect(needsAttention(run('PARTIAL', 8, 2))).toBe(true);
});

it('an item is looked up by GTIN, then canonical URL, then host and source SKU', () => {
  expect(itemKeys(product())).toEqual([
    { kind: 'gtin', value: '7891000000014' }, { kind: 'url', value: 'https://loja.example/p/1' }, { kind: 'sku', value: 'loja.example#X1' },
  ]);
  expect(itemKeys(product({ gtin: null, sourceSku: null }))).toEqual([{ kind: 'url', value: 'https://loja.example/p/1' }]);
});

it('refuses what the catalog would refuse: no variant, too many, a price out of range', () => {
  expect(isAcceptable(product())).toBe(true);
  expect(isAcceptable(product({ variants: [] }))).toBe(false);
  const variant = product().variants[0];
  expect(isAcceptable(product({ variants: Array.from({ length: 51 }, () => variant) }))).toBe(false);
  expect(isAcceptable(product({ variants: [{ ...variant, priceCents: 100_000_001 }] }))).toBe(false);
});

it('a catalog SKU is the GTIN, else a stable code from the source that the catalog\'s SKU rule accepts', () => {
  const item = { sourceUrl: 'https://loja.example/p/1' };
  expect(catalogSku(item, { sourceSku: 'X1', gtin: '7891000000014', attributes: {}, priceCents: 1, availability: 'unknown' })).toBe('7891000000014');
  const code = catalogSku(item, { sourceSku: 'X1', gtin: null, attributes: { color: 'Preta' }, priceCents: 1, availability: 'unknown' });
  expect(code).toMatch(/^C[0-9A-Z]+$/);
  expect(catalogSku(item, { sourceSku: 'X1', gtin: null, attributes: { color: 'Preta' }, priceCents: 999, availability: 'in_stock' })).toBe(code);
  expect(catalogSku(item, { sourceSku: 'X1', gtin: null, attributes: { color: 'Branca' }, priceCents: 1, availability: 'unknown' })).not.toBe(code);
});

it('the fingerprint changes with any extracted field and only then', () => {
  expect(fingerprint({ a: 1, b: [1, 2] })).toBe(fingerprint({ a: 1, b: [1, 2] }));
  expect(fingerprint({ a: 1, b: [1, 2] })).not.toBe(fingerprint({ a: 1, b: [1, 3] }));
});
