/**
 * The card payment through Mercado Pago's SDK in a real headless Chromium, run by
 * test/integration/web-mercadopago.test.ts against a stack started with LOCAL_PAYMENTS=mercadopago (the MP
 * adapter against local/mercadopago-fake.ts, which also serves the fake of MercadoPago.js v2 the app loads)
 * and LOCAL_CARRIER=melhorenvio (the carrier's quote offers several delivery options).
 * The customer signs in at checkout, picks the delivery option named on the command line (not the cheapest),
 * places the order, chooses card on its payment page, types MP's test Mastercard into the
 * Secure Fields (the fake's iframes) and the holder and CPF into ours: holder FUND is declined (a pt-BR message),
 * then APRO pays the same order. Screenshots (desktop and mobile) go to the given directory; prints JSON last.
 *
 * Usage: tsx test/helpers/browser-mp-journey.ts <storefront URL> <screenshots dir> <email> <password> <delivery option>
 */
import type { Frame, Page } from 'puppeteer-core';
import { axe, consoleErrorsOf, launch, shoot, text } from './browser.js';

const [storeUrl, shotsDir, email, password, delivery] = process.argv.slice(2);
if (!storeUrl || !shotsDir || !email || !password || !delivery) throw new Error('usage: browser-mp-journey.ts <storefront URL> <screenshots dir> <email> <password> <delivery option>');
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
  await page.goto(`${storeUrl}entrar?next=${encodeURIComponent('/checkout')}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#signin-email', { timeout: TIMEOUT });
  await page.type('#signin-email', email);
  await page.type('#signin-password', password);
  await clickText(page, 'form//button', 'Entrar');

  // Checkout: the carrier's options, cheapest first and chosen; the shopper picks another and the totals follow.
  await page.waitForSelector('.shipping-choice .address-option.selected', { timeout: TIMEOUT });
  const total = () => text(page, '[data-testid="total"]');
  const options = await page.$$eval('.shipping-choice label', (els) => els.map((el) => el.textContent?.replace(/\s+/g, ' ').trim() ?? ''));
  const before = { selected: await text(page, '.shipping-choice .address-option.selected strong'), total: await total() };
  await clickText(page, 'fieldset//label', delivery);
  await page.waitForFunction(`document.querySelector('.shipping-choice .address-option.selected strong')?.textContent === ${JSON.stringify(delivery)}`, { timeout: TIMEOUT });
  await page.waitForFunction(`document.querySelector('[data-testid="total"]')?.textContent !== ${JSON.stringify(before.total)}`, { timeout: TIMEOUT });
  const checkout = { options, before, after: { selected: await text(page, '.shipping-choice .address-option.selected strong'), total: await total() }, axe: await axe(page) };
  await shoot(page, shotsDir, 'checkout-delivery-options');
  await clickText(page, 'button', 'Confirmar pedido');
  await page.waitForFunction('/\\/pedidos\\/[^/]+\\/pagamento$/.test(location.pathname)', { timeout: TIMEOUT });
  const orderId = decodeURIComponent((await page.evaluate('location.pathname') as string).split('/').at(-2) ?? '');
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

  console.log(JSON.stringify({ orderId, checkout, frames, declined, paid, axe: axeForm, consoleErrors }));
} finally {
  await browser.close();
}
