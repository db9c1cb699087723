/**
 * Incremental snapshots: a stream batch patches the newest snapshot with the products it changed,
 * published only if nobody published meanwhile (else the whole catalog is read again); a listing
 * container one version behind applies the delta to its index and then answers as an index built
 * from the whole new snapshot does.
 */
import type { CategoryRecord, ProductRecord, VariantRecord } from '#domain/catalog/ports.js';
import { CatalogIndex } from '#domain/catalog/search.js';
import { buildSnapshot, type CatalogSnapshot, changedProducts, refreshSnapshot, type SnapshotDelta, type SnapshotStore } from '#domain/catalog/snapshot.js';

const categories: CategoryRecord[] = [{ id: 'c1', name: 'Cozinha', slug: 'cozinha', parentId: null, productCount: 0, childCount: 0, createdAt: '' }];
const product = (id: string, name: string, extra: Partial<ProductRecord> = {}): ProductRecord => ({
  id, name, slug: id, description: '<p>Para o seu café</p>', brand: 'Oster', categoryIds: ['c1'], images: [], status: 'active', skus: [`${id}-1`],
  createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...extra,
});
const variant = (sku: string, productId: string, priceCents: number, attributes: Record<string, string> = { cor: 'Preto' }): VariantRecord => ({
  sku, productId, attributes, priceCents, stock: 5, orderedUnits: 0, weightGrams: 500, heightCm: 10, widthCm: 10, lengthCm: 10, ncm: null,
});

/** A table of products and variants, and a snapshot store that keeps what it publishes. */
function fakes() {
  const products = new Map<string, ProductRecord>();
  const variants = new Map<string, VariantRecord>();
  for (let i = 0; i < 30; i++) {
    const id = `p${String(i).padStart(2, '0')}`;
    products.set(id, product(id, `${i % 2 ? 'Cafeteira' : 'Chaleira'} ${i}`));
    variants.set(`${id}-1`, variant(`${id}-1`, id, 1000 + i * 100));
  }
  const published: { snapshot: CatalogSnapshot; delta?: SnapshotDelta }[] = [];
  let racedBy: CatalogSnapshot | undefined;
  const snapshots: SnapshotStore = {
    latest: async () => published.at(-1)?.snapshot,
    publish: async (snapshot, delta) => {
      if (racedBy) {
        published.push({ snapshot: racedBy });
        racedBy = undefined;
      }
      const newest = published.at(-1)?.snapshot;
      if (delta ? newest?.version !== delta.baseVersion : newest && Number(newest.version) >= Number(snapshot.version)) return 'superseded';
      published.push({ snapshot, delta });
      return 'published';
    },
  };
  let clock = Date.parse('2026-11-23T00:00:00Z');
  const reads = { whole: 0, products: 0 };
  const deps = {
    catalog: {
      readWholeCatalog: async () => {
        reads.whole++;
        return { categories, products: [...products.values()], variants: [...variants.values()] };
      },
      getProduct: async (id: string, options?: { consistent?: boolean }) => {
        expect(options?.consistent).toBe(true);
        reads.products++;
        const p = products.get(id);
        return p && { product: p, variants: p.skus.map((sku) => variants.get(sku)).filter((v): v is VariantRecord => v !== undefined) };
      },
    },
    snapshots,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  };
  return { products, variants, published, deps, reads, raceNextPublish: (s: CatalogSnapshot) => { racedBy = s; } };
}

const queries = [
  { q: 'cafeteira' }, { q: 'chaleira', sort: 'price' as const }, {}, { sort: 'price' as const, limit: 7 }, { brand: 'Oster', attributes: { cor: 'verde' } },
  { q: 'moedor' }, { sort: 'newest' as const, limit: 50 },
];
/** What an index answers, relevance scores aside (a patched MiniSearch may score slightly apart until it vacuums). */
const answers = (index: CatalogIndex) => queries.map((q) => {
  const { items, facets } = index.list(q);
  return { ids: q.q ? items.map((p) => p.id).sort() : items.map((p) => p.id), items: [...items].sort((a, b) => (a.id < b.id ? -1 : 1)), facets };
});

