import { adminToken, api, eventually, sleep } from '../helpers/api.js';
import { createCategory, createProduct, listAll, token } from '../helpers/catalog.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const searchIds = async (q: string) => (await api('GET', `/products?q=${encodeURIComponent(q)}&limit=100`)).body.items.map((p: { id: string }) => p.id) as string[];

describe('free-text search', () => {
  let t: string;
  let cafe: { id: string };
  let chaleira: { id: string };
  beforeAll(async () => {
    t = token();
    const category = await createCategory(admin, { name: `Cozinha Gourmet ${t}` });
    cafe = await createProduct(admin, { name: `Café Pilão Extraforte ${t}`, brand: 'Pilão', categoryIds: [category.id], variants: [{ sku: `PIL-${t}`, priceCents: 1899, stock: 10 }] });
    chaleira = await createProduct(admin, {
      name: `Chaleira Elétrica ${t}`, brand: 'Mondial', categoryIds: [category.id], variants: [{ sku: `CHA-${t}`, priceCents: 8990, stock: 3 }],
      description: '<p>Ferve água para o seu <strong>chá</strong> em 3 minutos.</p>',
    });
    await eventually(async () => ((await searchIds(t)).length === 2 ? true : undefined));
  });

  it.each([
    ['accent-insensitive', 'cafe pilao'],
    ['case-insensitive', 'CAFÉ EXTRAFORTE'],
    ['with a one-letter typo', 'cafe extrafprte'],
    ['with two letters swapped in a long word', 'cafe extrafotre'],
    ['with a typo in a short word', 'cafr pilao'],
    ['by prefix', 'extrafor'],
    ['by brand', 'pilão'],
  ])('finds "Café Pilão Extraforte" %s', async (_label, q) => {
    expect(await searchIds(`${q} ${t}`)).toEqual([cafe.id]);
  });

  it('searches descriptions and category names, ranking a name match first', async () => {
    expect(await searchIds(`cha ${t}`)).toEqual([chaleira.id]);
    expect((await searchIds(`gourmet ${t}`)).sort()).toEqual([cafe.id, chaleira.id].sort());
  });

  it('finds the seeded "iPhone 15 Pro" with "iphone 15", ranked first', async () => {
    const items = (await api('GET', '/products?q=iphone%2015')).body.items;
    expect(items[0].name).toBe('iPhone 15 Pro 128 GB');
  });

  it('returns nothing for a word no product has', async () => {
    expect(await searchIds(`zzqxw ${t}`)).toEqual([]);
  });

  it('shows an admin change in search within seconds, and hides archived products', async () => {
    const category = await createCategory(admin, { name: `Rápido ${t}` });
    const p = await createProduct(admin, { name: `Moedor Manual ${t}`, categoryIds: [category.id], variants: [{ sku: `MOE-${t}`, priceCents: 5000 }] });
    await eventually(async () => ((await searchIds(`moedor ${t}`)).includes(p.id) ? true : undefined), 10_000);
    const archived = await api('PUT', `/products/${p.id}`, {
      token: admin, body: { name: `Moedor Manual ${t}`, description: 'x', categoryIds: [category.id], images: [], status: 'archived', variants: [{ sku: `MOE-${t}`, priceCents: 5000 }] },
    });
    expect(archived.status).toBe(200);
    await eventually(async () => ((await searchIds(`moedor ${t}`)).length === 0 ? true : undefined), 10_000);
    expect((await api('GET', `/products/${p.id}`)).status).toBe(200);
  });
});

