/**
 * The buying journeys of the storefront in a real headless Chromium, run by
 * test/integration/web-shop.test.ts (tsx, since puppeteer-core is ESM-only), which asserts on the
 * JSON printed last. A visitor registers with the emailed code (read from /_local/outbox), fills
 * the address book, adds two products, applies a coupon and a CEP quote, checks out and pays by
 * Pix; this script plays the payer through /_local/sandbox and the page turns PAID by itself over
 * the WebSocket. A second order meets the declining card. The admin ships the first order and the
 * tracking timeline moves live. After logout, a second tab without WebSocket signs in and pays the
 * declined order by Pix through the polling fallback. Last, the flash-sale claim: won, then already
 * claimed, then paid by card. Screenshots (desktop and mobile) go to the given directory.
 *
 * Usage: SHOP_ADMIN_TOKEN=<admin access token> tsx test/helpers/browser-shop-journey.ts <storefront URL> <screenshots dir> <coupon code>
 */
import type { Page } from 'puppeteer-core';
import { type AxeViolation, apiCaller, axe, consoleErrorsOf, launch, pathOf, shoot, text, texts } from './browser.js';

const [storeUrl, shotsDir, coupon] = process.argv.slice(2);
const adminToken = process.env.SHOP_ADMIN_TOKEN;
if (!storeUrl || !shotsDir || !coupon || !adminToken) throw new Error('usage: SHOP_ADMIN_TOKEN=... browser-shop-journey.ts <storefront URL> <screenshots dir> <coupon code>');
const apiUrl = new URL(storeUrl).origin;
const email = `web-${Date.now().toString(36)}@example.com`;
const password = 'Segura#123';
const TIMEOUT = 20_000;

const call = apiCaller(apiUrl);

async function confirmationCode(): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { body } = await call('GET', `/_local/outbox?to=${encodeURIComponent(email)}&type=confirmation`);
    if (body.items[0]?.code) return body.items[0].code;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('no confirmation code in the outbox');
}

/** The payer pays the order's newest sandbox Pix charge; the sandbox delivers its signed webhook. */
async function payPix(orderId: string): Promise<number> {
  const { body } = await call('GET', `/_local/sandbox/payments?orderId=${encodeURIComponent(orderId)}`);
  const charge = body.items.filter((c: { method: string; status: string }) => c.method === 'pix' && c.status === 'pending').at(-1) ?? body.items.at(-1);
  return (await call('POST', `/_local/sandbox/payments/${charge.paymentId}/pix-paid`)).status;
}

async function clickText(page: Page, selector: string, label: string): Promise<void> {
  const handle = await page.waitForSelector(`::-p-xpath(//${selector}[contains(normalize-space(.), ${JSON.stringify(label)})])`, { timeout: TIMEOUT });
  await handle!.click();
}
// Page functions as strings: the test tsconfig has no DOM types.
const waitPath = (page: Page, pattern: RegExp) =>
  page.waitForFunction(`${pattern}.test(location.pathname + location.search)`, { timeout: TIMEOUT });
const waitText = (page: Page, selector: string, pattern: RegExp) =>
  page.waitForFunction(`${pattern}.test(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '')`, { timeout: TIMEOUT });
