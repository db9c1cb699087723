/**
 * The storefront journey in a real headless Chromium (@sparticuz/chromium's binary, driven by
 * puppeteer-core). Both packages are ESM-only, which Jest's CommonJS runtime cannot load, so
 * test/integration/web-storefront.test.ts runs this file with tsx and asserts on the JSON it
 * prints. Usage: tsx test/helpers/browser-journey.ts <storefront URL> <screenshots dir>
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Page } from 'puppeteer-core';

const [storeUrl, shotsDir] = process.argv.slice(2);
if (!storeUrl || !shotsDir) throw new Error('usage: browser-journey.ts <storefront URL> <screenshots dir>');

/** Flags for this machine's closed network (see the env notes), over the package's own. */
const EXTRA_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=pt-BR'];
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate('axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))') as Promise<AxeViolation[]>;
}

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => el.textContent?.trim() ?? ''));
const pathOf = (page: Page) => { const url = new URL(page.url()); return url.pathname + url.search; };

await mkdir(shotsDir, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: await chromium.executablePath(),
  args: [...chromium.args, ...EXTRA_ARGS],
  headless: 'shell',
  defaultViewport: { width: 1280, height: 800 },
});
try {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  // Home: the Black Friday banner and the best sellers.
  await page.goto(storeUrl, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid="flash-status"]');
  await page.waitForSelector('.grid .card');
  const home = {
    path: pathOf(page),
    banner: (await texts(page, '.flash-banner'))[0],
    units: (await texts(page, '[data-testid="flash-units"]'))[0] ?? null,
    cards: (await page.$$('.grid .card')).length,
    axe: await axe(page),
  };
  await page.screenshot({ path: path.join(shotsDir, 'home-desktop.png') });

  // Pagination: the next page's cursor goes into the URL; back returns to the first page.
  await page.goto(`${storeUrl}busca`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid="results"] .card');
  const firstPage = await texts(page, '[data-testid="results"] .card-name');
  const [next] = await page.$$('xpath/.//nav[@aria-label="Paginação"]//button[contains(., "Próxima página")]');
  if (!next) throw new Error('no "Próxima página" button on the first page of all products');
  await Promise.all([page.waitForFunction("location.search.includes('cursor=')"), next.click()]);
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  const secondPage = { path: pathOf(page), names: await texts(page, '[data-testid="results"] .card-name') };
  await page.goBack();
  await page.waitForFunction("!location.search.includes('cursor=')");
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  const pages = { firstPage, secondPage, backToFirst: await texts(page, '[data-testid="results"] .card-name') };
  await page.goto(storeUrl, { waitUntil: 'networkidle0' });

  // Search "cafe" (no accent) from the header.
  await page.type('#search-q', 'cafe');
  await Promise.all([page.waitForFunction("location.pathname.endsWith('/busca')"), page.keyboard.press('Enter')]);
  await page.waitForSelector('[data-testid="results"] .card');
  const search = {
    path: pathOf(page),
    heading: (await texts(page, 'h1'))[0],
    names: await texts(page, '[data-testid="results"] .card-name'),
    prices: await texts(page, '[data-testid="results"] .card-price'),
    axe: await axe(page),
  };
  await page.screenshot({ path: path.join(shotsDir, 'search-desktop.png') });

  // Sort by highest price: the criterion lands in the URL; back returns to the previous results.
  await Promise.all([page.waitForFunction("location.search.includes('sort=-price')"), page.select('select', '-price')]);
  await page.waitForSelector('[data-testid="results"] .card');
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  const sorted = { path: pathOf(page), prices: await texts(page, '[data-testid="results"] .card-price') };
  await page.goBack();
  await page.waitForFunction("!location.search.includes('sort=')");
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  const afterBack = { path: pathOf(page), selectedSort: await page.$eval('select', (el) => (el as unknown as { value: string }).value) };

  // Product page of the first result, then another variant.
  await Promise.all([page.waitForFunction("location.pathname.includes('/produto/')"), page.click('[data-testid="results"] .card-link')]);
  await page.waitForSelector('[data-testid="price"]');
  const chips = await page.$$('.chip');
  const before = { sku: (await texts(page, '.sku'))[0], price: (await texts(page, '[data-testid="price"]'))[0] };
  const otherChip = (await page.$$('.chip:not(.selected)'))[0];
  if (otherChip) await otherChip.click();
  const product = {
    path: pathOf(page),
    name: (await texts(page, 'h1'))[0],
    price: before.price,
    stock: (await texts(page, '[data-testid="stock"]'))[0],
    chips: chips.length,
    skuBefore: before.sku,
    skuAfter: (await texts(page, '.sku'))[0],
    axe: await axe(page),
  };
  await page.screenshot({ path: path.join(shotsDir, 'product-desktop.png') });

  // Mobile home.
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await page.goto(storeUrl, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid="flash-status"]');
  await page.screenshot({ path: path.join(shotsDir, 'home-mobile.png') });

  console.log(JSON.stringify({ home, search, sorted, afterBack, pages, product, consoleErrors }));
} finally {
  await browser.close();
}
