/**
 * The storefront's card payment through Mercado Pago's SDK (issue 17): a stack of its own started with
 * LOCAL_PAYMENTS=mercadopago (the MP adapter against local/mercadopago-fake.ts, whose fake of MercadoPago.js v2
 * the app loads from `/store/config.js`), and a real headless Chromium (test/helpers/browser-mp-journey.ts) that
 * pays an order with MP's test Mastercard in the Secure Fields: declined (holder FUND), then approved (APRO).
 * The stack also runs LOCAL_CARRIER=melhorenvio, so the journey first places the order at checkout with a
 * delivery option that is not the cheapest, and the order charges that option's price.
 * The gateway's request log then shows that no request to our API carried the card number, and that the card
 * payments sent only the token, the payment method, the issuer and the installments.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminToken, api, newCustomer } from '../helpers/api.js';
import { type OwnStack, startOwnStack } from '../helpers/own-stack.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const CARD_DIGITS = '5031433215406351';
/** The delivery option the shopper picks at checkout: the fake carrier's dearest (cheapest first: PAC, Jadlog, SEDEX). */
const DELIVERY = 'Correios SEDEX';
let options: { serviceId: string; service: string; priceCents: number }[];
let own: OwnStack | undefined;
let orderId: string;
let since: number;
// biome-ignore lint/suspicious/noExplicitAny: the journey's JSON is asserted field by field
let journey: any;

interface LoggedRequest { seq: number; method: string; path: string; body: string }

beforeAll(async () => {
  own = await startOwnStack({
    projectRoot: root,
    dataDirPrefix: 'store-mp-',
    env: { LOCAL_PAYMENTS: 'mercadopago', LOCAL_CARRIER: 'melhorenvio', CARRIER_QUOTE_TIMEOUT_MS: '5000', SEED_PRODUCTS: '5', LOG_LEVEL: 'ERROR' },
    timeoutMs: 180_000,
  });
  const { ready } = own;
  const admin = await adminToken();
  const customer = await newCustomer();
  await addressOf(customer);
  const { sku } = await stockedSku(admin, 5, 25_990);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  const cart = await api('GET', `/cart?cep=${(await api('GET', '/me/addresses', { token: customer.accessToken })).body.items[0].cep}`, { token: customer.accessToken });
  options = cart.body.shipping.options;
  since = (await api('GET', '/_local/requests')).body.last;
  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/browser-mp-journey.ts', `${ready.url}/store/`, path.join(root, 'docs/screenshots'), customer.email, customer.password, DELIVERY], {
    cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 200_000,
  });
  journey = JSON.parse(stdout.trim().split('\n').at(-1)!);
  orderId = journey.orderId;
}, 400_000);

afterAll(async () => {
  await own?.stop();
});

test('checkout lists the carrier\'s delivery options, cheapest chosen first; the one picked is priced in the totals and charged by the order', async () => {
  expect(options.map((o) => o.service)).toEqual(['Correios PAC', 'Jadlog .Package', DELIVERY]);
  expect(journey.checkout.options).toHaveLength(3);
  expect(journey.checkout.options[2]).toContain(DELIVERY);
  expect(journey.checkout.before.selected).toBe('Correios PAC');
  expect(journey.checkout.after.selected).toBe(DELIVERY);
  const sedex = options[2];
  const order = await api('GET', `/orders/${orderId}`, { token: await adminToken() });
  expect(order.body).toMatchObject({ shippingCents: sedex.priceCents, shipping: { service: DELIVERY, carrierService: sedex.serviceId, source: 'carrier' } });
  const brl = (cents: number) => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(cents / 100);
  expect(journey.checkout.after.total).toBe(brl(order.body.totalCents));
  expect(journey.checkout.before.total).toBe(brl(order.body.totalCents - sedex.priceCents + options[0].priceCents));
  const serious = journey.checkout.axe.filter((v: { impact: string | null }) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious).toEqual([]);
});

test('the card fields are Mercado Pago\'s frames, on the SDK\'s origin, not the page\'s', () => {
  const pageOrigin = new URL(own?.stack.url ?? '').origin;
  expect(journey.frames.map((f: { name: string }) => f.name)).toEqual(['mp-fake-cardNumber', 'mp-fake-expirationDate', 'mp-fake-securityCode']);
  for (const frame of journey.frames) {
    expect(frame.origin).not.toBe(pageOrigin);
    expect(frame.title).toBeTruthy();
  }
});

test('holder FUND is declined with a pt-BR message and the order still awaits payment; APRO then pays it', () => {
  expect(journey.declined).toEqual({
    message: 'Pagamento recusado: o cartão não tem limite ou saldo suficiente. Use outro cartão ou pague com Pix.',
    status: 'Aguardando pagamento',
  });
  expect(journey.paid.status).toBe('Pagamento confirmado! Seu pedido está pago.');
});

test('our API never received the card number: every request since the order, from the gateway\'s log', async () => {
  const log = (await api<{ items: LoggedRequest[]; oldest: number }>('GET', `/_local/requests?since=${since}`)).body;
  expect(log.oldest).toBeLessThanOrEqual(since + 1); // nothing dropped: the log holds every request of the journey
  expect(log.items.length).toBeGreaterThan(3);
  const carrying = log.items.filter((r) => r.body.replace(/\D/g, '').includes(CARD_DIGITS) || r.path.replace(/\D/g, '').includes(CARD_DIGITS));
  expect(carrying).toEqual([]);
  const payments = log.items.filter((r) => r.method === 'POST' && r.path === `/orders/${orderId}/payments`).map((r) => JSON.parse(r.body));
  expect(payments).toHaveLength(2);
  for (const body of payments) {
    expect(Object.keys(body).sort()).toEqual(['cardToken', 'installments', 'issuerId', 'method', 'paymentMethodId']);
    expect(body).toMatchObject({ method: 'card', installments: 1, paymentMethodId: 'master', issuerId: '24' });
    expect(body.cardToken).toMatch(/^[0-9a-f]{32}$/);
  }
  expect(payments[0].cardToken).not.toBe(payments[1].cardToken);
});

test('the log check can fail: a card number sent to the gateway (the sandbox tokeniser\'s route) is found in it', async () => {
  const before = (await api('GET', '/_local/requests')).body.last;
  await api('POST', '/_local/sandbox/cards', { body: { number: '5031 4332 1540 6351', expMonth: 11, expYear: 2030, cvc: '123', holder: 'APRO' } });
  const log = (await api<{ items: LoggedRequest[] }>('GET', `/_local/requests?since=${before}`)).body;
  expect(log.items.filter((r) => r.body.replace(/\D/g, '').includes(CARD_DIGITS)).map((r) => r.path)).toEqual(['/_local/sandbox/cards']);
});

test('the order is PAID by Mercado Pago with the test card\'s last four digits', async () => {
  const admin = await adminToken();
  const payments = await api('GET', `/orders/${orderId}/payments`, { token: admin });
  expect(payments.status).toBe(200);
  expect(payments.body.items.map((p: { provider: string; status: string; card: { lastFour: string } }) => [p.provider, p.status, p.card?.lastFour]))
    .toEqual(expect.arrayContaining([['mercadopago', 'DECLINED', '6351'], ['mercadopago', 'APPROVED', '6351']]));
});

test('axe-core finds no serious or critical violation on the Mercado Pago card form; no console errors (CSP included)', () => {
  const serious = journey.axe.filter((v: { impact: string | null }) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious).toEqual([]);
  expect(journey.consoleErrors).toEqual([]);
});
