/**
 * Product photos in a real headless Chromium against the local stack (test/helpers/browser-images-journey.ts):
 * the admin uploads photos in the console (straight to S3 with the pre-signed PUT), sees their
 * renditions and reorders them; the storefront's product page serves the renditions through
 * <picture>/srcset. Screenshots admin-product-images-*.png and product-images-*.png in docs/screenshots/.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminToken, apiUrl } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';
import { sidewaysJpeg, textFile } from '../helpers/images.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
// biome-ignore lint/suspicious/noExplicitAny: the journey's JSON is asserted field by field
let journey: any;
let productId: string;

beforeAll(async () => {
  const admin = await adminToken();
  const t = token();
  const categoryId = (await createCategory(admin, { name: `Fotos ${t}` })).id;
  productId = (await createProduct(admin, { name: `Cafeteira com fotos ${t}`, categoryIds: [categoryId], variants: [{ sku: `FOTO-${t}`, priceCents: 29990, stock: 5 }] })).id;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'images-journey-'));
  const files = { first: path.join(scratch, 'frente.jpg'), second: path.join(scratch, 'lado.jpg'), text: path.join(scratch, 'nota.jpg') };
  await writeFile(files.first, await sidewaysJpeg(1600, 1200));
  await writeFile(files.second, await sidewaysJpeg(1400, 1400));
  await writeFile(files.text, textFile());
  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
  const config = { admin: { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }, productId, files };
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/browser-images-journey.ts', `${apiUrl()}/store/`, path.join(root, 'docs/screenshots'), scratch], {
    cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 280_000, env: { ...process.env, IMAGES_JOURNEY: JSON.stringify(config) },
  });
  journey = JSON.parse(stdout.trim().split('\n').at(-1) as string);
}, 300_000);

test('the console refuses a text file named .jpg before any upload', () => {
  expect(journey.admin.refusal).toBe('nota.jpg: envie uma foto JPEG, PNG ou WebP.');
});

test('the console uploads two photos straight to S3 and lists their renditions', () => {
  const { uploaded } = journey.admin;
  expect(uploaded.map((i: { title: string }) => i.title)).toEqual(['Foto 1 · principal', 'Foto 2']);
  // Shown upright: the 1600 × 1200 photo stored sideways is 1200 wide.
  expect(uploaded[0].renditions).toEqual(expect.arrayContaining(['WEBP 160 × 213', 'WEBP 480 × 640', 'WEBP 1200 × 1600', 'JPEG 480 × 640']));
  expect(uploaded[1].renditions).toEqual(expect.arrayContaining(['WEBP 160 × 160', 'WEBP 1200 × 1200', 'JPEG 1200 × 1200']));
  expect(uploaded.every((i: { preview: string }) => i.preview.includes('/renditions/'))).toBe(true);
  expect(journey.admin.notice).toBe('Foto enviada e versões otimizadas prontas.');
  expect(journey.admin.consoleErrors).toEqual([]);
});

test('moving the second photo up makes it the main one', () => {
  const [first, second] = journey.admin.reordered;
  expect(first).toMatchObject({ title: 'Foto 1 · principal', preview: journey.admin.uploaded[1].preview });
  expect(second).toMatchObject({ title: 'Foto 2', preview: journey.admin.uploaded[0].preview });
});

test('the product page serves the main photo from its renditions: sources by format, srcset by width, sizes of the layout', () => {
  const { picture, loaded } = journey.storefront;
  expect(picture.sources.map((s: { type: string }) => s.type).at(-1)).toBe('image/webp');
  const webp = picture.sources.find((s: { type: string }) => s.type === 'image/webp');
  expect(webp.srcset).toMatch(/\/160\.webp 160w, .*\/480\.webp 480w, .*\/1200\.webp 1200w$/);
  expect(webp.sizes).toBe('(max-width: 700px) calc(100vw - 2rem), 540px');
  expect(picture.img.src).toMatch(/\/480\.jpg$/);
  expect(picture.img.srcset).toMatch(/\/160\.jpg 160w, .*\/1200\.jpg 1200w$/);
  expect(picture.img).toMatchObject({ width: '1400', height: '1400' });
  expect(picture.currentSrc).toMatch(/\/renditions\/.*\/(480|1200)\.(avif|webp)$/);
  expect(loaded.filter((url: string) => url.includes('/products/'))).toEqual([]);
  expect(picture.thumbnails).toBe(2);
  expect(journey.storefront.consoleErrors).toEqual([]);
});

test('axe-core: no serious or critical violations on the console\'s photos and the product page', () => {
  for (const page of ['adminProductImages', 'product']) {
    expect(journey.axe[page].filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }
});