const orderIdOf = (page: Page) => decodeURIComponent(/\/pedidos\/([^/?]+)/.exec(pathOf(page))![1]!);
async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [selector, value] of Object.entries(fields)) {
    await page.click(selector, { count: 3 });
    await page.type(selector, value);
  }
}
/** Search from the header (SPA navigation: a reload would forget the in-memory session) and open the nth result. */
async function openResult(page: Page, n: number): Promise<string> {
  await fill(page, { '#search-q': 'cafe' });
  await page.keyboard.press('Enter');
  await waitPath(page, /\/busca\?q=cafe/);
  await page.waitForSelector('[data-testid="results"] .card-link', { timeout: TIMEOUT });
  const links = await page.$$('[data-testid="results"] .card-link');
  const name = await links[n]!.$eval('.card-name', (el) => el.textContent ?? '');
  await links[n]!.click();
  await page.waitForSelector('[data-testid="price"]', { timeout: TIMEOUT });
  return name;
}
async function addToCart(page: Page): Promise<string> {
  await clickText(page, 'button', 'Adicionar ao carrinho');
  await waitText(page, '[data-testid="add-notice"]', /Adicionado|Confira|estoque/);
  return text(page, '[data-testid="add-notice"]');
}
async function checkoutToPayment(page: Page): Promise<void> {
  await clickText(page, 'header//a', 'Carrinho');
  await page.waitForSelector('[data-testid="cart-lines"] li', { timeout: TIMEOUT });
  await clickText(page, 'a', 'Finalizar compra');
  await page.waitForSelector('.address-option.selected', { timeout: TIMEOUT });
  await clickText(page, 'button', 'Confirmar pedido');
  await waitPath(page, /\/pedidos\/[^/]+\/pagamento$/);
  await page.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
}
async function signIn(page: Page): Promise<void> {
  await page.waitForSelector('#signin-email', { timeout: TIMEOUT });
  await fill(page, { '#signin-email': email, '#signin-password': password });
  await clickText(page, 'form//button', 'Entrar');
}

