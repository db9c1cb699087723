/**
 * The admin console (issue 18) in a real headless Chromium against the local stack
 * (test/helpers/browser-admin-journey.ts). A scripted day of sales (and a smaller day before it) is
 * placed and paid through the API; the admin signs in at /admin, sees the KPI tiles and five charts
 * drawn for that day, downloads the CSV, ships a paid order (label bought and downloaded), meets the
 * API's refusal on an order cancelled meanwhile, adjusts stock, manages a coupon and opens the customer's
 * page with their orders. The customer sees
 * the shipment in the storefront and nothing of the console at /admin; every admin route answers a
 * customer token with 403. axe-core on dashboard, orders, order and product pages; screenshots
 * admin-*.png in docs/screenshots/.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { routes } from '../../lambdas/routes.js';
import { adminToken, api, apiUrl, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { ADDRESS, addressOf, fillCart, setClock, stockedSku } from '../helpers/shop.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const DAY = `2031-0${1 + Math.floor(Math.random() * 6)}-${String(10 + Math.floor(Math.random() * 18))}`;
const PREVIOUS = new Date(Date.parse(`${DAY}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const at = (day: string, time: string) => new Date(`${day}T${time}-03:00`).toISOString();
const COUPON = `ADM${Date.now().toString(36).toUpperCase()}`;

interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }
interface ChartSeen { id: string; title: string; label: string | null; painted: number; rows: string[][] }
// biome-ignore lint/suspicious/noExplicitAny: the journey's JSON is asserted field by field
let journey: any;
let admin: string;
let customer: TestUser;
let shipOrderId: string;
let staleOrderId: string;
let assets: string[];

const cardToken = async () => (await api('POST', '/_local/sandbox/cards', { body: { number: '4111111111111111', expMonth: 12, expYear: 2031, cvc: '123', holder: 'ANA SOUZA' } })).body.cardToken;

async function order(user: TestUser, addressId: string, sku: string, quantity: number, pay: 'pix' | 'card' | 'none'): Promise<string> {
  await fillCart(user, [{ sku, quantity }]);
  const placed = await api('POST', '/orders', { token: user.accessToken, body: { addressId } });
  if (placed.status !== 201) throw new Error(`order: ${placed.status} ${placed.text}`);
  if (pay === 'pix') {
    const started = await api('POST', `/orders/${placed.body.id}/payments`, { token: user.accessToken, body: { method: 'pix' } });
    await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`);
  } else if (pay === 'card') {
    const paid = await api('POST', `/orders/${placed.body.id}/payments`, { token: user.accessToken, body: { method: 'card', cardToken: await cardToken(), installments: 1 } });
    if (paid.body.status !== 'APPROVED') throw new Error(`card: ${paid.status} ${paid.text}`);
  }
  return placed.body.id;
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i++; }
    else if (ch === '\n') throw new Error(`bare LF at ${i}`);
    else field += ch;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field || record.length) { record.push(field); records.push(record); }
  return records;
}

beforeAll(async () => {
  admin = await adminToken();
  const [ana, bia, caio] = [await newCustomer(), await newCustomer(), await newCustomer()];
  customer = await newCustomer();
  const anaAt = await addressOf(ana);
  const biaAt = await addressOf(bia, { ...ADDRESS, state: 'RJ', city: 'Rio de Janeiro', cep: '20040-020' });
  const caioAt = await addressOf(caio, { ...ADDRESS, state: 'MG', city: 'Belo Horizonte', cep: '30130-010' });
  const customerAt = await addressOf(customer);
  const x = await stockedSku(admin, 50, 10_000);
  const y = await stockedSku(admin, 50, 5_000);
  const z = await stockedSku(admin, 50, 25_000);

  // The day before: one Pix sale. The day: five sales in three states, Pix and card, and a card sale refunded.
  await setClock(at(PREVIOUS, '22:30:00')); // already DAY in UTC: the orders' day filter must use São Paulo days
  await order(ana, anaAt, x.sku, 1, 'pix');
  await setClock(at(DAY, '09:00:00'));
  await order(ana, anaAt, x.sku, 2, 'pix');
  await order(bia, biaAt, y.sku, 1, 'card');
  await setClock(at(DAY, '14:00:00'));
  await order(caio, caioAt, z.sku, 1, 'card');
  await order(bia, biaAt, x.sku, 1, 'pix');
  const refunded = await order(ana, anaAt, y.sku, 3, 'card');
  await setClock(at(DAY, '18:00:00'));
  const cancelled = await api('DELETE', `/orders/${refunded}`, { token: admin });
  if (cancelled.body.status !== 'CANCELLED') throw new Error(`cancel: ${cancelled.status} ${cancelled.text}`);
  await setClock();

  // Today: the flash sale's open window gets a claim; the order to ship and the one that goes stale.
  await api('POST', '/flash-sales/current/claims', { token: caio.accessToken, body: { addressId: caioAt } });
  shipOrderId = await order(customer, customerAt, z.sku, 1, 'pix');
  staleOrderId = await order(customer, customerAt, y.sku, 1, 'card');

  await eventually(async () => {
    const kpis = await api('GET', `/admin/reports/kpis?from=${DAY}&to=${DAY}`, { token: admin });
    return kpis.body.orders?.current === 5 && kpis.body.refundRate?.current === 0.2 && kpis.body.orders.previous === 1 ? true : undefined;
  }, 60_000);
  await eventually(async () => ((await api('GET', `/orders/${shipOrderId}`, { token: customer.accessToken })).body.status === 'PAID' ? true : undefined));
  await eventually(async () => ((await api('GET', `/products?q=${encodeURIComponent(`Produto ${x.sku}`)}`)).body.items?.some((p: { id: string }) => p.id === x.productId) ? true : undefined), 30_000);

  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
  assets = await readdir(path.join(root, 'web/dist/assets'));
  const downloads = await mkdtemp(path.join(os.tmpdir(), 'admin-downloads-'));
  const config = {
    admin: { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD },
    customer: { email: customer.email, password: customer.password, token: customer.accessToken },
    day: DAY, shipOrderId, staleOrderId, product: { name: `Produto ${x.sku}`, sku: x.sku }, coupon: COUPON,
  };
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/browser-admin-journey.ts', `${apiUrl()}/store/`, path.join(root, 'docs/screenshots'), downloads], {
    cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 280_000, env: { ...process.env, ADMIN_JOURNEY: JSON.stringify(config) },
  });
  journey = JSON.parse(stdout.trim().split('\n').at(-1)!);
}, 300_000);

afterAll(async () => {
  await setClock();
});

test('/admin asks a signed-out visitor to sign in and brings the admin back to the console', () => {
  expect(journey.dashboard.signInPath).toBe('/store/entrar?next=%2Fadmin');
  expect(journey.dashboard.nav).toEqual(['Painel', 'Pedidos', 'Produtos', 'Categorias', 'Cupons', 'Venda relâmpago', 'Coleta', 'Integrações', 'Clientes']);
  expect(journey.dashboard.path).toBe(`/store/admin?de=${DAY}&ate=${DAY}`);
});

test('KPI tiles for the scripted day, each against the day before', () => {
  const tiles = Object.fromEntries(journey.dashboard.kpis.map((k: { label: string }) => [k.label, k]));
  expect(Object.keys(tiles)).toEqual(['Receita', 'Pedidos pagos', 'Ticket médio', 'Conversão paga', 'Taxa de reembolso', 'Novos clientes']);
  expect(tiles['Pedidos pagos'].value).toBe('5');
  expect(tiles['Pedidos pagos'].change).toBe('+400,0% vs. período anterior (antes: 1)');
  expect(tiles['Taxa de reembolso'].value).toBe('20,0%');
  expect(tiles.Receita.value).toMatch(/^R\$\s[\d.]+,\d{2}$/);
});

test('all five charts are drawn (painted canvas, a summary for screen readers) with their data tables', () => {
  const charts: ChartSeen[] = journey.dashboard.charts;
  expect(charts.map((c) => c.id)).toEqual(['chart-revenue', 'chart-top-products', 'chart-states', 'chart-methods', 'chart-flash']);
  for (const chart of charts) {
    expect(chart.rows.length).toBeGreaterThan(0);
    expect(chart.painted).toBeGreaterThan(1000);
    expect(chart.label).toBeTruthy();
  }
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
  expect(byId['chart-revenue']!.rows).toEqual([[`${DAY.slice(8)}/${DAY.slice(5, 7)}`, expect.stringMatching(/^R\$/), '5', expect.any(String)]]);
  expect(byId['chart-states']!.rows.map((r) => r[0]).sort()).toEqual(['MG', 'RJ', 'SP']);
  expect(byId['chart-methods']!.rows.map((r) => [r[0], r[1]]).sort()).toEqual([['Cartão', '3'], ['Pix', '2']]);
  expect(byId['chart-top-products']!.rows.length).toBe(3);
});

test('the CSV download parses (RFC 4180) and matches the sales report of the day', async () => {
  const records = parseCsv(journey.csv);
  const report = (await api('GET', `/admin/reports/sales?from=${DAY}&to=${DAY}&groupBy=day`, { token: admin })).body;
  expect(records[0]).toEqual(['key', 'label', 'revenueCents', 'orders', 'units']);
  expect(records[1]).toEqual([DAY, DAY, String(report.rows[0].revenueCents), '5', String(report.rows[0].units)]);
  expect(records[2]!.slice(0, 2)).toEqual(['TOTAL', 'Total']);
  expect(records).toHaveLength(3);
});

test('the orders filter by status; a paid order is shipped: label bought, its PDF downloaded, and the customer sees it shipped', async () => {
  const { ship, customer: seen } = journey;
  expect(new Set(ship.statuses)).toEqual(new Set(['Pago']));
  expect(ship.payments[0]).toContain('Aprovado');
  expect(ship.shipment).toMatch(/rastreio SB\d{9}BR · etiqueta comprada · Baixar etiqueta \(PDF\)/);
  expect(ship.label).toBe('%PDF-');
  expect(ship.posted).toBe(200);
  const tracking = (await api('GET', `/orders/${shipOrderId}/tracking`, { token: customer.accessToken })).body;
  expect(tracking).toMatchObject({ status: 'SHIPPED', trackingCode: ship.trackingCode });
  expect(seen.tracking.status).toBe('Enviado');
  expect(seen.tracking.page).toContain(ship.trackingCode);
});

test('the orders filter by São Paulo creation day: the four orders of the day still paid, not the one of 22:30 the day before', () => {
  const day = `${DAY.slice(8)}/${DAY.slice(5, 7)}/${DAY.slice(0, 4)}`;
  expect(journey.byDay).toHaveLength(4);
  for (const created of journey.byDay) expect(created.startsWith(day)).toBe(true);
});

test('an action the API refuses shows its message: a label for an order cancelled meanwhile is 409 ORDER_NOT_PAID', () => {
  expect(journey.refusal.cancelled).toBe(200);
  expect(journey.refusal.message).toMatch(/^A API recusou: .+ \(ORDER_NOT_PAID\)$/);
  expect(journey.refusal.status).toBe('Cancelado');
});

test('catalog and coupons: a variant gains five units; a coupon is created with its limit, then disabled', () => {
  expect(journey.stock.after).toBe(journey.stock.before + 5);
  expect(journey.stock.notice).toMatch(/^Estoque de .+ agora é \d+\.$/);
  expect(journey.coupon.created).toContain('15%');
  expect(journey.coupon.created).toContain('0 de 100');
  expect(journey.coupon.created).toContain('Ativo');
  expect(journey.coupon.disabled).toContain('Desativado');
});

test('customers: the customer found by e-mail, their page lists their orders only (code, date, status, total), newest first, each linking to the order', () => {
  const page = journey.customerPage;
  expect(page.path).toBe(`/store/admin/clientes/${customer.userId}`);
  expect(page.title).toBe('Cliente Teste');
  expect(page.profile).toContain(customer.email);
  expect(page.orders).toEqual([staleOrderId, shipOrderId]);
  expect(page.statuses).toEqual(['Cancelado', 'Enviado']);
  for (const total of page.totals) expect(total).toMatch(/^R\$\s[\d.]+,\d{2}$/);
  expect(page.opened).toBe(`/store/admin/pedidos/${shipOrderId}`);
});

test('a customer opening /admin sees the not-found page and never downloads the console chunk', () => {
  const { customer: seen } = journey;
  expect(seen.path).toBe('/store/admin');
  expect(seen.header).toEqual(['Carrinho', 'Pedidos', 'Minha conta']);
  expect(seen.adminElements).toBe(0);
  expect(seen.scripts.length).toBeGreaterThan(0);
  expect(seen.scripts.filter((s: string) => /AdminApp/.test(s))).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
});

test('the console and its chart library are a separate chunk: the storefront entry carries neither', async () => {
  const entry = assets.find((a) => /^index-.*\.js$/.test(a))!;
  const console_ = assets.find((a) => /^AdminApp-.*\.js$/.test(a))!;
  const html = await readFile(path.join(root, 'web/dist/index.html'), 'utf8');
  expect(html).toContain(entry);
  expect(html).not.toContain(console_);
  expect(await readFile(path.join(root, 'web/dist/assets', entry), 'utf8')).not.toContain('chartjs');
  expect(await readFile(path.join(root, 'web/dist/assets', console_), 'utf8')).toContain('chartjs');
});

test('every admin route answers a customer token with 403', async () => {
  const adminRoutes = Object.entries(routes).filter(([, route]) => route.access === 'admin').map(([key]) => key);
  expect(adminRoutes.length).toBeGreaterThan(25);
  const answers = await Promise.all(adminRoutes.map(async (key) => {
    const [method, template] = key.split(' ') as [string, string];
    const url = template.replace(/\{[^}]+\}/g, 'X1');
    const response = await api(method, url, { token: customer.accessToken, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
    return [key, response.status];
  }));
  expect(answers.filter(([, status]) => status !== 403)).toEqual([]);
});

test('axe-core finds no serious or critical violations on the dashboard, orders, order, product, new product, coupons and customer pages; no console errors', () => {
  const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const found = Object.fromEntries(Object.entries(journey.axe as Record<string, AxeViolation[]>).map(([page, violations]) => [page, serious(violations)]));
  expect(found).toEqual({ dashboard: [], orders: [], order: [], product: [], newProduct: [], coupons: [], customer: [] });
  expect(journey.consoleErrors).toEqual([]);
});
