/**
 * The image pipeline through the local stack: a real JPEG (stored sideways, EXIF orientation 6, EXIF
 * and GPS tags) uploaded with the pre-signed PUT into the S3 emulator -> its "Object Created" event
 * -> the images queue (SQS emulator) -> catalog/make-renditions (sharp) -> renditions in the media
 * bucket and the product's `imageSet`. And a collected product's external image: a fixture site on
 * 127.0.0.1 (robots.txt, a product page, the image), fetched by the collector's polite fetcher.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { adminToken, api, eventually } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';
import { bandColour, pngBomb, sidewaysJpeg, textFile } from '../helpers/images.js';

interface Rendition { url: string; width: number; height: number; format: 'avif' | 'webp' | 'jpeg' }
interface ImageSet { original: string; width: number; height: number; renditions: Rendition[] }

let admin: string;
let categoryId: string;
beforeAll(async () => {
  admin = await adminToken();
  categoryId = (await createCategory(admin, { name: `Imagens ${token()}` })).id;
});

async function upload(productId: string, bytes: Buffer, contentType: string): Promise<string> {
  const signed = await api('POST', `/products/${productId}/images`, { token: admin, body: { contentType, fileName: 'foto.jpg', sizeBytes: bytes.byteLength } });
  expect(signed.status).toBe(201);
  const put = await fetch(signed.body.uploadUrl, { method: 'PUT', headers: signed.body.headers, body: bytes });
  expect(put.status).toBe(200);
  return signed.body.imageUrl as string;
}

/** PUT /products/{id} with these images (and the fields the test created the product with). */
const setImages = (productId: string, name: string, sku: string, images: string[]) => api('PUT', `/products/${productId}`, {
  token: admin, body: { name, description: 'Produto de teste', categoryIds: [categoryId], images, status: 'active', variants: [{ sku, priceCents: 1000 }] },
});

const imageSetOf = async (productId: string, original: string): Promise<ImageSet | undefined> =>
  ((await api('GET', `/products/${productId}`)).body.imageSet as ImageSet[]).find((s) => s.original === original);

describe('uploaded images', () => {
  it('a sideways JPEG becomes upright WebP, AVIF (where smaller) and JPEG renditions, smaller than the upload, without its EXIF, cached for a year', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Foto ${t}`, categoryIds: [categoryId], variants: [{ sku: `IMG-${t}`, priceCents: 1000 }] });
    const source = await sidewaysJpeg(1600, 1000);
    const imageUrl = await upload(p.id, source, 'image/jpeg');
    const registered = await setImages(p.id, `Foto ${t}`, `IMG-${t}`, [imageUrl]);
    expect(registered.body).toMatchObject({ images: [imageUrl] });

    const set = await eventually(() => imageSetOf(p.id, imageUrl), 60_000, 300);
    expect(set).toMatchObject({ original: imageUrl, width: 1000, height: 1600 });
    const widthsOf = (format: string) => set.renditions.filter((r) => r.format === format).map((r) => r.width);
    expect(widthsOf('webp')).toEqual([160, 480, 1000]);
    expect(widthsOf('jpeg')).toEqual([160, 480, 1000]);
    // Fetched first, all at once (the checks below are slow on a busy machine; an idle keep-alive socket would be closed by then).
    const served = await Promise.all(set.renditions.map(async (r) => {
      const response = await fetch(r.url);
      return { r, status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), bytes: new Uint8Array(await response.arrayBuffer()) };
    }));
    for (const { r, status, type, cache, bytes } of served) {
      expect({ status, type, cache }).toEqual({ status: 200, type: `image/${r.format}`, cache: 'public, max-age=31536000, immutable' });
      const meta = await sharp(bytes).metadata();
      expect({ width: meta.width, height: meta.height, exif: meta.exif, orientation: meta.orientation }).toEqual({ width: r.width, height: r.height, exif: undefined, orientation: undefined });
      expect(bytes.byteLength).toBeLessThan(source.byteLength);
      const top = await bandColour(bytes, 0.05, 0.4);
      const bottom = await bandColour(bytes, 0.6, 0.95);
      expect(top.r - top.b).toBeGreaterThan(150);
      expect(bottom.b - bottom.r).toBeGreaterThan(150);
    }
  });

  it('a text file renamed .jpg and a 20,000 × 20,000 PNG bomb get no renditions; an image uploaded after them does', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Bomba ${t}`, categoryIds: [categoryId], variants: [{ sku: `BOMB-${t}`, priceCents: 1000 }] });
    const text = await upload(p.id, textFile(), 'image/jpeg');
    const bomb = await upload(p.id, pngBomb(20_000), 'image/png');
    const good = await upload(p.id, await sidewaysJpeg(300, 200), 'image/jpeg');
    // The text file cannot even be registered on the product; the bomb can (its first bytes are a PNG's) but never gets renditions.
    const refused = await setImages(p.id, `Bomba ${t}`, `BOMB-${t}`, [text]);
    expect(refused.status).toBe(400);
    const registered = await setImages(p.id, `Bomba ${t}`, `BOMB-${t}`, [bomb, good]);
    expect(registered.status).toBe(200);
    const set = await eventually(() => imageSetOf(p.id, good), 60_000, 300);
    expect(set.renditions.filter((r) => r.format === 'webp').map((r) => r.width)).toEqual([160, 200]);
    // One more upload, after the bomb's event: when it is rendered, the bomb's event had its turn long before.
    const later = await upload(p.id, await sidewaysJpeg(200, 100), 'image/jpeg');
    expect((await setImages(p.id, `Bomba ${t}`, `BOMB-${t}`, [bomb, good, later])).status).toBe(200);
    await eventually(() => imageSetOf(p.id, later), 60_000, 300);
    const product = (await api('GET', `/products/${p.id}`)).body;
    expect(product.images).toEqual([bomb, good, later]);
    expect((product.imageSet as ImageSet[]).map((s) => s.original)).toEqual([good, later]);
  });

  it('an upload over 5 MiB through a URL signed without a length (API.md\'s body) is deleted by the pipeline; it could never be registered', async () => {
    const t = token();
    const p = await createProduct(admin, { name: `Grande ${t}`, categoryIds: [categoryId], variants: [{ sku: `BIG-${t}`, priceCents: 1000 }] });
    const signed = await api('POST', `/products/${p.id}/images`, { token: admin, body: { contentType: 'image/jpeg', fileName: 'grande.jpg' } });
    expect(signed.status).toBe(201);
    const big = Buffer.concat([await sidewaysJpeg(300, 200), Buffer.alloc(6 * 1024 * 1024)]);
    expect((await fetch(signed.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: big })).status).toBe(200);
    const imageUrl = signed.body.imageUrl as string;
    expect((await setImages(p.id, `Grande ${t}`, `BIG-${t}`, [imageUrl])).status).toBe(400);
    await eventually(async () => ((await fetch(imageUrl, { method: 'HEAD' })).status === 404 ? true : undefined), 60_000, 300);
    expect(await imageSetOf(p.id, imageUrl)).toBeUndefined();
  });
});

