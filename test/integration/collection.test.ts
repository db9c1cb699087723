/**
 * Catalog collection through the local stack (issue 15): admin routes -> the collection queue (SQS
 * emulator) -> collection/fetch-page -> fixture marketplace sites served here on 127.0.0.1 (the
 * local stack sets COLLECTION_ALLOW_LOOPBACK; the tests' stack fetches with a 2 s timeout and 300 ms
 * between two fetches of one host). No internet: every page is in test/fixtures/collection.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from '#adapters/dynamodb/keys.js';
import { adminToken, api, eventually, newCustomer } from '../helpers/api.js';
import { createCategory, token } from '../helpers/catalog.js';
import { client, setAttributes } from '../helpers/table.js';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/collection', name), 'utf8');

interface Hit { host: string; path: string; userAgent: string; ifNoneMatch: string | undefined; status: number; startedAt: number; endedAt: number }

/** A fixture site: its pages by path, conditional GETs by ETag, and a log of every request with the requests in flight. */
class Site {
  server!: Server;
  base = '';
  hits: Hit[] = [];
  inFlight = 0;
  maxInFlight = 0;
  routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => number | undefined>();

  page(urlPath: string, body: () => string, contentType = 'text/html; charset=utf-8') {
    this.routes.set(urlPath, (req, res) => {
      const text = body();
      const etag = `"${createHash('sha1').update(text).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return 304;
      }
      res.writeHead(200, { 'content-type': contentType, etag });
      res.end(text);
      return 200;
    });
  }

  async start() {
    this.server = createServer((req, res) => {
      const startedAt = Date.now();
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const urlPath = (req.url ?? '/').split('?')[0];
      const hit: Hit = {
        host: req.headers.host ?? '', path: urlPath, userAgent: String(req.headers['user-agent'] ?? ''),
        ifNoneMatch: req.headers['if-none-match'] as string | undefined, status: 0, startedAt, endedAt: 0,
      };
      this.hits.push(hit);
      const done = () => {
        this.inFlight--;
        hit.endedAt = Date.now();
      };
      res.on('close', done);
      const route = this.routes.get(urlPath);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        hit.status = 404;
        return;
      }
      hit.status = route(req, res) ?? 0;
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let admin: string;
let categoryId: string;
const magalu = new Site();
const offers = new Site();
/** A host whose robots.txt answers 429 (unreachable, not "no robots.txt"): nothing else may be fetched from it. */
const down = new Site();
let tvPrice = '3899.90';
/** Answers of the flash offer page, in order (then 200). */
const offerScript: number[] = [429];
const sources: string[] = [];

beforeAll(async () => {
  admin = await adminToken();
  categoryId = (await createCategory(admin, { name: `Coletados ${token()}` })).id;

  magalu.routes.set('/robots.txt', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('User-agent: *\nDisallow: /privado/\n\nUser-agent: OutroRobo\nDisallow: /\n');
    return 200;
  });
  magalu.page('/produto/smart-tv-55', () => fixture('magalu-graph.html').replace('"3899.90"', `"${tvPrice}"`));
  magalu.page('/produto/fone-bluetooth', () => fixture('mercadolivre-microdata.html'));
  magalu.page('/dp/B0ABC12345', () => fixture('amazon-og.html'));
  magalu.page('/produto/camiseta-basica', () => fixture('magalu-group.html'));
  magalu.page('/produto/liquidificador', () => fixture('broken-jsonld.html'));
  magalu.page('/produto/geladeira', () => fixture('out-of-stock.html'));
  magalu.page('/produto/panela', () => fixture('heuristic.html'));
  magalu.page('/categoria/tvs', () => fixture('category-page.html'));
  magalu.page('/produto/kit-estranho', () => fixture('too-many-attributes.html'));
  magalu.page('/privado/oferta', () => fixture('amazon-og.html'));
  magalu.page('/sitemap.xml', () => `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>${magalu.base}/produto/panela</loc></url>
  <url><loc>${magalu.base}/produto/geladeira</loc></url>
  <url><loc>https://outro-site.example/produto/1</loc></url>
</urlset>`, 'application/xml');
  // Headers and half a page, then nothing: the fetch's deadline must end it.
  magalu.routes.set('/lento', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><head><title>Carregando');
    return 200;
  });
  magalu.routes.set('/ir-para-outra-loja', (_req, res) => {
    res.writeHead(301, { location: `${down.base}/produto/panela` });
    res.end();
    return 301;
  });
  magalu.routes.set('/redirect-metadata', (_req, res) => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
    res.end();
    return 302;
  });
  await magalu.start();

  offers.routes.set('/oferta-relampago', (req, res) => {
    const status = offerScript.shift() ?? 200;
    if (status === 429) {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
      res.end('calma');
      return 429;
    }
    const text = fixture('flash-offer-og.html');
    const etag = `"${createHash('sha1').update(text).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return 304;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
    res.end(text);
    return 200;
  });
  await offers.start();

  down.routes.set('/robots.txt', (_req, res) => {
    res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' });
    res.end('calma');
    return 429;
  });
  down.page('/produto/panela', () => fixture('heuristic.html'));
  await down.start();
});