describe('filters x sorts x pagination', () => {
  interface Made { id: string; prices: number[]; stock: number; category: string; order: number }
  const made: Made[] = [];
  let t: string;
  let root: string;
  let child: string;
  let grandchild: string;
  let other: string;

  beforeAll(async () => {
    t = token();
    root = (await createCategory(admin, { name: `Raiz ${t}` })).id;
    child = (await createCategory(admin, { name: `Filha ${t}`, parentId: root })).id;
    grandchild = (await createCategory(admin, { name: `Neta ${t}`, parentId: child })).id;
    other = (await createCategory(admin, { name: `Outra ${t}` })).id;
    const categories = [root, child, grandchild, other];
    for (let i = 0; i < 23; i++) {
      const prices = [1000 + ((i * 7919) % 5000), 1500 + ((i * 104729) % 9000)];
      const stock = i % 4 === 0 ? 0 : i;
      const category = categories[i % 4];
      const p = await createProduct(admin, {
        name: `Item ${t} número ${i}`, categoryIds: [category],
        variants: [{ sku: `PG-${t}-${i}-a`, priceCents: prices[0], stock }, { sku: `PG-${t}-${i}-b`, priceCents: prices[1], stock: 0 }],
      });
      made.push({ id: p.id, prices, stock, category, order: i });
    }
    await eventually(async () => ((await listAll(`q=${t}`, 100)).ids.length === made.length ? true : undefined), 20_000);
  });

  const from = (m: Made) => Math.min(...m.prices);
  const cases: [string, (m: Made) => boolean][] = [
    [`q=${'T'}`, () => true],
    [`q=${'T'}&category=ROOT`, (m) => m.category !== 'OTHER'],
    [`q=${'T'}&category=CHILD`, (m) => m.category === 'CHILD' || m.category === 'GRANDCHILD'],
    [`q=${'T'}&inStock=true`, (m) => m.stock > 0],
    [`q=${'T'}&minPrice=2000&maxPrice=6000`, (m) => m.prices.some((p) => p >= 2000 && p <= 6000)],
    [`q=${'T'}&category=ROOT&inStock=true&minPrice=1200`, (m) => m.category !== 'OTHER' && m.stock > 0 && m.prices.some((p) => p >= 1200)],
    // Without q: the index's pre-sorted orders (the categories are this test's own).
    ['category=ROOT', (m) => m.category !== 'OTHER'],
    ['category=CHILD&inStock=true', (m) => (m.category === 'CHILD' || m.category === 'GRANDCHILD') && m.stock > 0],
    ['category=ROOT&minPrice=2000&maxPrice=6000', (m) => m.category !== 'OTHER' && m.prices.some((p) => p >= 2000 && p <= 6000)],
  ];
  const sorts: [string, (a: Made, b: Made) => number][] = [
    ['price', (a, b) => from(a) - from(b) || (a.id < b.id ? -1 : 1)],
    ['-price', (a, b) => from(b) - from(a) || (a.id < b.id ? -1 : 1)],
    ['newest', (a, b) => b.order - a.order],
    ['bestselling', (a, b) => b.order - a.order],
    ['relevance', () => 0],
  ];

  const resolve = (query: string) => query.replace(/^q=T/, `q=${t}`).replace('ROOT', root).replace('CHILD', child);
  const tagged = () => made.map((m) => ({ ...m, category: m.category === root ? 'ROOT' : m.category === child ? 'CHILD' : m.category === grandchild ? 'GRANDCHILD' : 'OTHER' }));

  for (const [query, predicate] of cases) {
    for (const [sort, compare] of sorts) {
      it(`${query} sort=${sort}: every match exactly once, in order, across pages of 4`, async () => {
        const expected = tagged().filter(predicate);
        const { ids, pages } = await listAll(`${resolve(query)}&sort=${sort}`, 4);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(expected.map((m) => m.id).sort());
        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 4)));
        if (sort !== 'relevance') expect(ids).toEqual([...expected].sort(compare).map((m) => m.id));
      });
    }
  }

  it('refuses a cursor from another query', async () => {
    const first = await api('GET', `/products?q=${t}&sort=price&limit=2`);
    const reused = await api('GET', `/products?q=${t}&sort=-price&limit=2&cursor=${first.body.nextCursor}`);
    expect(reused.status).toBe(400);
    expect(reused.body.error.details[0].field).toBe('cursor');
  });
});

