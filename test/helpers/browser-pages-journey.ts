/**
 * The remaining storefront and console pages in a real headless Chromium, run by
 * test/integration/web-pages.test.ts (tsx, since puppeteer-core is ESM-only), which asserts on the
 * JSON printed last.
 *
 * Storefront: a customer resets a forgotten password (a wrong code first), signs in with the new one,
 * meets the SMS opt-in's refusal without a phone, adds one and opts in, then deletes the account: refused
 * while an order is open, done once it is cancelled. Console: categories (create, rename, move, a move
 * under its own child refused), flash-sale window stats, a collection source created and run (errors by
 * cause) and its product published, a webhook endpoint whose failed delivery is sent again, the live
 * order feed, customer search, an admin role granted and revoked (revoking oneself refused) with the
 * audit. axe-core on every page; screenshots to the given directory.
 *
 * Usage: PAGES_JOURNEY='<json: see Config>' tsx test/helpers/browser-pages-journey.ts <storefront URL> <screenshots dir> <failure dir>
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { type AxeViolation, apiCaller, axe, consoleErrorsOf, journeyInput, launch, pathOf, shoot, text, texts } from './browser.js';

interface Config {
  customer: { email: string; password: string; newPassword: string; phone: string; openOrderId: string };
  admin: { email: string; password: string };
  buyer: { token: string; addressId: string };
  categoryName: string;
  collection: { productUrl: string; missingUrl: string; productName: string; searchQuery: string };
  webhookUrl: string;
  /** An endpoint the test left DISABLED (as the sender leaves one after 24 h of failures). */
  disabledWebhook: { id: string; url: string };
  grantee: { email: string; name: string };
}

const { storeUrl, dirs: [shotsDir, failureDir], config, apiUrl } = journeyInput<Config>('PAGES_JOURNEY', 'browser-pages-journey.ts <storefront URL> <screenshots dir> <failure dir>');
const call = apiCaller(apiUrl);
const TIMEOUT = 30_000;

const xpathOf = (selector: string, label: string) => `::-p-xpath(//${selector}[contains(normalize-space(.), ${JSON.stringify(label)})])`;
async function clickText(page: Page, selector: string, label: string): Promise<void> {
  const handle = await page.waitForSelector(xpathOf(selector, label), { timeout: TIMEOUT });
  await handle!.click();
}
// Page functions as strings: the test tsconfig has no DOM types.
const waitPath = (page: Page, pattern: RegExp) => page.waitForFunction(`${pattern}.test(location.pathname + location.search)`, { timeout: TIMEOUT });
const waitText = (page: Page, selector: string, pattern: RegExp) =>
  page.waitForFunction(`[...document.querySelectorAll(${JSON.stringify(selector)})].some((el) => ${pattern}.test(el.textContent))`, { timeout: TIMEOUT });
/** In-app navigation (a reload would forget the in-memory session). */
const goInApp = (page: Page, appPath: string) =>
  page.evaluate(`history.pushState(null, '', '/store${appPath}'); dispatchEvent(new Event('storefront:navigate'))`);
async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [selector, value] of Object.entries(fields)) {
    await page.click(selector, { count: 3 });
    if (value) await page.type(selector, value);
    else await page.keyboard.press('Backspace');
  }
}
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.waitForSelector('#signin-email', { timeout: TIMEOUT });
  await fill(page, { '#signin-email': email, '#signin-password': password });
  await clickText(page, 'form//button', 'Entrar');
}
/** The text of the row of a table (by its data-testid) that contains `label`. */
const rowText = (page: Page, table: string, label: string) =>
  page.$eval(`::-p-xpath(//*[@data-testid=${JSON.stringify(table)}]//tr[contains(., ${JSON.stringify(label)})])`, (tr) => tr.textContent ?? '');
const rowTextOrEmpty = (page: Page, table: string, label: string) => rowText(page, table, label).catch(() => '');
const rowButton = (table: string, label: string, button: string) =>
  `::-p-xpath(//*[@data-testid=${JSON.stringify(table)}]//tr[contains(., ${JSON.stringify(label)})]//button[contains(., ${JSON.stringify(button)})])`;

