/**
 * The API reference page (GET /docs) in a real headless Chromium: the renderer loads from this API
 * only (CSP), lists the operations by tag, opens one with its request body and try-it, and lists
 * the named component schemas. Prints one JSON line with what it saw; screenshots
 * docs/screenshots/api-docs-*.png. Run by test/integration/api-docs.test.ts.
 */
import type { Page } from 'puppeteer-core';
import { consoleErrorsOf, launch, shoot } from './browser.js';

const [apiUrl, shotsDir] = process.argv.slice(2);
if (!apiUrl || !shotsDir) throw new Error('usage: browser-docs-journey.ts <API URL> <screenshots dir>');
const TIMEOUT = 30_000;

const hasText = (page: Page, text: string) => page.waitForFunction(`document.body.innerText.includes(${JSON.stringify(text)})`, { timeout: TIMEOUT });

/** Clicks the innermost element under `selector` whose text starts with `text`. */
async function clickText(page: Page, selector: string, text: string): Promise<void> {
  const clicked = await page.$$eval(selector, (els, t) => {
    const match = els.filter((el) => (el as unknown as { innerText: string }).innerText?.trim().startsWith(t)).at(-1) as unknown as { click(): void } | undefined;
    match?.click();
    return match !== undefined;
  }, text);
  if (!clicked) throw new Error(`nothing to click with text "${text}" under ${selector}`);
}

const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = consoleErrorsOf(page);
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== new URL(apiUrl).origin && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  await page.goto(`${apiUrl}/docs`, { waitUntil: 'networkidle0' });
  await hasText(page, 'Big E-Commerce API');

  // The sidebar lists each tag's operations once the tag is opened.
  await clickText(page, 'nav button, nav a, aside button, aside a', 'Orders');
  await hasText(page, 'Turn the cart into an order');
  const sidebarOperations = await page.$$eval('a[href*="tag/orders/"]', (els) => els.map((el) => (el as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));

  // One operation: its request body, its answers and the try-it button.
  await clickText(page, 'a[href*="tag/orders/"]', 'Turn the cart into an order');
  await hasText(page, 'addressId');
  const operation = await page.$$eval('[id*="tag/orders/POST/orders"]', (els) => els.map((el) => (el as unknown as { innerText: string }).innerText).join('\n'));
  await shoot(page, shotsDir, 'api-docs');

  // The named component schemas, under Models.
  await clickText(page, 'a[href="#models"]', 'Models');
  await page.waitForSelector('a[href^="#models/"]', { timeout: TIMEOUT });
  const models = await page.$$eval('a[href^="#models/"]', (els) => els.map((el) => (el as unknown as { innerText: string }).innerText.trim()));
  console.log(JSON.stringify({ errors, foreign, sidebarOperations, operation, models }));
} finally {
  await browser.close();
}