const browser = await launch();
const axeResults: Record<string, AxeViolation[]> = {};
let clockMoved = false;
try {
  const page = await browser.newPage();
  // Answers that are expected and that the browser logs as failed loads: the 400 of the weak
  // password at registration, the 409 of the second claim in a window, and a 401 for a request still
  // in flight when the customer logs out (a poll of the order page; on a slow machine it lands after
  // the revocation: the session then shows the signed-out state, as the logout test checks).
  const consoleErrors = consoleErrorsOf(page, [/status of 400 \(Bad Request\)/, /status of 409 \(Conflict\)/, /status of 401 \(Unauthorized\)/]);

  // (a) Account: "Adicionar ao carrinho" asks a visitor to sign in; register, confirm with the emailed code, come back.
  await page.goto(`${storeUrl}busca?q=cafe`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-testid="results"] .card-link');
  const firstName = await text(page, '[data-testid="results"] .card-name');
  await page.click('[data-testid="results"] .card-link');
  await page.waitForSelector('[data-testid="price"]');
  const productPath = pathOf(page);
  await clickText(page, 'button', 'Adicionar ao carrinho');
  await waitPath(page, /\/entrar\?next=/);
  const signInRedirect = pathOf(page);
  await clickText(page, 'a', 'Criar conta');
  await page.waitForSelector('#register-name');
  await fill(page, { '#register-name': 'Ana Souza', '#register-email': email, '#register-password': 'fraca' });
  await clickText(page, 'form//button', 'Criar conta');
  await page.waitForSelector('form [role="alert"]', { timeout: TIMEOUT });
  const weakPassword = await text(page, 'form [role="alert"]');
  await fill(page, { '#register-password': password });
  await shoot(page, shotsDir, 'register');
  await clickText(page, 'form//button', 'Criar conta');
  await page.waitForSelector('#confirm-code', { timeout: TIMEOUT });
  await fill(page, { '#confirm-code': await confirmationCode() });
  await clickText(page, 'form//button', 'Confirmar');
  await waitPath(page, /\/produto\//);
  const account = {
    signInRedirect,
    weakPassword,
    backTo: pathOf(page),
    productPath,
    storage: await page.evaluate('({ local: localStorage.length, session: sessionStorage.length, cookies: document.cookie })'),
    header: await texts(page, '.header-links a'),
    added: [] as string[],
    profileEmail: '',
    addresses: [] as string[],
  };

  // (b) Two products into the cart (the first from the product page we came back to).
  account.added.push(await addToCart(page));
  const secondName = await openResult(page, 1);
  account.added.push(await addToCart(page));

  // Account page: profile and a new address in the address book.
  await clickText(page, 'header//a', 'Minha conta');
  await page.waitForSelector('[data-testid="profile-email"]', { timeout: TIMEOUT });
  account.profileEmail = await text(page, '[data-testid="profile-email"]');
  await clickText(page, 'button', 'Novo endereço');
  await fill(page, {
    '#address-label': 'Casa', '#address-recipient': 'Ana Souza', '#address-cep': '01310-100', '#address-street': 'Avenida Paulista',
    '#address-number': '1000', '#address-district': 'Bela Vista', '#address-city': 'São Paulo',
  });
  await clickText(page, 'button', 'Salvar endereço');
  await page.waitForSelector('[data-testid="addresses"] li', { timeout: TIMEOUT });
  account.addresses = await texts(page, '[data-testid="addresses"] li span');
  await page.evaluate('window.scrollTo(0, 0)');
  await shoot(page, shotsDir, 'account');

  // Cart: CEP quote, then the coupon.
  await clickText(page, 'header//a', 'Carrinho');
  await page.waitForSelector('[data-testid="cart-lines"] li', { timeout: TIMEOUT });
  await fill(page, { '#cart-cep': '01310-100' });
  await clickText(page, 'button', 'Calcular');
  await page.waitForSelector('[data-testid="shipping-quote"]', { timeout: TIMEOUT });
  await fill(page, { '#cart-coupon': coupon.toLowerCase() });
  await clickText(page, 'button', 'Aplicar');
  await page.waitForSelector('[data-testid="coupon"]', { timeout: TIMEOUT });
  const cart = {
    path: pathOf(page),
    lines: await texts(page, '[data-testid="cart-lines"] .line-name'),
    quote: await text(page, '[data-testid="shipping-quote"]'),
    coupon: await text(page, '[data-testid="coupon"]'),
    discount: await text(page, '[data-testid="discount"]'),
    shipping: await text(page, '[data-testid="shipping"]'),
    total: await text(page, '[data-testid="total"]'),
    taxes: await text(page, '[data-testid="taxes"]'),
    expected: [firstName, secondName],
  };
  axeResults.cart = await axe(page);
  await shoot(page, shotsDir, 'cart');

  // Checkout with the address book.
  await clickText(page, 'a', 'Finalizar compra');
  await page.waitForSelector('.address-option.selected', { timeout: TIMEOUT });
  await page.waitForNetworkIdle({ idleTime: 300, timeout: TIMEOUT });
  const checkout = {
    address: await text(page, '.address-option.selected'), shipping: await text(page, '[data-testid="shipping"]'), total: await text(page, '[data-testid="total"]'),
    taxes: await text(page, '[data-testid="taxes"]'), quote: await text(page, '[data-testid="shipping-quote"]'),
  };
  axeResults.checkout = await axe(page);
  await shoot(page, shotsDir, 'checkout');
  await clickText(page, 'button', 'Confirmar pedido');
  await waitPath(page, /\/pedidos\/[^/]+\/pagamento$/);
  await page.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
  const firstOrder = orderIdOf(page);

  // (c) Pix: QR image, copy-paste code, countdown; the payer pays and the page turns PAID with no reload.
  await clickText(page, 'button', 'Gerar código Pix');
  await page.waitForSelector('img.pix-qr', { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="live-mode"][data-mode="websocket"]', { timeout: TIMEOUT });
  await page.evaluate('window.__sameDocument = true');
  const pix = {
    orderTotal: await text(page, '[data-testid="order-total"]'),
    qrLoaded: await page.$eval('img.pix-qr', (img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0),
    copyPaste: await page.$eval('#pix-code', (el) => (el as unknown as { value: string }).value),
    deadline: await text(page, '[data-testid="pix-deadline"]'),
    statusBefore: await text(page, '[data-testid="order-status"]'),
    paidCall: 0,
    statusAfter: '',
    sameDocument: false,
  };
  await shoot(page, shotsDir, 'pix');
  pix.paidCall = await payPix(firstOrder);
  await waitText(page, '[data-testid="order-status"]', /Pagamento confirmado/);
  pix.statusAfter = await text(page, '[data-testid="order-status"]');
  pix.sameDocument = await page.evaluate('window.__sameDocument === true') as boolean;
  axeResults.payment = await axe(page);
  await shoot(page, shotsDir, 'pix-paid');

  // A second order meets the declining card.
  await openResult(page, 2);
  await addToCart(page);
  await checkoutToPayment(page);
  const secondOrder = orderIdOf(page);
  await clickText(page, 'label', 'Cartão de crédito');
  await fill(page, { '#card-number': '4000 0000 0000 0002', '#card-holder': 'ANA SOUZA', '#card-expiry': '12/30', '#card-cvc': '123' });
  await clickText(page, 'button', 'Pagar com cartão');
  await page.waitForSelector('[data-testid="card-error"]', { timeout: TIMEOUT });
  const declined = { message: await text(page, '[data-testid="card-error"]'), status: await text(page, '[data-testid="order-status"]') };
  await shoot(page, shotsDir, 'card-declined');

  // (d) Order history, then the first order's timeline moving live while the admin ships it.
  await clickText(page, 'header//a', 'Pedidos');
  await page.waitForSelector('[data-testid="orders"] li', { timeout: TIMEOUT });
  const history = { rows: await texts(page, '[data-testid="orders"] li') };
  axeResults.orders = await axe(page);
  await shoot(page, shotsDir, 'orders');
  await page.click(`[data-testid="orders"] a[href$="/pedidos/${encodeURIComponent(firstOrder)}"]`);
  await page.waitForSelector('[data-testid="timeline"] li', { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="live-mode"][data-mode="websocket"]', { timeout: TIMEOUT });
  const timelineBefore = await texts(page, '[data-testid="timeline"] .timeline-text');
  const shipment = await call('POST', `/admin/orders/${encodeURIComponent(firstOrder)}/shipments`, {}, adminToken);
  for (const code of ['POSTED', 'IN_TRANSIT']) await call('POST', `/_local/sandbox/shipments/${shipment.body.shipmentId}/events`, { code, location: 'São Paulo/SP' });
  await waitText(page, '[data-testid="timeline"]', /Objeto em trânsito/);
  const tracking = {
    shipmentStatus: shipment.status,
    before: timelineBefore,
    after: await texts(page, '[data-testid="timeline"] .timeline-text'),
    status: await text(page, '[data-testid="order-status"]'),
    taxes: await text(page, '[data-testid="order-taxes"]'),
    taxesDetail: await text(page, '[data-testid="order-taxes-detail"]'),
    deliveryDate: await text(page, '[data-testid="order-delivery-date"]'),
  };
  axeResults.order = await axe(page);
  await shoot(page, shotsDir, 'tracking');

  // Logout: the session is gone, and a customer page asks to sign in again.
  await clickText(page, 'header//a', 'Minha conta');
  await clickText(page, 'button', 'Sair');
  await page.waitForSelector('::-p-xpath(//header//a[normalize-space(.)="Entrar"])', { timeout: TIMEOUT });
  await clickText(page, 'header//a', 'Carrinho');
  await waitPath(page, /\/entrar\?next=/);
  const logout = { path: pathOf(page), header: await texts(page, '.header-links a') };

  // Polling fallback: a tab whose WebSocket cannot connect signs in and pays the declined order by Pix.
  const noSocket = await browser.newPage();
  const noSocketErrors = consoleErrorsOf(noSocket);
  await noSocket.evaluateOnNewDocument('window.WebSocket = class { constructor() { throw new Error("WebSocket blocked by the test"); } }');
  await noSocket.goto(`${storeUrl}entrar?next=${encodeURIComponent(`/pedidos/${secondOrder}/pagamento`)}`, { waitUntil: 'networkidle0' });
  await signIn(noSocket);
  await waitPath(noSocket, /\/pagamento$/);
  await clickText(noSocket, 'button', 'Gerar código Pix');
  await noSocket.waitForSelector('[data-testid="live-mode"][data-mode="polling"]', { timeout: TIMEOUT });
  await payPix(secondOrder);
  await waitText(noSocket, '[data-testid="order-status"]', /Pagamento confirmado/);
  const polling = { mode: 'polling', status: await text(noSocket, '[data-testid="order-status"]'), consoleErrors: noSocketErrors };
  await noSocket.close();

  // (e) The flash sale: sign in again, claim (won, pay now), claim again (already claimed), pay by card.
  // Other test files may have sold this hour's window or drained the SKU: then stock it and open the next window.
  const sale = (await call('GET', '/flash-sales/current')).body;
  if (sale.status !== 'OPEN' || sale.remainingUnits === 0) {
    const stocked = await call('PUT', `/products/${sale.productId}/variants/${encodeURIComponent(sale.sku)}/stock`, { delta: sale.unitsPerWindow }, adminToken);
    if (stocked.status !== 200) throw new Error(`restocking the flash-sale SKU answered ${stocked.status}`);
    const opensAt = Date.parse(sale.nextWindowAt) + 5 * 60_000;
    await call('POST', '/_local/clock', { now: new Date(opensAt).toISOString() });
    clockMoved = true;
    await call('POST', '/_local/schedules/flash-sale-open-window/run');
    for (let attempt = 0; ; attempt++) {
      const current = (await call('GET', '/flash-sales/current')).body;
      if (current.status === 'OPEN' && current.remainingUnits > 0) break;
      if (attempt === 40) throw new Error(`the flash-sale window did not open: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await signIn(page);
  await waitPath(page, /\/carrinho$/);
  await clickText(page, 'a', 'Big E-Commerce');
  await page.waitForSelector('[data-testid="flash-units"]', { timeout: TIMEOUT });
  const unitsBefore = Number(await text(page, '[data-testid="flash-units"]'));
  await clickText(page, 'button', 'Quero o meu');
  await page.waitForSelector('[data-testid="claim-outcome"][data-kind]:not([data-kind=""])', { timeout: TIMEOUT });
  // The banner catches up with the claimed unit (its count may be a second old at the API).
  await page.waitForFunction(`Number(document.querySelector('[data-testid="flash-units"]')?.textContent) < ${unitsBefore}`, { timeout: TIMEOUT });
  const flash = {
    won: await page.$eval('[data-testid="claim-outcome"]', (el) => ({ kind: el.getAttribute('data-kind'), text: el.textContent?.trim() })),
    unitsBefore,
    unitsAfter: Number(await text(page, '[data-testid="flash-units"]')),
    again: { kind: '', text: '' },
    paid: '',
  };
  axeResults.flash = await axe(page);
  await shoot(page, shotsDir, 'flash-won');
  await clickText(page, 'header//a', 'Pedidos');
  await page.waitForSelector('[data-testid="orders"] li', { timeout: TIMEOUT });
  await clickText(page, 'a', 'Big E-Commerce');
  await clickText(page, 'button', 'Quero o meu');
  await page.waitForSelector('[data-testid="claim-outcome"][data-kind]:not([data-kind=""])', { timeout: TIMEOUT });
  flash.again = await page.$eval('[data-testid="claim-outcome"]', (el) => ({ kind: el.getAttribute('data-kind') ?? '', text: el.textContent?.trim() ?? '' }));
  await shoot(page, shotsDir, 'flash-already-claimed');
  await clickText(page, 'header//a', 'Pedidos');
  await page.waitForSelector('[data-testid="orders"] li', { timeout: TIMEOUT });
  await page.click('[data-testid="orders"] li:first-child a');
  await clickText(page, 'a', 'Pagar agora');
  await page.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
  await clickText(page, 'label', 'Cartão de crédito');
  await fill(page, { '#card-number': '4111 1111 1111 1111', '#card-holder': 'ANA SOUZA', '#card-expiry': '12/30', '#card-cvc': '123' });
  await clickText(page, 'button', 'Pagar com cartão');
  await waitText(page, '[data-testid="order-status"]', /Pagamento confirmado/);
  flash.paid = `${await text(page, '[data-testid="order-total"]')} ${await text(page, '[data-testid="order-status"]')}`;

  console.log(JSON.stringify({ account, cart, checkout, pix, declined, history, tracking, logout, polling, flash, axe: axeResults, consoleErrors }));
} finally {
  if (clockMoved) await call('POST', '/_local/clock', {});
  await browser.close();
}
