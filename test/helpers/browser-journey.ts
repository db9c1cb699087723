/**
 * The storefront journey in a real headless Chromium (@sparticuz/chromium's binary, driven by
 * puppeteer-core). Both packages are ESM-only, which Jest's CommonJS runtime cannot load, so
 * test/integration/web-storefront.test.ts runs this file with tsx and asserts on the JSON it
 * prints. Usage: tsx test/helpers/browser-journey.ts <storefront URL> <screenshots dir> [<storefront on its own origin>]
 * (the tests pass docs/screenshots, which the README shows). With the third URL (`npm start`'s second origin,
 * local/storefront.ts), it also searches there, where the app calls the API across origins under its CSP.
 */
import { axe, consoleErrorsOf, launch, pathOf, shoot, texts } from './browser.js';

const [storeUrl, shotsDir, ownOriginUrl] = process.argv.slice(2);
if (!storeUrl || !shotsDir) throw new Error('usage: browser-journey.ts <storefront URL> <screenshots dir>');

const browser = await launch();
try {
  const page = await browser.newPage();
  // Products published by the collection tests link marketplace images, and this machine has no internet.
  const consoleErrors = consoleErrorsOf(page);

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
  await shoot(page, shotsDir, 'home');

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
  await shoot(page, shotsDir, 'search');

  // Sort by highest price: the criterion lands in the URL; back returns to the previous results.
  await Promise.all([page.waitForFunction("location.search.includes('sort=-price')"), page.select('select', '-price')]);
  await page.waitForSelector('[data-testid="results"] .card');
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  const sorted = { path: pathOf(page), prices: await texts(page, '[data-testid="results"] .card-price') };
  await page.goBack();
  await page.waitForFunction("!location.search.includes('sort=')");
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  const afterBack = { path: pathOf(page), selectedSort: await page.$eval('select', (el) => (el as unknown as { value: string }).value) };

  // A brand facet of the "cafe" results: the filter lands in the URL and the results are that brand's count; back removes it.
  const [brandButton] = await page.$$('[data-testid="facets"] fieldset:first-of-type button');
  if (!brandButton) throw new Error('no brand facet on the "cafe" results');
  const brandLabel = await brandButton.evaluate((el) => el.textContent ?? '');
  await Promise.all([page.waitForFunction("location.search.includes('brand=')"), brandButton.click()]);
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");
  await page.waitForSelector('[data-testid="results"] .card');
  const facet = {
    label: brandLabel,
    path: pathOf(page),
    cards: (await page.$$('[data-testid="results"] .card')).length,
    pressed: await page.$eval('[data-testid="facets"] fieldset:first-of-type button[aria-pressed="true"]', (el) => el.textContent ?? ''),
  };
  await page.goBack();
  await page.waitForFunction("!location.search.includes('brand=')");
  await page.waitForFunction("!document.body.textContent.includes('Carregando')");

  // Product page of the first result, then another variant.
  await Promise.all([page.waitForFunction("location.pathname.includes('/produto/')"), page.click('[data-testid="results"] .card-link')]);
  await page.waitForSelector('[data-testid="price"]');
  const chips = await page.$$('.chip');
  const before = { sku: (await texts(page, '.sku'))[0], price: (await texts(page, '[data-testid="price"]'))[0] };
  const otherChip = (await page.$$('.chip:not(.selected)'))[0];
  if (otherChip) await otherChip.click();
  // The delivery promise for a CEP (GET /shipping/quote), before anything is in the cart.
  await page.type('#product-cep', '20040-002');
  await page.click('.delivery-estimate button[type="submit"]');
  await page.waitForSelector('[data-testid="delivery-estimate"] li', { timeout: 15_000 });
  const product = {
    path: pathOf(page),
    name: (await texts(page, 'h1'))[0],
    price: before.price,
    stock: (await texts(page, '[data-testid="stock"]'))[0],
    chips: chips.length,
    skuBefore: before.sku,
    skuAfter: (await texts(page, '.sku'))[0],
    delivery: await texts(page, '[data-testid="delivery-estimate"] li'),
    axe: await axe(page),
  };
  await shoot(page, shotsDir, 'product');

  // The same app on its own origin: its API calls go to the gateway's origin (CORS), allowed by its CSP.
  let ownOrigin: { path: string; names: string[]; apiOrigins: string[]; consoleErrors: string[] } | undefined;
  if (ownOriginUrl) {
    const other = await browser.newPage();
    const otherErrors = consoleErrorsOf(other);
    const apiOrigins = new Set<string>();
    other.on('request', (request) => { if (['fetch', 'xhr'].includes(request.resourceType())) apiOrigins.add(new URL(request.url()).origin); });
    await other.goto(`${ownOriginUrl}busca?q=cafe`, { waitUntil: 'networkidle0' });
    await other.waitForSelector('[data-testid="results"] .card');
    ownOrigin = { path: new URL(other.url()).origin + pathOf(other), names: await texts(other, '[data-testid="results"] .card-name'), apiOrigins: [...apiOrigins], consoleErrors: otherErrors };
  }

  console.log(JSON.stringify({ home, search, sorted, afterBack, facet, pages, product, consoleErrors, ownOrigin }));
} finally {
  await browser.close();
}
