/**
 * The storefront's buying journeys in a real headless Chromium against the local stack
 * (test/helpers/browser-shop-journey.ts, run with tsx because puppeteer-core is ESM-only): register
 * with the emailed code, address book, two products, coupon and CEP quote, checkout, Pix turning
 * PAID by itself over the WebSocket, a declined card, order history, the tracking timeline moving
 * live, logout, the polling fallback without WebSocket, and the flash-sale claim. axe-core on the
 * cart, checkout, payment, order pages. Screenshots (desktop and mobile) go to docs/screenshots/.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminToken, api, apiUrl } from '../helpers/api.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const BRL = /R\$\s\d{1,3}(\.\d{3})*,\d{2}/;
const COUPON = `WEB${Date.now().toString(36).toUpperCase()}`;

interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }
// biome-ignore lint/suspicious/noExplicitAny: the journey's JSON is asserted field by field
let journey: any;

beforeAll(async () => {
  const admin = await adminToken();
  const now = Date.now();
  const created = await api('POST', '/admin/coupons', {
    token: admin,
    body: { code: COUPON, type: 'percent', value: 10, validFrom: new Date(now - 86_400_000).toISOString(), validUntil: new Date(now + 7 * 86_400_000).toISOString() },
  });
  if (created.status !== 201) throw new Error(`coupon: ${created.status} ${created.text}`);
  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/browser-shop-journey.ts', `${apiUrl()}/store/`, path.join(root, 'docs/screenshots'), COUPON], {
    cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 280_000, env: { ...process.env, SHOP_ADMIN_TOKEN: admin },
  });
  journey = JSON.parse(stdout.trim().split('\n').at(-1)!);
}, 300_000);

afterAll(async () => {
  await api('POST', '/_local/clock', { body: {} });
});

test('a visitor who adds to the cart is asked to sign in, registers with the emailed code and comes back signed in', () => {
  const { account } = journey;
  expect(account.signInRedirect).toBe(`/store/entrar?next=${encodeURIComponent(account.productPath.replace('/store', ''))}`);
  expect(account.weakPassword).toMatch(/A senha precisa ter de 8 a 128 caracteres/);
  expect(account.backTo).toBe(account.productPath);
  expect(account.header).toEqual(['Carrinho', 'Pedidos', 'Minha conta']);
  expect(account.added).toEqual([expect.stringContaining('Adicionado ao carrinho'), expect.stringContaining('Adicionado ao carrinho')]);
  expect(account.profileEmail).toMatch(/^web-.*@example\.com$/);
  expect(account.addresses).toEqual([expect.stringContaining('Avenida Paulista, 1000')]);
});

test('no token is kept where a script could read it later: no localStorage, sessionStorage or cookie', () => {
  expect(journey.account.storage).toEqual({ local: 0, session: 0, cookies: '' });
});

test('the cart holds both products, quotes shipping for the CEP and applies the coupon; checkout offers the address book', () => {
  const { cart, checkout } = journey;
  expect(cart.path).toBe('/store/carrinho?cep=01310100');
  expect([...cart.lines].sort()).toEqual([...cart.expected].sort());
  expect(cart.quote).toMatch(/^Receba até [a-zç]+-feira, \d{2}\/\d{2} — .+, \d+ a \d+ dias úteis \(SP\)$/);
  expect(cart.taxes).toMatch(BRL);
  expect(cart.coupon).toContain(COUPON);
  expect(cart.discount).toMatch(BRL);
  expect(cart.shipping).toMatch(new RegExp(`${BRL.source}|Grátis`));
  expect(cart.total).toMatch(BRL);
  expect(checkout.address).toContain('Casa');
  expect(checkout.shipping).toBe(cart.shipping); // the chosen address's CEP is quoted, not "Informe o CEP"
  expect(checkout.total).toBe(cart.total);
  expect(checkout.quote).toBe(cart.quote);
  expect(checkout.taxes).toBe(cart.taxes);
});

test('Pix: QR image, copy-paste BR Code and countdown; the page turns PAID by itself over the WebSocket', () => {
  const { pix } = journey;
  expect(pix.orderTotal).toBe(journey.cart.total);
  expect(pix.qrLoaded).toBe(true);
  expect(pix.copyPaste).toMatch(/^000201/);
  expect(pix.deadline).toMatch(/O código vale por mais (\d+h )?\d{2}min \d{2}s/);
  expect(pix.statusBefore).toBe('Aguardando pagamento');
  expect(pix.paidCall).toBe(200);
  expect(pix.statusAfter).toBe('Pagamento confirmado! Seu pedido está pago.');
  expect(pix.sameDocument).toBe(true);
});

test('a declined card reads as a clear pt-BR message and the order still awaits payment', () => {
  expect(journey.declined).toEqual({
    message: 'Pagamento recusado: o cartão não tem limite ou saldo suficiente. Use outro cartão ou pague com Pix.',
    status: 'Aguardando pagamento',
  });
});

test('order history lists both orders; the tracking timeline gains the carrier events live', () => {
  const { history, tracking } = journey;
  expect(history.rows).toHaveLength(2);
  expect(history.rows[0]).toContain('Aguardando pagamento');
  expect(history.rows[1]).toContain('Pago');
  expect(tracking.shipmentStatus).toBe(201);
  expect(tracking.after.slice(0, tracking.before.length)).toEqual(tracking.before);
  expect(tracking.after).toEqual(expect.arrayContaining([expect.stringContaining('Objeto postado'), expect.stringContaining('Objeto em trânsito')]));
  expect(tracking.status).toBe('Enviado');
  // The order page shows the taxes frozen at placement and the promised date.
  expect(tracking.taxes).toMatch(BRL);
  expect(tracking.taxesDetail).toMatch(new RegExp(`^Federais ${BRL.source}, estaduais ${BRL.source} \\(Lei 12\\.741/2012; fonte: IBPT\\)\\.$`));
  expect(tracking.deliveryDate).toMatch(/^Previsão: até [a-zç]+-feira, \d{2}\/\d{2}$/);
});

test('logout forgets the session: the header offers to sign in and a customer page asks for it', () => {
  expect(journey.logout).toEqual({ path: '/store/entrar?next=%2Fcarrinho', header: ['Carrinho', 'Entrar'] });
});

test('without a WebSocket the payment page polls and still turns PAID by itself', () => {
  expect(journey.polling).toEqual({ mode: 'polling', status: 'Pagamento confirmado! Seu pedido está pago.', consoleErrors: [] });
});

test('the flash-sale claim: won with pay now, then already claimed, then paid R$ 1,00 by card', () => {
  const { flash } = journey;
  expect(flash.won.kind).toBe('won');
  expect(flash.won.text).toMatch(/É seu! Pague até \d{2}:\d{2}.*Pagar agora/);
  expect(flash.unitsAfter).toBe(flash.unitsBefore - 1); // the banner shows the claimed unit gone
  expect(flash.again.kind).toBe('already-claimed');
  expect(flash.again.text).toContain('Você já garantiu o seu nesta rodada');
  expect(flash.paid.replace(/\u00a0/g, ' ')).toBe('R$ 1,00 Pagamento confirmado! Seu pedido está pago.');
});

test('axe-core finds no serious or critical violations on cart, checkout, payment, orders and order pages; no console errors', () => {
  const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const found = Object.fromEntries(Object.entries(journey.axe as Record<string, AxeViolation[]>).map(([page, violations]) => [page, serious(violations)]));
  expect(found).toEqual({ cart: [], checkout: [], payment: [], orders: [], order: [], flash: [] });
  expect(journey.consoleErrors).toEqual([]);
});