describe('collected images', () => {
  let server: Server;
  let site: string;
  const requests: { path: string; userAgent: string }[] = [];
  let photo: Buffer;

  beforeAll(async () => {
    photo = await sidewaysJpeg(1400, 900);
    server = createServer((req: IncomingMessage, res) => {
      requests.push({ path: req.url ?? '', userAgent: String(req.headers['user-agent']) });
      if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /privado/\n');
      } else if (req.url === '/fotos/cafeteira.jpg') {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
      } else if (req.url === '/produto/cafeteira') {
        const ld = {
          '@context': 'https://schema.org', '@type': 'Product', name: 'Cafeteira Coletada', sku: 'CAF-1', image: ['/fotos/cafeteira.jpg', '/privado/escondida.jpg'],
          offers: { '@type': 'Offer', price: '199.90', priceCurrency: 'BRL', availability: 'https://schema.org/InStock' },
        };
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><h1>Cafeteira</h1></body></html>`);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a published product\'s external image is fetched politely (robots.txt, our User-Agent) into the same renditions', async () => {
    const source = await api('POST', '/admin/collection/sources', {
      token: admin, body: { name: `Fotos ${token()}`, schedule: 'rate(1 day)', maxPages: 5, enabled: false, startUrls: [`${site}/produto/cafeteira`] },
    });
    expect(source.status).toBe(201);
    const started = await api('POST', `/admin/collection/sources/${source.body.id}/runs`, { token: admin });
    expect(started.status).toBe(202);
    await eventually(async () => ((await api('GET', `/admin/collection/sources/${source.body.id}/runs`, { token: admin })).body.items as { runId: string; status: string }[])
      .find((r) => r.runId === started.body.runId && r.status !== 'RUNNING'), 60_000, 300);
    const items = (await api('GET', '/admin/collection/items?status=pending&limit=100', { token: admin })).body.items as { id: string; sourceUrl: string }[];
    const item = items.find((i) => i.sourceUrl.startsWith(site));
    expect(item).toBeDefined();
    const published = await api('POST', `/admin/collection/items/${item?.id}/publish`, { token: admin, body: { categoryIds: [categoryId] } });
    expect(published.status).toBe(200);
    const original = `${site}/fotos/cafeteira.jpg`;
    expect(published.body.images).toEqual([original, `${site}/privado/escondida.jpg`]);

    const set = await eventually(() => imageSetOf(published.body.id, original), 60_000, 300);
    expect(set).toMatchObject({ width: 900, height: 1400 });
    expect(set.renditions.filter((r) => r.format === 'webp').map((r) => r.width)).toEqual([160, 480, 900]);
    expect(set.renditions.every((r) => !r.url.startsWith(site))).toBe(true);
    // robots.txt disallows the second image: never asked for, never rendered.
    expect(requests.some((r) => r.path === '/privado/escondida.jpg')).toBe(false);
    expect(requests.filter((r) => r.path === '/fotos/cafeteira.jpg').every((r) => r.userAgent.startsWith('BigEcommerceCollector/1.0 (+'))).toBe(true);
    expect((await api('GET', `/products/${published.body.id}`)).body.imageSet).toHaveLength(1);
  });
});