describe('stock in listings', () => {
  let t: string;
  let category: { id: string; slug: string };
  beforeAll(async () => {
    t = token();
    category = await createCategory(admin, { name: `Estoque Vitrine ${t}` });
  });

  const listed = async (query: string) =>
    (await api('GET', `/products?category=${category.id}&${query}&limit=100`)).body.items as { id: string; inStock: boolean; variants: { sku: string; available: number }[] }[];
  const setStock = async (id: string, sku: string, stock: number) =>
    expect((await api('PUT', `/products/${id}/variants/${sku}/stock`, { token: admin, body: { stock } })).status).toBe(200);
  /** Snapshot rebuilds so far (each publishes the pointer item: one write of the rebuild handler). */
  const rebuilds = async () => ((await api('GET', '/_local/dynamodb/stats')).body['catalog/rebuild-snapshot']?.writes ?? 0) as number;

  it('a variant selling out leaves inStock=true within seconds, and comes back when restocked', async () => {
    const p = await createProduct(admin, { name: `Esgota ${t}`, categoryIds: [category.id], variants: [{ sku: `ESG-${t}`, priceCents: 1000, stock: 2 }] });
    await eventually(async () => ((await listed('inStock=true')).some((i) => i.id === p.id) ? true : undefined), 10_000);
    await setStock(p.id, `ESG-${t}`, 0);
    await eventually(async () => ((await listed('inStock=true')).some((i) => i.id === p.id) ? undefined : true), 10_000);
    expect((await listed('sort=price')).find((i) => i.id === p.id)).toMatchObject({ inStock: false, variants: [{ available: 0 }] });
    await setStock(p.id, `ESG-${t}`, 3);
    await eventually(async () => ((await listed('inStock=true')).find((i) => i.id === p.id)?.variants[0].available === 3 ? true : undefined), 10_000);
  });

  it('a stock count change is live on the product page at once and does not rebuild the snapshot; the next rebuild brings it to listings', async () => {
    const p = await createProduct(admin, { name: `Contagem ${t}`, categoryIds: [category.id], variants: [{ sku: `CNT-${t}`, priceCents: 1000, stock: 10 }] });
    const availableInListing = async () => (await listed('sort=price')).find((i) => i.id === p.id)?.variants[0].available;
    await eventually(async () => ((await availableInListing()) === 10 ? true : undefined), 10_000);
    await sleep(1_500); // let rebuilds of earlier changes finish
    const scheduled = 15 * 60_000 - (Date.parse((await api('GET', '/_local/clock')).body.now) % (15 * 60_000));
    if (scheduled < 20_000) await sleep(scheduled + 5_000); // keep the 15-minute rebuild out of the count
    const before = await rebuilds();

    await setStock(p.id, `CNT-${t}`, 7);
    expect((await api('GET', `/products/${p.id}`)).body.variants[0].available).toBe(7);
    await sleep(1_500); // the stream has delivered the change (locally every 250 ms)
    expect(await availableInListing()).toBe(10);
    expect(await rebuilds()).toBe(before);

    // Any other catalog change rebuilds, and the rebuild reads every count: a category rename.
    const renamed = await api('PUT', `/categories/${category.id}`, { token: admin, body: { name: `Vitrine Renomeada ${t}`, slug: category.slug, parentId: null } });
    expect(renamed.status).toBe(200);
    await eventually(async () => ((await searchIds(`renomeada ${t}`)).includes(p.id) ? true : undefined), 10_000);
    expect(await rebuilds()).toBe(before + 1);
    expect(await availableInListing()).toBe(7);
  });
});