afterAll(async () => {
  for (const id of sources) await api('DELETE', `/admin/collection/sources/${id}`, { token: admin });
  await magalu.stop();
  await offers.stop();
  await down.stop();
});

interface Run {
  runId: string; status: string; trigger: string; pagesPlanned: number; pagesFetched: number; productsFound: number; created: number; updated: number;
  unchanged: number; skipped: number; failed: number; errorsByCause: Record<string, number>; errors: { url: string; reason: string }[]; finishedAt: string | null;
}
interface Item {
  id: string; status: string; sourceUrl: string; method: string; name: string; description: string; brand: string | null; gtin: string | null;
  images: string[]; categoryHints: string[]; productId: string | null; previous: { variants: { priceCents: number }[] } | null;
  variants: { sourceSku: string | null; gtin: string | null; attributes: Record<string, string>; priceCents: number; availability: string }[];
}

async function createSource(body: Record<string, unknown>) {
  const response = await api('POST', '/admin/collection/sources', {
    token: admin, body: { name: `Fonte ${token()}`, schedule: 'rate(1 day)', maxPages: 50, enabled: false, startUrls: [], ...body },
  });
  if (response.status !== 201) throw new Error(`create source: ${response.status} ${response.text}`);
  sources.push(response.body.id);
  return response.body as { id: string; nextRunAt: string | null };
}

const runsOf = async (sourceId: string) => (await api('GET', `/admin/collection/sources/${sourceId}/runs`, { token: admin })).body.items as Run[];

/** Starts a run and waits for it to finish (the worker drains the queue: seconds, with the pages' host pacing). */
async function runToEnd(sourceId: string): Promise<Run> {
  const started = await api('POST', `/admin/collection/sources/${sourceId}/runs`, { token: admin });
  expect(started.status).toBe(202);
  return eventually(async () => (await runsOf(sourceId)).find((r) => r.runId === started.body.runId && r.status !== 'RUNNING'), 90_000, 300);
}

async function itemsOf(status: string, site: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const response: { status: number; body: { items: Item[]; nextCursor: string | null } } =
      await api('GET', `/admin/collection/items?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items.filter((i) => i.sourceUrl.startsWith(site));
}

const byName = (items: Item[], name: string) => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no item named ${name} in ${items.map((i) => i.name).join(', ')}`);
  return found;
};

