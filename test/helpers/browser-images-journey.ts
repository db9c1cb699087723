/**
 * The product photos journey in a real headless Chromium, run by test/integration/web-product-images.test.ts
 * (tsx, since puppeteer-core is ESM-only), which asserts on the JSON printed last. The admin signs in,
 * opens a product in the console, uploads two photos with the file picker (straight to S3 with the
 * pre-signed PUT), waits for their renditions, makes the second one the main photo and sees a text
 * file refused before any upload. Then a visitor opens the product in the storefront: the main photo
 * is a <picture> with AVIF/WebP sources and a JPEG fallback, srcset by width, and the browser loads a
 * rendition, not the upload. Screenshots admin-product-images-*.png and product-images-*.png.
 *
 * Usage: IMAGES_JOURNEY='<json: see Config>' tsx test/helpers/browser-images-journey.ts <storefront URL> <screenshots dir> <scratch dir>
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { type AxeViolation, axe, consoleErrorsOf, journeyInput, launch, pathOf, shoot, texts } from './browser.js';

interface Config {
  admin: { email: string; password: string };
  productId: string;
  /** Files on disk: two JPEGs and a text file named .jpg. */
  files: { first: string; second: string; text: string };
}

const { storeUrl, dirs: [shotsDir, scratchDir], config } = journeyInput<Config>('IMAGES_JOURNEY', 'browser-images-journey.ts <storefront URL> <screenshots dir> <scratch dir>');
const TIMEOUT = 60_000;

async function upload(page: Page, file: string): Promise<void> {
  const input = await page.waitForSelector('[data-testid="image-file"]:not([disabled])', { timeout: TIMEOUT });
  await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(file);
}

const ITEMS = `[...document.querySelectorAll('[data-testid="image-item"]')].map((li) => ({
  title: li.querySelector('p strong')?.textContent ?? '',
  renditions: [...li.querySelectorAll('[data-testid="renditions"] a')].map((a) => a.textContent),
  preview: li.querySelector('img')?.getAttribute('src') ?? '',
}))`;

const browser = await launch();
const out: Record<string, unknown> = {};
const axeResults: Record<string, AxeViolation[]> = {};
let step = 'start';
let current: Page | undefined;
try {
  const page = await browser.newPage();
  current = page;
  const consoleErrors = consoleErrorsOf(page);

  step = 'sign in';
  await page.goto(`${storeUrl}admin/produtos/${encodeURIComponent(config.productId)}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#signin-email', { timeout: TIMEOUT });
  await page.type('#signin-email', config.admin.email);
  await page.type('#signin-password', config.admin.password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="image-file"]', { timeout: TIMEOUT });

  step = 'refused file';
  await upload(page, config.files.text);
  await page.waitForSelector('[data-testid="image-error"]', { timeout: TIMEOUT });
  const refusal = (await texts(page, '[data-testid="image-error"]'))[0];

  step = 'uploads';
  for (const file of [config.files.first, config.files.second]) {
    const before = (await page.$$('[data-testid="image-item"]')).length;
    await upload(page, file);
    await page.waitForFunction(`document.querySelectorAll('[data-testid="image-item"]').length === ${before + 1}`, { timeout: TIMEOUT });
    await page.waitForFunction(`document.querySelectorAll('[data-testid="renditions"]').length === ${before + 1}`, { timeout: TIMEOUT });
  }
  const notice = (await texts(page, '[data-testid="image-notice"]'))[0];
  const uploaded = await page.evaluate(ITEMS);

  step = 'reorder';
  await page.click('button[aria-label="Subir a foto 2"]');
  await page.waitForFunction(`document.querySelector('[data-testid="image-notice"]')?.textContent === 'Foto principal trocada.'`, { timeout: TIMEOUT });
  const reordered = await page.evaluate(ITEMS);
  axeResults.adminProductImages = await axe(page);
  await page.evaluate('document.querySelector(".product-images").scrollIntoView()');
  await shoot(page, shotsDir, 'admin-product-images');
  out.admin = { path: pathOf(page), refusal, notice, uploaded, reordered, consoleErrors };

  step = 'storefront';
  const visitor = await browser.newPage();
  current = visitor;
  const visitorErrors = consoleErrorsOf(visitor);
  const loaded: string[] = [];
  visitor.on('response', (response) => { if (response.request().resourceType() === 'image') loaded.push(response.url()); });
  await visitor.goto(`${storeUrl}produto/${encodeURIComponent(config.productId)}`, { waitUntil: 'networkidle0' });
  await visitor.waitForSelector('.product-media picture img', { timeout: TIMEOUT });
  await visitor.waitForFunction(`document.querySelector('.product-media picture img').complete && document.querySelector('.product-media picture img').naturalWidth > 0`, { timeout: TIMEOUT });
  const picture = await visitor.evaluate(`(() => {
    const picture = document.querySelector('.product-media picture');
    const img = picture.querySelector('img');
    return {
      sources: [...picture.querySelectorAll('source')].map((s) => ({ type: s.type, srcset: s.srcset, sizes: s.sizes })),
      img: { src: img.getAttribute('src'), srcset: img.srcset, sizes: img.sizes, width: img.getAttribute('width'), height: img.getAttribute('height'), alt: img.alt },
      currentSrc: img.currentSrc,
      naturalWidth: img.naturalWidth,
      thumbnails: document.querySelectorAll('.thumbnails button').length,
    };
  })()`);
  axeResults.product = await axe(visitor);
  await shoot(visitor, shotsDir, 'product-images');
  out.storefront = { picture, loaded, consoleErrors: visitorErrors };
} catch (error) {
  const shot = path.join(scratchDir, 'failure.png');
  const taken = await current?.screenshot({ path: shot }).then(() => shot, () => 'none: the page was closed');
  throw new Error(`step ${step} failed at ${current && !current.isClosed() ? pathOf(current) : '?'} (screenshot ${taken}): ${error}`, { cause: error });
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ...out, axe: axeResults }));
