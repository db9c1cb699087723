/**
 * The admin console's journey in a real headless Chromium, run by test/integration/web-admin.test.ts
 * (tsx, since puppeteer-core is ESM-only), which asserts on the JSON printed last. An admin opens
 * /admin, signs in, picks the scripted day on the dashboard (KPI tiles, charts drawn on their
 * canvases, data tables), downloads the CSV, filters the orders, buys a label for a paid order and
 * downloads it, meets the API's refusal on an order cancelled meanwhile, adjusts a variant's stock and
 * creates then disables a coupon, and looks the customer up by e-mail: their page lists their orders,
 * each linking to the order's page. Then the customer whose order was shipped sees it in the storefront
 * and, opening /admin, gets the not-found page without downloading the console. axe-core on the
 * dashboard, orders, order, product, new product, coupons and customer pages; screenshots (admin-*.png) to the given directory.
 *
 * Usage: ADMIN_JOURNEY='<json: see Config>' tsx test/helpers/browser-admin-journey.ts <storefront URL> <screenshots dir> <downloads dir>
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { type AxeViolation, apiCaller, axe, consoleErrorsOf, journeyInput, launch, pathOf, shoot, text, texts } from './browser.js';

interface Config {
  admin: { email: string; password: string };
  customer: { email: string; password: string; token: string };
  day: string;
  shipOrderId: string;
  staleOrderId: string;
  product: { name: string; sku: string };
  coupon: string;
}

const { storeUrl, dirs: [shotsDir, downloadsDir], config, apiUrl } = journeyInput<Config>('ADMIN_JOURNEY', 'browser-admin-journey.ts <storefront URL> <screenshots dir> <downloads dir>');
const call = apiCaller(apiUrl);
const TIMEOUT = 20_000;

async function clickText(page: Page, selector: string, label: string): Promise<void> {
  const handle = await page.waitForSelector(`::-p-xpath(//${selector}[contains(normalize-space(.), ${JSON.stringify(label)})])`, { timeout: TIMEOUT });
  await handle!.click();
}
// Page functions as strings: the test tsconfig has no DOM types.
const waitPath = (page: Page, pattern: RegExp) => page.waitForFunction(`${pattern}.test(location.pathname + location.search)`, { timeout: TIMEOUT });
const waitText = (page: Page, selector: string, pattern: RegExp) =>
  page.waitForFunction(`${pattern}.test(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '')`, { timeout: TIMEOUT });
/** In-app navigation (a reload would forget the in-memory session). */
const goInApp = (page: Page, appPath: string) =>
  page.evaluate(`history.pushState(null, '', '/store${appPath}'); dispatchEvent(new Event('storefront:navigate'))`);
async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [selector, value] of Object.entries(fields)) {
    await page.click(selector, { count: 3 });
    await page.type(selector, value);
  }
}
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.waitForSelector('#signin-email', { timeout: TIMEOUT });
  await fill(page, { '#signin-email': email, '#signin-password': password });
  await clickText(page, 'form//button', 'Entrar');
}

/** Per chart: its data-table rows and how many canvas pixels are painted (0 for a blank canvas). */
const CHARTS = `[...document.querySelectorAll('figure.chart')].map((figure) => {
  const canvas = figure.querySelector('canvas');
  let painted = 0;
  if (canvas) {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  }
  return {
    id: figure.dataset.testid, title: figure.querySelector('h2').textContent, label: canvas?.getAttribute('aria-label') ?? null, painted,
    rows: [...figure.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
  };
})`;

