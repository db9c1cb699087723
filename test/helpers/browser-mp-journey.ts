/**
 * The card payment through Mercado Pago's SDK in a real headless Chromium, run by
 * test/integration/web-mercadopago.test.ts against a stack started with LOCAL_PAYMENTS=mercadopago (the MP
 * adapter against local/mercadopago-fake.ts, which also serves the fake of MercadoPago.js v2 the app loads).
 * The customer signs in, opens the order's payment page, chooses card, types MP's test Mastercard into the
 * Secure Fields (the fake's iframes) and the holder and CPF into ours: holder FUND is declined (a pt-BR message),
 * then APRO pays the same order. Screenshots (desktop and mobile) go to the given directory; prints JSON last.
 *
 * Usage: tsx test/helpers/browser-mp-journey.ts <storefront URL> <screenshots dir> <email> <password> <order id>
 */
import type { Frame, Page } from 'puppeteer-core';
import { axe, consoleErrorsOf, launch, shoot, text } from './browser.js';

const [storeUrl, shotsDir, email, password, orderId] = process.argv.slice(2);
if (!storeUrl || !shotsDir || !email || !password || !orderId) throw new Error('usage: browser-mp-journey.ts <storefront URL> <screenshots dir> <email> <password> <order id>');
const TIMEOUT = 20_000;
/** MP's Brazilian test Mastercard (MP "Cartões de teste"); the holder's name picks the outcome. */
const TEST_CARD = { number: '5031 4332 1540 6351', expiry: '11/30', cvc: '123', cpf: '12345678909' };

async function clickText(page: Page, selector: string, label: string): Promise<void> {
  const handle = await page.waitForSelector(`::-p-xpath(//${selector}[contains(normalize-space(.), ${JSON.stringify(label)})])`, { timeout: TIMEOUT });
  await handle!.click();
}

async function secureField(page: Page, type: string): Promise<Frame> {
  const element = await page.waitForSelector(`iframe[name="mp-fake-${type}"]`, { timeout: TIMEOUT });
  const frame = await element!.contentFrame();
  if (!frame) throw new Error(`no frame for ${type}`);
  await frame.waitForSelector('input', { timeout: TIMEOUT });
  return frame;
}

async function replace(page: Page, selector: string, value: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.type(selector, value);
}

async function pay(page: Page, holder: string): Promise<void> {
  await replace(page, '#card-holder', holder);
  await clickText(page, 'form//button', 'Pagar com cartão');
}

const browser = await launch();
try {
  const page = await browser.newPage();
  const consoleErrors = consoleErrorsOf(page);
  await page.goto(`${storeUrl}entrar?next=${encodeURIComponent(`/pedidos/${orderId}/pagamento`)}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#signin-email', { timeout: TIMEOUT });
  await page.type('#signin-email', email);
  await page.type('#signin-password', password);
  await clickText(page, 'form//button', 'Entrar');
  await page.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
  await clickText(page, 'label', 'Cartão de crédito');
  await page.waitForSelector('[data-testid="mp-card-form"][data-state="ready"]', { timeout: TIMEOUT });

  const frames = await page.$$eval('iframe', (els) => els.map((el) => ({ name: el.getAttribute('name'), origin: new URL(el.getAttribute('src') ?? '').origin, title: el.getAttribute('title') })));
  const number = await secureField(page, 'cardNumber');
  await number.type('input', TEST_CARD.number);
  await (await secureField(page, 'expirationDate')).type('input', TEST_CARD.expiry);
  await (await secureField(page, 'securityCode')).type('input', TEST_CARD.cvc);
  await page.type('#card-cpf', TEST_CARD.cpf);
  await page.type('#card-holder', 'APRO');
  const axeForm = await axe(page);
  await shoot(page, shotsDir, 'mp-card-form');

  // FUND: MP declines for insufficient funds; the order still awaits payment.
  await pay(page, 'FUND');
  await page.waitForSelector('[data-testid="card-error"]', { timeout: TIMEOUT });
  const declined = { message: await text(page, '[data-testid="card-error"]'), status: await text(page, '[data-testid="order-status"]') };
  await shoot(page, shotsDir, 'mp-card-declined', { fullPage: true });

  // APRO: the same card (a new single-use token) pays the order.
  await pay(page, 'APRO');
  await page.waitForFunction('document.querySelector(\'[data-testid="order-status"]\')?.textContent?.includes("Pagamento confirmado")', { timeout: TIMEOUT });
  const paid = { status: await text(page, '[data-testid="order-status"]') };
  await page.evaluate('scrollTo(0, 0)');
  await shoot(page, shotsDir, 'mp-card-paid');

  console.log(JSON.stringify({ frames, declined, paid, axe: axeForm, consoleErrors }));
} finally {
  await browser.close();
}