const browser = await launch();
const axeResults: Record<string, AxeViolation[]> = {};
const out: Record<string, unknown> = {};
let step = 'start';
let current: Page | undefined;
try {
  const page = await browser.newPage();
  current = page;
  page.on('dialog', (dialog) => void dialog.accept());
  // The refusals this journey provokes on purpose are logged by the browser as failed loads.
  const consoleErrors = consoleErrorsOf(page, [/status of 409 \(Conflict\)/, /status of 400 \(Bad Request\)/]);
  const { customer } = config;

  step = 'password reset';
  await page.goto(`${storeUrl}entrar`, { waitUntil: 'networkidle0' });
  await clickText(page, 'a', 'Esqueci minha senha');
  await page.waitForSelector('#reset-email', { timeout: TIMEOUT });
  axeResults.resetRequest = await axe(page);
  await fill(page, { '#reset-email': customer.email });
  await clickText(page, 'form//button', 'Enviar código');
  await page.waitForSelector('#reset-code', { timeout: TIMEOUT });
  const codeStepPath = pathOf(page);
  const outbox = await call('GET', `/_local/outbox?to=${encodeURIComponent(customer.email)}&type=password-reset`);
  const code = String(outbox.body.items[0]?.code ?? '');
  await fill(page, { '#reset-code': code === '000000' ? '111111' : '000000', '#reset-password': customer.newPassword });
  await clickText(page, 'form//button', 'Salvar nova senha');
  await page.waitForSelector('.form-error', { timeout: TIMEOUT });
  const wrongCode = await text(page, '.form-error');
  axeResults.resetCode = await axe(page);
  await shoot(page, shotsDir, 'password-reset');
  await fill(page, { '#reset-code': code, '#reset-password': customer.newPassword });
  await clickText(page, 'form//button', 'Salvar nova senha');
  await waitPath(page, /\/entrar\?senha=redefinida$/);
  const resetNotice = await text(page, '.form-ok');
  const oldPassword = (await call('POST', '/login', { email: customer.email, password: customer.password })).status;
  await goInApp(page, '/entrar?next=%2Fconta');
  await signIn(page, customer.email, customer.newPassword);
  await page.waitForSelector('[data-testid="preferences"]', { timeout: TIMEOUT });
  out.reset = { codeStepPath, wrongCode, resetNotice, oldPassword, signedInAt: pathOf(page) };

  step = 'preferences';
  await page.click('#pref-sms');
  await clickText(page, 'form//button', 'Salvar preferências');
  await waitText(page, '[data-testid="preferences"] .form-error', /celular/);
  const smsRefused = await text(page, '[data-testid="preferences"] .form-error');
  await fill(page, { '#profile-phone': customer.phone });
  await clickText(page, 'form//button', 'Salvar dados');
  await waitText(page, '#pref-sms-hint', new RegExp(customer.phone.replace('+', '\\+')));
  await page.click('#pref-marketing');
  await page.click('#pref-sms');
  await clickText(page, 'form//button', 'Salvar preferências');
  await waitText(page, '[data-testid="preferences"] .form-ok', /Preferências salvas/);
  axeResults.account = await axe(page);
  await page.$eval('#preferences-title', (el) => el.scrollIntoView());
  await shoot(page, shotsDir, 'preferences');
  const customerToken = (await call('POST', '/login', { email: customer.email, password: customer.newPassword })).body.accessToken;
  const stored = (await call('GET', '/me/notification-preferences', undefined, customerToken)).body;
  out.preferences = { smsRefused, saved: await text(page, '[data-testid="preferences"] .form-ok'), stored };

  step = 'delete account';
  await clickText(page, 'a', 'Excluir minha conta');
  await page.waitForSelector('#delete-email', { timeout: TIMEOUT });
  const disabledAtFirst = await page.$eval('::-p-xpath(//button[contains(., "Excluir minha conta")])', (b) => (b as unknown as { disabled: boolean }).disabled);
  await page.click('#delete-understood');
  await page.type('#delete-email', customer.email);
  await clickText(page, 'form//button', 'Excluir minha conta');
  await page.waitForSelector('[data-testid="delete-error"]', { timeout: TIMEOUT });
  const refused = await text(page, '[data-testid="delete-error"]');
  axeResults.deleteAccount = await axe(page);
  await shoot(page, shotsDir, 'delete-account-refused');
  const cancelled = await call('DELETE', `/orders/${customer.openOrderId}`, undefined, customerToken);
  await clickText(page, 'form//button', 'Excluir minha conta');
  await waitPath(page, /\/conta-excluida$/);
  await page.waitForSelector('::-p-xpath(//h1[contains(., "Conta excluída")])', { timeout: TIMEOUT });
  await shoot(page, shotsDir, 'account-deleted');
  const header = await texts(page, '.header-links a');
  const loginAfter = (await call('POST', '/login', { email: customer.email, password: customer.newPassword })).status;
  out.deletion = { disabledAtFirst, refused, cancelled: cancelled.body?.status, header, loginAfter };

  step = 'admin sign-in';
  await goInApp(page, '/entrar?next=%2Fadmin%2Fcategorias');
  await signIn(page, config.admin.email, config.admin.password);
  await page.waitForSelector('[data-testid="category-tree"]', { timeout: TIMEOUT });
  out.nav = await texts(page, '.admin-header nav a');
  const adminToken = (await call('POST', '/login', { email: config.admin.email, password: config.admin.password })).body.accessToken;

  step = 'categories';
  const parent = config.categoryName;
  const child = `${parent} Filha`;
  await fill(page, { '#category-name': parent });
  await clickText(page, 'form//button', 'Criar categoria');
  await waitText(page, '.form-ok', /criada/);
  await page.waitForSelector(xpathOf('*[@data-testid="category-tree"]//span', parent), { timeout: TIMEOUT });
  await fill(page, { '#category-name': child });
  const parentId = await page.$eval(`::-p-xpath(//select[@id="category-parent"]/option[normalize-space(.)=${JSON.stringify(parent)}])`, (o) => o.getAttribute('value'));
  await page.select('#category-parent', parentId!);
  await clickText(page, 'form//button', 'Criar categoria');
  const nested = `//*[@data-testid="category-tree"]//li[div/span[normalize-space(.)=${JSON.stringify(parent)}]]/ul/li/div/span[normalize-space(.)=${JSON.stringify(child)}]`;
  await page.waitForSelector(`::-p-xpath(${nested})`, { timeout: TIMEOUT });
  // Rename the child.
  const renamed = `${child} Renomeada`;
  const childRow = `//*[@data-testid="category-tree"]//li[div/span[normalize-space(.)=${JSON.stringify(child)}]]`;
  await (await page.waitForSelector(`::-p-xpath(${childRow}/div//button[contains(., "Editar")])`))!.click();
  const childName = await page.waitForSelector(`::-p-xpath(${childRow}/form//input[@name="name"])`);
  await childName!.click({ count: 3 });
  await childName!.type(renamed);
  await (await page.waitForSelector(`::-p-xpath(${childRow}/form//button[contains(., "Salvar")])`))!.click();
  await waitText(page, '.form-ok', /salva/);
  const renamedNested = `//*[@data-testid="category-tree"]//li[div/span[normalize-space(.)=${JSON.stringify(parent)}]]/ul/li/div/span[normalize-space(.)=${JSON.stringify(renamed)}]`;
  await page.waitForSelector(`::-p-xpath(${renamedNested})`, { timeout: TIMEOUT });
  // Move the parent under its own child: the API refuses.
  const parentRow = `//*[@data-testid="category-tree"]//li[div/span[normalize-space(.)=${JSON.stringify(parent)}]]`;
  await (await page.waitForSelector(`::-p-xpath(${parentRow}/div//button[contains(., "Editar")])`))!.click();
  const childId = await page.$eval(`::-p-xpath(${parentRow}/form//select/option[contains(., ${JSON.stringify(renamed)})])`, (o) => o.getAttribute('value'));
  const parentSelect = await page.$(`::-p-xpath(${parentRow}/form//select)`);
  await parentSelect!.select(childId!);
  await (await page.$(`::-p-xpath(${parentRow}/form//button[contains(., "Salvar")])`))!.click();
  await page.waitForSelector('[data-testid="action-error"]', { timeout: TIMEOUT });
  const cycleRefusal = await text(page, '[data-testid="action-error"]');
  await (await page.$(`::-p-xpath(${parentRow}/div//button[contains(., "Editar")])`))!.click(); // close the form
  // Move the child to the top level.
  const renamedRow = `//*[@data-testid="category-tree"]//li[div/span[normalize-space(.)=${JSON.stringify(renamed)}]]`;
  await (await page.waitForSelector(`::-p-xpath(${renamedRow}/div//button[contains(., "Editar")])`))!.click();
  await (await page.waitForSelector(`::-p-xpath(${renamedRow}/form//select)`))!.select('');
  await (await page.$(`::-p-xpath(${renamedRow}/form//button[contains(., "Salvar")])`))!.click();
  await page.waitForSelector(`::-p-xpath(//*[@data-testid="category-tree"]/li/div/span[normalize-space(.)=${JSON.stringify(renamed)}])`, { timeout: TIMEOUT });
  axeResults.categories = await axe(page);
  await shoot(page, shotsDir, 'admin-categories');
  const categories = (await call('GET', '/categories')).body.items as { id: string; name: string; parentId: string | null }[];
  out.categories = { cycleRefusal, parentId, childId, stored: categories.filter((c) => c.id === parentId || c.id === childId) };

  step = 'flash-sale stats';
  await clickText(page, 'nav//a', 'Venda relâmpago');
  await page.waitForSelector('[data-testid="flash-windows"] tbody tr', { timeout: TIMEOUT });
  axeResults.flashSales = await axe(page);
  await shoot(page, shotsDir, 'admin-flash-sales', { fullPage: true });
  out.flash = {
    sales: (await page.$$('[data-testid="flash-sale"]')).length,
    // Each sale has its own table (other test files create sales too): the first one's header.
    head: await page.$eval('[data-testid="flash-windows"] thead', (thead) => [...thead.querySelectorAll('th')].map((th) => th.textContent?.trim() ?? '')),
    firstRows: await page.$$eval('[data-testid="flash-windows"] tbody tr', (trs) => trs.slice(0, 3).map((tr) => [...tr.children].map((td) => td.textContent))),
    kpis: await texts(page, '[data-testid="flash-sale"] .kpi'),
  };
  await page.select('#flash-windows', '72');
  await waitPath(page, /\/admin\/ofertas\?janelas=72$/);

  step = 'collection';
  await clickText(page, 'nav//a', 'Coleta');
  await page.waitForSelector('#source-name', { timeout: TIMEOUT });
  const sourceName = `Loja Fixture ${config.categoryName}`;
  await fill(page, { '#source-name': sourceName, '#source-urls': `${config.collection.productUrl}\n${config.collection.missingUrl}`, '#source-pages': '5' });
  await clickText(page, 'form//button', 'Criar fonte');
  await page.waitForSelector(rowButton('sources-table', sourceName, 'Executar agora'), { timeout: TIMEOUT });
  const sourceRow = await rowText(page, 'sources-table', sourceName);
  axeResults.sources = await axe(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await shoot(page, shotsDir, 'admin-collection-sources');
  await (await page.$(rowButton('sources-table', sourceName, 'Executar agora')))!.click();
  await waitPath(page, /\/admin\/coleta\/fontes\/[^/]+$/);
  await page.waitForSelector('[data-testid="run"]', { timeout: TIMEOUT });
  await page.waitForFunction(`(() => { const s = document.querySelector('[data-testid="run-status"]'); return s && !/andamento/.test(s.textContent); })()`, { timeout: 90_000 });
  const run = {
    status: await text(page, '[data-testid="run-status"]'),
    created: await text(page, '[data-testid="run-created"]'),
    failed: await text(page, '[data-testid="run-failed"]'),
    causes: await page.$$eval('[data-testid="run-causes"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent))),
  };
  await clickText(page, 'summary', 'Primeiros erros');
  axeResults.runs = await axe(page);
  await shoot(page, shotsDir, 'admin-collection-run', { fullPage: true });
  await clickText(page, 'nav//a', 'Revisão de produtos');
  // XPath string literals have no escapes: match the name up to its first double quote.
  const itemXpath = `//*[@data-testid="review-item"][h2[starts-with(normalize-space(.), ${JSON.stringify(config.collection.productName.split('"')[0])})]]`;
  await page.waitForSelector(`::-p-xpath(${itemXpath})`, { timeout: TIMEOUT });
  const reviewItem = await page.$eval(`::-p-xpath(${itemXpath})`, (li) => li.textContent ?? '');
  const categorySelect = await page.$(`::-p-xpath(${itemXpath}//select)`);
  await categorySelect!.select(parentId!);
  axeResults.review = await axe(page);
  await shoot(page, shotsDir, 'admin-collection-review');
  await (await page.$(`::-p-xpath(${itemXpath}//button[contains(., "Publicar")])`))!.click();
  await waitText(page, '.form-ok', /publicado no catálogo/);
  const published = await text(page, '.form-ok');

  step = 'storefront search';
  // A visitor searches the storefront for it; the search snapshot follows the catalog within seconds.
  const visitor = await browser.newPage();
  current = visitor;
  const searchUrl = `${storeUrl}busca?q=${encodeURIComponent(config.collection.searchQuery)}`;
  const found = `::-p-xpath(//*[@data-testid="results"]//li[contains(., ${JSON.stringify(config.collection.productName.split('"')[0])})])`;
  let searchCard: string | null = null;
  for (let attempt = 0; attempt < 30 && searchCard === null; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    await visitor.goto(searchUrl, { waitUntil: 'networkidle0' });
    searchCard = await visitor.$eval(found, (li) => li.textContent ?? '').catch(() => null);
  }
  await shoot(visitor, shotsDir, 'search-collected');
  await visitor.close();
  current = page;
  out.collection = { sourceRow, run, reviewItem, published, searchCard };

  step = 'webhooks';
  await clickText(page, 'nav//a', 'Integrações');
  await page.waitForSelector('#webhook-url', { timeout: TIMEOUT });
  await fill(page, { '#webhook-url': config.webhookUrl, '#webhook-description': 'ERP de teste' });
  await page.click('#event-order\\.created');
  await clickText(page, 'form//button', 'Cadastrar endpoint');
  await page.waitForSelector('[data-testid="webhook-secret"]', { timeout: TIMEOUT });
  const secret = await text(page, '[data-testid="webhook-secret"] code');
  await page.waitForSelector(rowButton('webhooks-table', config.webhookUrl, 'Entregas'), { timeout: TIMEOUT });
  axeResults.webhooks = await axe(page);
  await shoot(page, shotsDir, 'admin-webhooks');
  const endpointRow = await rowText(page, 'webhooks-table', config.webhookUrl);

  step = 'live feed';
  await clickText(page, 'nav//a', 'Painel');
  await waitText(page, '[data-testid="live-state"]', /^conectado$/);
  const placed = await call('POST', '/orders', { addressId: config.buyer.addressId }, config.buyer.token);
  await page.waitForSelector(`::-p-xpath(//*[@data-testid="live-orders"]//li[contains(., ${JSON.stringify(String(placed.body?.id))})])`, { timeout: TIMEOUT });
  const liveRow = await page.$eval(`::-p-xpath(//*[@data-testid="live-orders"]//li[contains(., ${JSON.stringify(String(placed.body?.id))})])`, (li) => li.textContent ?? '');
  axeResults.dashboard = await axe(page);
  await page.$eval('[data-testid="live-orders"]', (el) => el.scrollIntoView());
  await shoot(page, shotsDir, 'admin-live-feed');
  out.live = { placed: placed.status, orderId: placed.body?.id, liveRow };

  step = 'webhook deliveries';
  await clickText(page, 'nav//a', 'Integrações');
  await (await page.waitForSelector(rowButton('webhooks-table', config.webhookUrl, 'Entregas'), { timeout: TIMEOUT }))!.click();
  await waitPath(page, /\/admin\/integracoes\/[^/]+$/);
  // The receiver refuses the first attempt (500): the delivery waits for its retry.
  for (let attempt = 0; attempt < 60 && !/HTTP 500/.test(await rowTextOrEmpty(page, 'deliveries-table', 'order.created')); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await clickText(page, 'button', 'Atualizar');
  }
  const failedRow = await rowText(page, 'deliveries-table', 'order.created');
  await (await page.$(rowButton('deliveries-table', 'order.created', 'Enviar de novo')))!.click();
  await waitText(page, '.form-ok', /agendada/);
  await call('POST', '/_local/schedules/webhook-retries/run');
  for (let attempt = 0; attempt < 60 && !/Entregue/.test(await rowTextOrEmpty(page, 'deliveries-table', 'order.created')); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await clickText(page, 'button', 'Atualizar');
  }
  const deliveredRow = await rowText(page, 'deliveries-table', 'order.created');
  axeResults.deliveries = await axe(page);
  await shoot(page, shotsDir, 'admin-webhook-deliveries');
  out.webhooks = { secret, endpointRow, failedRow, deliveredRow };

  step = 'customers';
  await clickText(page, 'nav//a', 'Clientes');
  await page.waitForSelector('#customers-q', { timeout: TIMEOUT });
  await fill(page, { '#customers-q': config.grantee.email });
  await page.keyboard.press('Enter');
  await waitPath(page, /\/admin\/clientes\?q=/);
  await page.waitForSelector(rowButton('customers-table', config.grantee.email, 'Tornar administrador'), { timeout: TIMEOUT });
  const customerRow = await rowText(page, 'customers-table', config.grantee.email);
  axeResults.customers = await axe(page);
  await shoot(page, shotsDir, 'admin-customers');
  await (await page.$(rowButton('customers-table', config.grantee.email, 'Tornar administrador')))!.click();
  await waitText(page, '.form-ok', /agora é administrador/);
  await page.waitForFunction(`[...document.querySelectorAll('[data-testid="customers-table"] tr')].some((tr) => tr.textContent.includes(${JSON.stringify(config.grantee.email)}) && tr.textContent.endsWith('Administrador'))`, { timeout: TIMEOUT });
  const granted = await rowText(page, 'customers-table', config.grantee.email);

  step = 'admins';
  await clickText(page, 'nav//a', 'Administradores');
  await page.waitForSelector(rowButton('admins-table', config.admin.email, 'Retirar papel'), { timeout: TIMEOUT });
  await (await page.$(rowButton('admins-table', config.admin.email, 'Retirar papel')))!.click();
  await page.waitForSelector('[data-testid="action-error"]', { timeout: TIMEOUT });
  const selfRefusal = await text(page, '[data-testid="action-error"]');
  await (await page.waitForSelector(rowButton('admins-table', config.grantee.email, 'Retirar papel'), { timeout: TIMEOUT }))!.click();
  await waitText(page, '.form-ok', /não é mais administrador/);
  await page.waitForFunction(`![...document.querySelectorAll('[data-testid="admins-table"] tr')].some((tr) => tr.textContent.includes(${JSON.stringify(config.grantee.email)}))`, { timeout: TIMEOUT });
  const audit = await page.$$eval('[data-testid="admin-changes"] tbody tr', (trs) => trs.slice(0, 2).map((tr) => [...tr.children].map((td) => td.textContent)));
  axeResults.admins = await axe(page);
  await shoot(page, shotsDir, 'admin-admins');
  out.people = { customerRow, granted, selfRefusal, admins: await texts(page, '[data-testid="admins-table"] tbody td:first-child'), audit };
  out.stillAdmin = (await call('GET', '/admin/admins', undefined, adminToken)).status;

  step = 'webhook re-enable';
  // The disabled endpoint's page offers "Reativar endpoint"; the API then lists it ACTIVE.
  await goInApp(page, `/admin/integracoes/${encodeURIComponent(config.disabledWebhook.id)}`);
  await waitText(page, '.admin-main p', /Desativado em/);
  const disabledState = await text(page, '::-p-xpath(//main//p[strong])');
  axeResults.disabledWebhook = await axe(page);
  await shoot(page, shotsDir, 'admin-webhook-disabled');
  await clickText(page, 'button', 'Reativar endpoint');
  await waitText(page, '.form-ok', /reativado/);
  await waitText(page, '.admin-main p', /· Ativo$/);
  const listed = (await call('GET', '/admin/webhooks', undefined, adminToken)).body.items as { id: string; status: string }[];
  out.reenabled = {
    disabledState, notice: await text(page, '.form-ok'), enabledState: await text(page, '::-p-xpath(//main//p[strong])'),
    button: (await page.$$('::-p-xpath(//button[contains(., "Reativar endpoint")])')).length,
    apiStatus: listed.find((e) => e.id === config.disabledWebhook.id)?.status,
  };
  out.consoleErrors = consoleErrors;
} catch (error) {
  // What the page showed when a step failed, for the one reading the test's output.
  const shot = path.join(failureDir, 'failure.png');
  const taken = await current?.screenshot({ path: shot }).then(() => shot, () => 'none: the page was closed');
  throw new Error(`step ${step} failed at ${current && !current.isClosed() ? pathOf(current) : '?'} (screenshot ${taken}): ${error}`, { cause: error });
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ...out, axe: axeResults }));