async function downloaded(name: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await readdir(downloadsDir)).includes(name)) return readFile(path.join(downloadsDir, name), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not downloaded`);
}

const browser = await launch();
const axeResults: Record<string, AxeViolation[]> = {};
const out: Record<string, unknown> = {};
let step = 'start';
let current: Page | undefined;
try {
  const page = await browser.newPage();
  current = page;
  // The refused label purchase is expected, and the browser logs it as a failed load.
  const consoleErrors = consoleErrorsOf(page, [/status of 409 \(Conflict\)/]);
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloadsDir });

  step = '(a)';
  // (a) /admin asks to sign in, then the dashboard; the admin picks the scripted day.
  await page.goto(`${storeUrl}admin`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#signin-email');
  const signInPath = pathOf(page);
  const started = Date.now();
  await signIn(page, config.admin.email, config.admin.password);
  await page.waitForSelector('.admin-header');
  await page.waitForSelector('figure.chart canvas', { timeout: TIMEOUT });
  const firstDrawnMs = Date.now() - started;
  const nav = await texts(page, '.admin-header nav a');
  await page.evaluate(`document.querySelector('#period-from').value = ${JSON.stringify(config.day)}; document.querySelector('#period-to').value = ${JSON.stringify(config.day)};`);
  await clickText(page, 'form//button', 'Aplicar');
  await waitPath(page, new RegExp(`de=${config.day}&ate=${config.day}`));
  await waitText(page, '.period-note', new RegExp(`^${config.day.slice(8, 10)}/${config.day.slice(5, 7)} a`));
  await page.waitForFunction(`document.querySelectorAll('figure.chart').length === 5 && [...document.querySelectorAll('figure.chart')].every((f) => f.querySelector('canvas') || f.querySelector('.chart-empty'))`, { timeout: TIMEOUT });
  out.dashboard = {
    signInPath, firstDrawnMs, nav, path: pathOf(page),
    kpis: await page.$$eval('.kpi', (tiles) => tiles.map((tile) => ({
      label: tile.querySelector('.kpi-label')?.textContent, value: tile.querySelector('.kpi-value')?.textContent, change: tile.querySelector('.kpi-change')?.textContent,
    }))),
    charts: await page.evaluate(CHARTS),
  };
  axeResults.dashboard = await axe(page);
  await shoot(page, shotsDir, 'admin-dashboard', { fullPage: true });

  step = '(b)';
  // (b) The CSV of the period, fetched with the admin's token and saved by the browser.
  await clickText(page, 'button', 'Baixar CSV');
  out.csv = await downloaded(`vendas-${config.day}-a-${config.day}.csv`);

  step = '(c)';
  // (c) Orders filtered by status; the paid order to ship; buy its label and download it.
  await clickText(page, 'nav//a', 'Pedidos');
  await page.waitForSelector('[data-testid="orders-table"]');
  await page.select('#orders-status', 'PAID');
  await clickText(page, 'form//button', 'Filtrar');
  await waitPath(page, /\/admin\/pedidos\?status=PAID$/);
  await page.waitForFunction(`[...document.querySelectorAll('[data-testid="orders-table"] tbody tr')].some((tr) => tr.textContent.includes(${JSON.stringify(config.shipOrderId)}))`, { timeout: TIMEOUT });
  const statuses = await texts(page, '[data-testid="orders-table"] tbody td:nth-child(3)');
  axeResults.orders = await axe(page);
  await shoot(page, shotsDir, 'admin-orders');
  await clickText(page, 'td//a', config.shipOrderId);
  await page.waitForSelector('[data-testid="payments"]');
  const payments = await texts(page, '[data-testid="payments"] tbody tr');
  axeResults.order = await axe(page);
  await clickText(page, 'button', 'Comprar etiqueta e enviar');
  await page.waitForSelector('[data-testid="shipments"] a', { timeout: TIMEOUT });
  const shipment = await text(page, '[data-testid="shipments"] li');
  const labelUrl = await page.$eval('[data-testid="shipments"] a', (a) => a.getAttribute('href') ?? '');
  const label = Buffer.from(await (await fetch(labelUrl)).arrayBuffer());
  await shoot(page, shotsDir, 'admin-order');

  // The carrier scans the parcel: the order becomes SHIPPED; the console's timeline shows it after a reload.
  const admin = (await call('POST', '/login', { email: config.admin.email, password: config.admin.password })).body.accessToken;
  const { body: listed } = await call('GET', `/admin/orders/${config.shipOrderId}/shipments`, undefined, admin);
  const posted = await call('POST', `/_local/sandbox/shipments/${listed.items[0].shipmentId}/events`, { code: 'POSTED' });
  out.ship = { statuses, payments, shipment, label: label.subarray(0, 5).toString('latin1'), posted: posted.status, trackingCode: listed.items[0].trackingCode };

  step = '(d)';
  // (d) A refusal: the stale order's customer cancels it while its page is open; buying a label is then refused.
  await goInApp(page, `/admin/pedidos/${encodeURIComponent(config.staleOrderId)}`);
  await page.waitForSelector('[data-testid="payments"]');
  const cancelled = await call('DELETE', `/orders/${config.staleOrderId}`, undefined, config.customer.token);
  await clickText(page, 'button', 'Comprar etiqueta e enviar');
  await page.waitForSelector('[data-testid="action-error"]', { timeout: TIMEOUT });
  await waitText(page, '.order-detail .badge', /Cancelado/); // the page reloads the order after the refusal
  await shoot(page, shotsDir, 'admin-order-refused');
  out.refusal = { cancelled: cancelled.status, message: await text(page, '[data-testid="action-error"]'), status: await text(page, '.order-detail .badge') };

  // São Paulo days: the day before's last sale (22:30 there, already the next day in UTC) stays out.
  await clickText(page, 'nav//a', 'Pedidos');
  await page.waitForSelector('#orders-status');
  await page.select('#orders-status', 'PAID');
  await page.evaluate(`document.querySelector('#orders-from').value = ${JSON.stringify(config.day)}; document.querySelector('#orders-to').value = ${JSON.stringify(config.day)};`);
  await clickText(page, 'form//button', 'Filtrar');
  await waitPath(page, new RegExp(`status=PAID&de=${config.day}&ate=${config.day}$`));
  await page.waitForSelector('[data-testid="orders-table"]', { timeout: TIMEOUT });
  out.byDay = await texts(page, '[data-testid="orders-table"] tbody td:nth-child(2)');

  step = '(e)';
  // (e) Catalog: find the product, add five units to a variant.
  await clickText(page, 'nav//a', 'Produtos');
  await page.waitForSelector('[data-testid="products-table"]');
  await fill(page, { '#products-q': config.product.name });
  await page.keyboard.press('Enter');
  await page.waitForFunction(`[...document.querySelectorAll('[data-testid="products-table"] a')].some((a) => a.textContent === ${JSON.stringify(config.product.name)})`, { timeout: TIMEOUT });
  await shoot(page, shotsDir, 'admin-products');
  await clickText(page, 'td//a', config.product.name);
  const available = `[data-testid="available-${config.product.sku}"]`;
  await page.waitForSelector(available);
  const before = Number(await text(page, available));
  await fill(page, { [`#delta-${config.product.sku}`]: '5' });
  await page.keyboard.press('Enter');
  await waitText(page, available, new RegExp(`^${before + 5}$`));
  axeResults.product = await axe(page);
  await shoot(page, shotsDir, 'admin-product');
  out.stock = { before, after: Number(await text(page, available)), notice: await text(page, '.form-ok') };
  await clickText(page, 'nav//a', 'Produtos');
  await clickText(page, 'a', 'Novo produto');
  await page.waitForSelector('::-p-xpath(//h1[contains(., "Novo produto")])', { timeout: TIMEOUT });
  axeResults.newProduct = await axe(page);
  await shoot(page, shotsDir, 'admin-new-product', { fullPage: true });

  step = '(f)';
  // (f) Coupons: create one, then disable it.
  await clickText(page, 'nav//a', 'Cupons');
  await page.waitForSelector('[data-testid="coupons-table"]');
  await fill(page, { '#coupon-code': config.coupon, '#coupon-value': '15', '#coupon-max': '100' });
  await page.evaluate(`document.querySelector('#coupon-from').value = ${JSON.stringify(config.day)}; document.querySelector('#coupon-until').value = '2099-12-31';`);
  await clickText(page, 'form//button', 'Criar cupom');
  const couponRow = `//table[@data-testid="coupons-table"]//tr[td[1][normalize-space(.)=${JSON.stringify(config.coupon)}]]`;
  await page.waitForSelector(`::-p-xpath(${couponRow})`, { timeout: TIMEOUT });
  const created = await page.$eval(`::-p-xpath(${couponRow})`, (tr) => tr.textContent ?? '');
  axeResults.coupons = await axe(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await shoot(page, shotsDir, 'admin-coupons');
  await (await page.waitForSelector(`::-p-xpath(${couponRow}//button[normalize-space(.)="Desativar"])`))!.click();
  await page.waitForSelector(`::-p-xpath(${couponRow}[td[5][normalize-space(.)="Desativado"]])`, { timeout: TIMEOUT });
  out.coupon = { created, disabled: await page.$eval(`::-p-xpath(${couponRow})`, (tr) => tr.textContent ?? '') };

  step = '(g)';
  // (g) Customers: the customer looked up by e-mail; their page lists their orders only, each linking to the order.
  await clickText(page, 'nav//a', 'Clientes');
  await fill(page, { '#customers-q': config.customer.email });
  await page.keyboard.press('Enter');
  const customerLink = `::-p-xpath(//*[@data-testid="customers-table"]//tr[contains(., ${JSON.stringify(config.customer.email)})]//a)`;
  await (await page.waitForSelector(customerLink, { timeout: TIMEOUT }))!.click();
  await waitPath(page, /\/admin\/clientes\/[^/?]+$/);
  await page.waitForSelector('[data-testid="customer-profile"]', { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="orders-table"]', { timeout: TIMEOUT });
  const ordersOf = (column: number) => texts(page, `[data-testid="orders-table"] tbody td:nth-child(${column})`);
  out.customerPage = {
    path: pathOf(page), title: await text(page, 'h1'), profile: await text(page, '[data-testid="customer-profile"]'),
    orders: await ordersOf(1), statuses: await ordersOf(3), totals: await ordersOf(5),
  };
  axeResults.customer = await axe(page);
  await shoot(page, shotsDir, 'admin-customer', { fullPage: true });
  await clickText(page, 'td//a', config.shipOrderId);
  await page.waitForSelector('[data-testid="payments"]', { timeout: TIMEOUT });
  (out.customerPage as Record<string, unknown>).opened = pathOf(page);
  out.consoleErrors = consoleErrors;

  step = '(h)';
  // (h) The customer: the shipped order in the storefront; /admin shows nothing of the console.
  // A new tab shares no session: tokens live in each page's memory only.
  const customer = await browser.newPage();
  current = customer;
  const customerErrors = consoleErrorsOf(customer);
  const scripts: string[] = [];
  customer.on('request', (request) => { if (request.resourceType() === 'script' || request.resourceType() === 'stylesheet') scripts.push(new URL(request.url()).pathname); });
  await customer.goto(`${storeUrl}entrar?next=${encodeURIComponent(`/pedidos/${config.shipOrderId}`)}`, { waitUntil: 'networkidle0' });
  await signIn(customer, config.customer.email, config.customer.password);
  await customer.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
  await waitText(customer, '[data-testid="order-status"]', /Enviado/);
  const tracking = { status: await text(customer, '[data-testid="order-status"]'), page: await text(customer, 'main') };
  await goInApp(customer, '/admin');
  await customer.waitForSelector('::-p-xpath(//h1[contains(., "Página não encontrada")])', { timeout: TIMEOUT });
  await new Promise((resolve) => setTimeout(resolve, 500));
  out.customer = {
    tracking, path: pathOf(customer), header: await texts(customer, '.header-links a'), adminElements: (await customer.$$('.admin, .admin-header, figure.chart')).length,
    scripts, consoleErrors: customerErrors,
  };
  await shoot(customer, shotsDir, 'admin-customer-denied');
  await customer.close();
} catch (error) {
  // What the page showed when a step failed, for the one reading the test's output.
  const shot = path.join(downloadsDir, 'failure.png');
  const taken = await current?.screenshot({ path: shot }).then(() => shot, () => 'none: the page was closed');
  throw new Error(`step ${step} failed at ${current && !current.isClosed() ? pathOf(current) : '?'} (screenshot ${taken}): ${error}`, { cause: error });
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ...out, axe: axeResults }));