describe('incremental catalog snapshots', () => {
  it('patches only the changed products into the newest snapshot and publishes a delta', async () => {
    const t = fakes();
    const first = await refreshSnapshot(t.deps, 'all');
    expect(first.mode).toBe('rebuilt');
    const reader = new CatalogIndex(first.snapshot);

    // A rename with a new colour, a product archived, one deleted, one created.
    t.products.set('p03', { ...(t.products.get('p03') as ProductRecord), name: 'Moedor de café 3', updatedAt: '2026-11-02T00:00:00.000Z' });
    t.variants.set('p03-1', variant('p03-1', 'p03', 1300, { cor: 'Verde' }));
    t.products.set('p04', { ...(t.products.get('p04') as ProductRecord), status: 'archived' });
    t.products.delete('p05');
    t.products.set('p99', product('p99', 'Cafeteira Nova', { brand: 'Mondial' }));
    t.variants.set('p99-1', variant('p99-1', 'p99', 25000));

    const patched = await refreshSnapshot(t.deps, new Set(['p03', 'p04', 'p05', 'p99']));
    expect(patched).toMatchObject({ mode: 'patched', outcome: 'published' });
    expect(t.reads).toEqual({ whole: 1, products: 4 });
    const { delta } = t.published.at(-1) as { delta: SnapshotDelta };
    expect(delta.baseVersion).toBe(first.snapshot.version);
    expect(delta.upserts.map((p) => p.id).sort()).toEqual(['p03', 'p99']);
    expect(delta.removes.sort()).toEqual(['p04', 'p05']);

    const rebuilt = buildSnapshot(await t.deps.catalog.readWholeCatalog(), new Date());
    expect([...patched.snapshot.products].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...rebuilt.products].sort((a, b) => (a.id < b.id ? -1 : 1)));

    reader.list({ q: 'cafeteira' }); // caches of the old version, which must not survive
    reader.apply(delta);
    expect(reader.version).toBe(patched.snapshot.version);
    expect(answers(reader)).toEqual(answers(new CatalogIndex(patched.snapshot)));
    expect(reader.list({ q: 'moedor' }).items.map((p) => p.id)).toEqual(['p03']);
    expect(reader.list({ attributes: { cor: 'verde' } }).items.map((p) => p.id)).toEqual(['p03']);
  });

  it('reads the whole catalog again when another publish moved the pointer meanwhile', async () => {
    const t = fakes();
    const first = await refreshSnapshot(t.deps, 'all');
    t.raceNextPublish({ ...first.snapshot, version: `${Number(first.snapshot.version) + 500}` });
    const again = await refreshSnapshot(t.deps, new Set(['p01']));
    expect(again.mode).toBe('rebuilt');
    expect(t.reads.whole).toBe(2);
  });

  it('rebuilds when there is no snapshot yet', async () => {
    const t = fakes();
    expect((await refreshSnapshot(t.deps, new Set(['p01']))).mode).toBe('rebuilt');
  });

  it('refuses a delta for another version', () => {
    const index = new CatalogIndex({ version: '5', builtAt: '', categories: [], products: [] });
    expect(() => index.apply({ version: '7', baseVersion: '6', upserts: [], removes: [] })).toThrow();
  });

  it('names the products a batch changed, and asks for everything on a category change', () => {
    const v = { entity: 'Variant', sku: 'p1-1', productId: 'p1', priceCents: 100, stock: 3 };
    expect(changedProducts([
      { before: v, after: { ...v, priceCents: 90 } },
      { before: v, after: { ...v, stock: 2 } }, // a stock count only
      { before: undefined, after: { entity: 'Product', id: 'p2' } },
    ])).toEqual(new Set(['p1', 'p2']));
    expect(changedProducts([{ before: v, after: { ...v, stock: 2 } }])).toEqual(new Set());
    expect(changedProducts([{ before: { entity: 'Category', id: 'c1', name: 'a' }, after: { entity: 'Category', id: 'c1', name: 'b' } }])).toBe('all');
  });
});