describe('brand and attribute filters with facets', () => {
  let t: string;
  let black128: { id: string };
  let mixed: { id: string };
  let samsung: { id: string };
  const ids = async (query: string) => (await api('GET', `/products?q=${t}&limit=100&${query}`)).body.items.map((p: { id: string }) => p.id).sort() as string[];
  beforeAll(async () => {
    t = token();
    const category = await createCategory(admin, { name: `Celulares ${t}` });
    const phone = (name: string, brand: string, variants: { sku: string; attributes: Record<string, string>; priceCents: number }[]) =>
      createProduct(admin, { name: `${name} ${t}`, brand, categoryIds: [category.id], variants: variants.map((v) => ({ ...v, stock: 5 })) });
    black128 = await phone('iPhone Preto', 'Apple', [{ sku: `AP1-${t}`, attributes: { cor: 'Preto', armazenamento: '128 GB' }, priceCents: 499900 }]);
    // Black in 256 GB and white in 128 GB: no variant is black and 128 GB.
    mixed = await phone('iPhone Duas Cores', 'Apple', [
      { sku: `AP2-${t}`, attributes: { cor: 'Preto', armazenamento: '256 GB' }, priceCents: 599900 },
      { sku: `AP3-${t}`, attributes: { cor: 'Branco', armazenamento: '128 GB' }, priceCents: 499900 },
    ]);
    samsung = await phone('Galaxy Preto', 'Samsung', [{ sku: `SG1-${t}`, attributes: { cor: 'Preto', armazenamento: '128 GB' }, priceCents: 19990 }]);
    await eventually(async () => ((await ids('')).length === 3 ? true : undefined));
  });

  it('filters by brand and by variant attributes (one variant matching them all; case, accents and spaces ignored)', async () => {
    expect(await ids('brand=apple')).toEqual([black128.id, mixed.id].sort());
    expect(await ids('attr.cor=preto&attr.armazenamento=128GB')).toEqual([black128.id, samsung.id].sort());
    expect(await ids('brand=Apple&attr.cor=PRETO&attr.armazenamento=128gb')).toEqual([black128.id]);
    expect(await ids('attr.cor=verde')).toEqual([]);
  });

  it('counts facets over the whole result, not the page, each without its own filter', async () => {
    const page = await api('GET', `/products?q=${t}&limit=1&brand=Apple`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.facets.brand).toEqual([{ value: 'Apple', count: 2 }, { value: 'Samsung', count: 1 }]);
    expect(page.body.facets.attributes).toEqual({
      armazenamento: [{ value: '128 GB', count: 2 }, { value: '256 GB', count: 1 }],
      cor: [{ value: 'Preto', count: 2 }, { value: 'Branco', count: 1 }],
    });
    expect(page.body.facets.price).toEqual([{ minPrice: 200000, maxPrice: 499999, count: 2 }, { minPrice: 500000, maxPrice: null, count: 1 }]);
    const next = await api('GET', `/products?q=${t}&limit=1&brand=Apple&cursor=${page.body.nextCursor}`);
    expect(next.body.facets).toEqual(page.body.facets);
    // A price range of the facet, clicked, finds exactly the products it counted.
    const range = await api('GET', `/products?q=${t}&brand=Apple&minPrice=200000&maxPrice=499999`);
    expect(range.body.items).toHaveLength(2);
  });

  it('shows a variant attribute change in the filters and facets within seconds (a patched snapshot)', async () => {
    const body = {
      name: `Galaxy Preto ${t}`, description: 'x', brand: 'Samsung', categoryIds: (await api('GET', `/products/${samsung.id}`)).body.categoryIds,
      images: [], status: 'active', variants: [{ sku: `SG1-${t}`, attributes: { cor: 'Verde', armazenamento: '128 GB' }, priceCents: 19990 }],
    };
    expect((await api('PUT', `/products/${samsung.id}`, { token: admin, body })).status).toBe(200);
    await eventually(async () => ((await ids('attr.cor=verde')).includes(samsung.id) ? true : undefined), 10_000);
    expect(await ids('attr.cor=preto')).toEqual([black128.id, mixed.id].sort());
  });

  it.each([
    ['attr.cor=', 'attr.cor'],
    [`attr.${'x'.repeat(41)}=a`, `attr.${'x'.repeat(41)}`],
    ['attr.a=1&attr.b=1&attr.c=1&attr.d=1&attr.e=1&attr.f=1', 'attr'],
    [`brand=${'x'.repeat(81)}`, 'brand'],
  ])('%s is 400 naming %s', async (query, field) => {
    const response = await api('GET', `/products?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toMatch(/at .+\.ts/);
  });
});

describe('listing input and caching', () => {
  it.each([
    ['minPrice=-1', 'minPrice'],
    ['maxPrice=abc', 'maxPrice'],
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['sort=cheapest', 'sort'],
    ['inStock=yes', 'inStock'],
    ['minPrice=500&maxPrice=100', 'minPrice'],
    ['cursor=garbage', 'cursor'],
  ])('%s is 400 naming %s', async (query, field) => {
    const response = await api('GET', `/products?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('serves listings with ETag and Cache-Control, and answers If-None-Match with 304', async () => {
    const first = await api('GET', '/products?q=iphone');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const again = await api('GET', '/products?q=iphone', { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const changed = await api('GET', '/products?q=iphone', { headers: { 'if-none-match': '"stale"' } });
    expect(changed.status).toBe(200);
  });
});