describe('catalog collection', () => {
  let marketplace: string;

  it('a run over the fixture marketplaces: what was created, and every page it skipped with its cause', async () => {
    const pages = ['/produto/smart-tv-55', '/produto/fone-bluetooth', '/dp/B0ABC12345', '/produto/camiseta-basica', '/produto/liquidificador',
      '/produto/geladeira', '/produto/panela', '/categoria/tvs', '/privado/oferta', '/lento', '/redirect-metadata'].map((p) => `${magalu.base}${p}`);
    marketplace = (await createSource({ startUrls: [...pages, `${offers.base}/oferta-relampago`] })).id;

    const run = await runToEnd(marketplace);

    expect(run).toMatchObject({
      // 12 start pages and the redirect's target on another host (a page of its own: its host's checks apply).
      status: 'PARTIAL', trigger: 'admin', pagesPlanned: 13, pagesFetched: 10, productsFound: 8, created: 8, updated: 0, unchanged: 0, skipped: 0, failed: 4,
      errorsByCause: { 'no-product': 1, 'robots-disallowed': 1, timeout: 1, 'ssrf-refused': 1 },
    });
    expect(run.errors).toEqual(expect.arrayContaining([
      { url: `${magalu.base}/categoria/tvs`, reason: expect.stringMatching(/^no-product/) },
      { url: `${magalu.base}/privado/oferta`, reason: expect.stringMatching(/^robots-disallowed/) },
      { url: `${magalu.base}/lento`, reason: expect.stringMatching(/^timeout/) },
      { url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', reason: expect.stringMatching(/^ssrf-refused: 169\.254\.169\.254 resolves to a link-local address/) },
    ]));
    expect(run.finishedAt).toEqual(expect.any(String));

    // Polite: robots.txt read once per host and obeyed, an honest User-Agent, one request at a time per host.
    expect(magalu.hits.filter((h) => h.path === '/robots.txt')).toHaveLength(1);
    expect(offers.hits.filter((h) => h.path === '/robots.txt')).toHaveLength(1);
    expect(magalu.hits.some((h) => h.path.startsWith('/privado/'))).toBe(false);
    for (const hit of [...magalu.hits, ...offers.hits]) expect(hit.userAgent).toMatch(/^BigEcommerceCollector\/1\.0 \(\+https?:\/\/\S+\)$/);
    expect(magalu.maxInFlight).toBe(1);
    // After a page, the host rests at least the interval (300 ms) before the next (robots.txt and its page share one turn).
    const pageHits = magalu.hits.filter((h) => h.path !== '/robots.txt').sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < pageHits.length; i++) expect(pageHits[i].startedAt - pageHits[i - 1].endedAt).toBeGreaterThanOrEqual(250);
    // 429 with Retry-After: 1 -> the page came back after it, and was collected.
    const offerHits = offers.hits.filter((h) => h.path === '/oferta-relampago');
    expect(offerHits.map((h) => h.status)).toEqual([429, 200]);
    expect(offerHits[1].startedAt - offerHits[0].startedAt).toBeGreaterThanOrEqual(1000);

    const pending = await itemsOf('pending', magalu.base);
    expect(pending.map((i) => i.name).sort()).toEqual([
      'Cafeteira Expresso Oster PrimaLatte', 'Camiseta Básica Algodão', 'Fone De Ouvido Bluetooth JBL Tune 520BT', 'Geladeira Frost Free Duplex 480L Inox',
      'Liquidificador Turbo 1200W', 'Panela de Pressão 4,5L Antiaderente', 'Smart TV 55" 4K UHD LED Samsung',
    ]);
    const tv = byName(pending, 'Smart TV 55" 4K UHD LED Samsung');
    expect(tv).toMatchObject({
      method: 'json-ld', sourceUrl: `${magalu.base}/produto/smart-tv-55`, gtin: '7891000000014', brand: 'Samsung', productId: null,
      categoryHints: ['Início', 'TV e Vídeo', 'Smart TV'], variants: [expect.objectContaining({ priceCents: 389990, availability: 'in_stock' })],
    });
    // Sanitised like admin input: the formatting stays, the script, the handler and the javascript: link do not.
    expect(tv.description).toContain('<strong>4K</strong>');
    expect(tv.description).not.toMatch(/script|onerror|javascript:|<img/i);
    expect(byName(pending, 'Fone De Ouvido Bluetooth JBL Tune 520BT')).toMatchObject({ method: 'microdata', variants: [expect.objectContaining({ priceCents: 123456 })] });
    expect(byName(pending, 'Liquidificador Turbo 1200W').method).toBe('microdata');
    expect(byName(pending, 'Geladeira Frost Free Duplex 480L Inox').variants).toEqual([expect.objectContaining({ priceCents: 459900, availability: 'out_of_stock' })]);
    expect(byName(pending, 'Camiseta Básica Algodão').variants.map((v) => [v.attributes, v.priceCents, v.availability])).toEqual([
      [{ color: 'Preta', size: 'M' }, 5990, 'in_stock'], [{ color: 'Branca', size: 'M' }, 5990, 'out_of_stock'], [{ color: 'Preta', size: 'GG' }, 6490, 'in_stock'],
    ]);
    expect(byName(pending, 'Panela de Pressão 4,5L Antiaderente')).toMatchObject({ method: 'heuristic', variants: [expect.objectContaining({ priceCents: 18990 })] });
    expect(byName(await itemsOf('pending', offers.base), 'Kindle 11ª Geração 16GB')).toMatchObject({ method: 'opengraph', gtin: '7891000000083', variants: [expect.objectContaining({ priceCents: 59900 })] });
  }, 120_000);

  it('publishes through the catalog, rejects for good, and a second run sends conditional GETs and puts a price change up for review', async () => {
    let pending = await itemsOf('pending', magalu.base);
    const tv = byName(pending, 'Smart TV 55" 4K UHD LED Samsung');
    const fone = byName(pending, 'Fone De Ouvido Bluetooth JBL Tune 520BT');
    const shirt = byName(pending, 'Camiseta Básica Algodão');

    const published = await api('POST', `/admin/collection/items/${tv.id}/publish`, { token: admin, body: { categoryIds: [categoryId] } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      name: 'Smart TV 55" 4K UHD LED Samsung', brand: 'Samsung', status: 'active', categoryIds: [categoryId],
      variants: [{ sku: '7891000000014', priceCents: 389990, available: 0, attributes: {} }],
    });
    expect((await api('GET', `/products/${published.body.id}`)).status).toBe(200);
    expect((await api('POST', `/admin/collection/items/${tv.id}/publish`, { token: admin, body: { categoryIds: [categoryId] } })).body.error.code).toBe('ITEM_NOT_PENDING');

    // The catalog refuses an unknown category: 400, and the item is still pending.
    const refused = await api('POST', `/admin/collection/items/${shirt.id}/publish`, { token: admin, body: { categoryIds: ['no-such-category'] } });
    expect(refused.status).toBe(400);
    expect(byName(await itemsOf('pending', magalu.base), 'Camiseta Básica Algodão').status).toBe('pending');

    expect((await api('POST', `/admin/collection/items/${fone.id}/reject`, { token: admin })).body.status).toBe('rejected');

    tvPrice = '3799.90';
    const before = magalu.hits.length;
    const second = await runToEnd(marketplace);
    expect(second).toMatchObject({ status: 'PARTIAL', pagesPlanned: 13, productsFound: 8, created: 0, updated: 1, unchanged: 7, failed: 4 });
    const revisits = magalu.hits.slice(before).filter((h) => h.path.startsWith('/produto/') || h.path.startsWith('/dp/'));
    expect(revisits.every((h) => h.ifNoneMatch !== undefined)).toBe(true);
    expect(revisits.filter((h) => h.status === 304)).toHaveLength(6);

    pending = await itemsOf('pending', magalu.base);
    const changed = byName(pending, 'Smart TV 55" 4K UHD LED Samsung');
    expect(changed).toMatchObject({ productId: published.body.id, previous: { variants: [expect.objectContaining({ priceCents: 389990 })] } });
    expect(changed.variants[0].priceCents).toBe(379990);
    // Unchanged at the source: the rejected item is not proposed again.
    expect(pending.some((i) => i.name === fone.name)).toBe(false);
    expect(byName(await itemsOf('rejected', magalu.base), fone.name).id).toBe(fone.id);

    const applied = await api('POST', `/admin/collection/items/${changed.id}/publish`, { token: admin, body: { categoryIds: [categoryId] } });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ id: published.body.id, variants: [{ sku: '7891000000014', priceCents: 379990 }] });
  }, 120_000);

  it('a collected GTIN that an admin product uses as its SKU matches that product: publishing updates it instead of making another', async () => {
    // The item was collected before the admin created the product: matched at publish time.
    const geladeira = byName(await itemsOf('pending', magalu.base), 'Geladeira Frost Free Duplex 480L Inox');
    expect(geladeira.productId).toBeNull();
    const product = await api('POST', '/products', {
      token: admin, body: { name: `Geladeira do admin ${token()}`, description: 'x', categoryIds: [categoryId], variants: [{ sku: '7891000000076', priceCents: 500000, stock: 3 }] },
    });
    expect(product.status).toBe(201);
    const published = await api('POST', `/admin/collection/items/${geladeira.id}/publish`, { token: admin, body: { categoryIds: [categoryId] } });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: product.body.id, name: product.body.name, variants: [{ sku: '7891000000076', priceCents: 459900, available: 3 }] });
    expect(byName(await itemsOf('published', magalu.base), geladeira.name).productId).toBe(product.body.id);
  });

  it('a collected item goes through the catalog\'s own validation at publish: 11 attributes is 400 naming the field', async () => {
    const source = await createSource({ startUrls: [`${magalu.base}/produto/kit-estranho`] });
    expect(await runToEnd(source.id)).toMatchObject({ status: 'SUCCEEDED', created: 1 });
    const kit = byName(await itemsOf('pending', magalu.base), 'Kit de Ferramentas Estranho');
    expect(Object.keys(kit.variants[0].attributes)).toHaveLength(11);
    const refused = await api('POST', `/admin/collection/items/${kit.id}/publish`, { token: admin, body: { categoryIds: [categoryId] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'variants.0.attributes' })]);
    expect(byName(await itemsOf('pending', magalu.base), kit.name).status).toBe('pending');
  }, 60_000);

  it('a sitemap source plans the sitemap\'s same-host URLs within the page budget', async () => {
    const source = await createSource({ sitemapUrl: `${magalu.base}/sitemap.xml`, maxPages: 5 });
    const run = await runToEnd(source.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', pagesPlanned: 3, pagesFetched: 3, productsFound: 2, unchanged: 2, created: 0, failed: 0 });
  }, 60_000);

  it('a robots.txt that answers 429 is unreachable, not missing: the whole host is disallowed (RFC 9309), the page never requested', async () => {
    const source = await createSource({ startUrls: [`${down.base}/produto/panela`] });
    const run = await runToEnd(source.id);
    expect(run).toMatchObject({ status: 'FAILED', failed: 1, errorsByCause: { 'robots-disallowed': 1 } });
    expect(run.errors[0].reason).toMatch(/robots\.txt unreachable \(HTTP 429\)/);
    expect(down.hits.map((h) => h.path)).toEqual(['/robots.txt']);
  }, 60_000);

  it('a redirect to another host is a page of its own: that host\'s robots.txt applies (here: unreachable, so it is not fetched)', async () => {
    const source = await createSource({ startUrls: [`${magalu.base}/ir-para-outra-loja`] });
    const run = await runToEnd(source.id);
    expect(run).toMatchObject({ status: 'PARTIAL', pagesPlanned: 2, failed: 1, productsFound: 0, errorsByCause: { 'robots-disallowed': 1 } });
    expect(run.errors).toEqual([{ url: `${down.base}/produto/panela`, reason: expect.stringMatching(/^robots-disallowed: robots\.txt unreachable/) }]);
    expect(down.hits.some((h) => h.path === '/produto/panela')).toBe(false);
  }, 60_000);

  it('one run at a time per source: a second start while it runs is 409', async () => {
    const source = await createSource({ startUrls: [`${magalu.base}/lento`] });
    const first = await api('POST', `/admin/collection/sources/${source.id}/runs`, { token: admin });
    expect(first.status).toBe(202);
    const second = await api('POST', `/admin/collection/sources/${source.id}/runs`, { token: admin });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('RUN_IN_PROGRESS');
    const run = await eventually(async () => (await runsOf(source.id)).find((r) => r.status !== 'RUNNING'), 60_000, 300);
    expect(run).toMatchObject({ status: 'FAILED', failed: 1, errorsByCause: { timeout: 1 } });
  }, 60_000);

  it('the tick starts a due source and moves its next run on; a run whose pages were lost is closed with them counted', async () => {
    const source = await createSource({ startUrls: [`${magalu.base}/produto/panela`], enabled: true, schedule: 'rate(1 day)' });
    expect(source.nextRunAt).toEqual(expect.any(String));
    const due = new Date(Date.now() - 60_000).toISOString();
    await setAttributes(keys.collectionSource(source.id), { nextRunAt: due, ...keys.collectionDueIndex(due, source.id) });
    expect((await api('POST', '/_local/schedules/collection-tick/run')).status).toBeLessThan(300);
    const run = await eventually(async () => (await runsOf(source.id)).find((r) => r.status !== 'RUNNING'), 60_000, 300);
    expect(run).toMatchObject({ trigger: 'schedule', status: 'SUCCEEDED', pagesPlanned: 1, productsFound: 1 });
    const after = (await api('GET', '/admin/collection/sources', { token: admin })).body.items.find((s: { id: string }) => s.id === source.id);
    expect(after.nextRunAt > new Date().toISOString()).toBe(true);
    expect(after.lastRunId).toBe(run.runId);

    // A worker died with two of three pages: the run is RUNNING past its deadline until the tick closes it.
    const lost = await createSource({ startUrls: [`${magalu.base}/produto/panela`] });
    const runId = `01LOST${token().toUpperCase()}`;
    const deadline = new Date(Date.now() - 1000).toISOString();
    await client().send(new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        ...keys.collectionRun(lost.id, runId), ...keys.collectionRunningIndex(deadline, lost.id, runId), entity: 'CollectionRun',
        runId, sourceId: lost.id, trigger: 'admin', status: 'RUNNING', startedAt: deadline, finishedAt: null, deadline, pagesPlanned: 3, pagesDone: 1,
        pagesFetched: 1, productsFound: 1, created: 0, updated: 0, unchanged: 1, skipped: 0, failed: 0, errorsByCause: {}, errors: [],
      },
    }));
    await api('POST', '/_local/schedules/collection-tick/run');
    const closed = (await runsOf(lost.id)).find((r) => r.runId === runId);
    expect(closed).toMatchObject({ status: 'PARTIAL', failed: 2, errorsByCause: { 'worker-lost': 2 }, finishedAt: expect.any(String) });
  }, 60_000);

  it('npm run collect -- --source <id>: a one-off run for ops, waited for, exit 0 when it succeeded', async () => {
    const source = await createSource({ startUrls: [`${magalu.base}/produto/panela`] });
    const run = (args: string[]) => new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [require.resolve('tsx/cli'), 'scripts/collect.ts', ...args], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, ADMIN_EMAIL: process.env.ADMIN_EMAIL, ADMIN_PASSWORD: process.env.ADMIN_PASSWORD },
      }, (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }));
    });
    const ok = await run(['--source', source.id, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ status: 'SUCCEEDED', pagesPlanned: 1, productsFound: 1 });
    expect((await run(['--source', 'no-such-source'])).code).toBe(1);
    expect((await run([])).code).toBe(2);
  }, 60_000);

  it('admin only; bad sources are 400 naming the field; unknown ids 404', async () => {
    const customer = await newCustomer();
    expect((await api('GET', '/admin/collection/sources', { token: customer.accessToken })).status).toBe(403);
    expect((await api('GET', '/admin/collection/items', { token: customer.accessToken })).status).toBe(403);
    const bad = async (body: Record<string, unknown>) => api('POST', '/admin/collection/sources', {
      token: admin, body: { name: 'Loja', startUrls: ['https://loja.example/p/1'], schedule: 'rate(1 day)', maxPages: 10, enabled: true, ...body },
    });
    for (const [body, field] of [
      [{ schedule: 'rate(5 minutes)' }, 'schedule'], [{ schedule: 'toda hora' }, 'schedule'], [{ maxPages: 0 }, 'maxPages'], [{ maxPages: 5000 }, 'maxPages'],
      [{ startUrls: ['file:///etc/passwd'] }, 'startUrls.0'], [{ startUrls: [] }, 'startUrls'], [{ enabled: 'sim' }, 'enabled'],
    ] as const) {
      const response = await bad(body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await api('GET', '/admin/collection/items?status=maybe', { token: admin })).status).toBe(400);
    expect((await api('GET', '/admin/collection/sources/nope/runs', { token: admin })).status).toBe(404);
    expect((await api('POST', '/admin/collection/sources/nope/runs', { token: admin })).status).toBe(404);
    expect((await api('POST', '/admin/collection/items/nope/reject', { token: admin })).status).toBe(404);
    const source = await createSource({ startUrls: ['https://loja.example/p/1'] });
    const updated = await api('PUT', `/admin/collection/sources/${source.id}`, {
      token: admin, body: { name: 'Renomeada', startUrls: ['https://loja.example/p/2'], schedule: 'cron(0 3 * * ? *)', maxPages: 5, enabled: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Renomeada', schedule: 'cron(0 3 * * ? *)', enabled: true, nextRunAt: expect.stringMatching(/T03:00:00\.000Z$/) });
    expect((await api('DELETE', `/admin/collection/sources/${source.id}`, { token: admin })).status).toBe(204);
    expect((await api('DELETE', `/admin/collection/sources/${source.id}`, { token: admin })).status).toBe(404);
  });
});
