/**
 * The storefront's account pages (password reset, notification preferences, account deletion) and the
 * console's remaining pages (categories, flash-sale stats, collection, webhooks, live order feed,
 * customers and admin roles) in a real headless Chromium against the local stack
 * (test/helpers/browser-pages-journey.ts). A fixture site on 127.0.0.1 gives the collection a product
 * page and a missing one, whose published product a visitor then finds in the storefront's search; a
 * receiver on 127.0.0.1 refuses a webhook's first attempt and takes the retry; an endpoint left disabled
 * is re-enabled from its page. axe-core on every page; screenshots in docs/screenshots/.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminToken, api, apiUrl, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { token } from '../helpers/catalog.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';
import { setAttributes } from '../helpers/table.js';
import * as keys from '../../lambdas/adapters/dynamodb/keys.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const TAG = token().slice(0, 6);
const PRODUCT_NAME = `Smart TV ${TAG} 55" 4K UHD LED Samsung`;
const NEW_PASSWORD = 'Nova#Senha123';
const PHONE = `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }
// biome-ignore lint/suspicious/noExplicitAny: the journey's JSON is asserted field by field
let journey: any;
let admin: string;
let customer: TestUser;
let grantee: TestUser;
let site: Server;
let receiver: Server;
let disabledWebhook: string;
const hooks: { path: string; status: number }[] = [];

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  admin = await adminToken();
  customer = await newCustomer();
  grantee = await newCustomer({ name: `Gerente ${TAG}` });
  const buyer = await newCustomer();

  // The customer's open order (deletion is refused while it is open); the buyer's cart for the live feed.
  const { sku } = await stockedSku(admin, 20, 4_990);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  const open = await api('POST', '/orders', { token: customer.accessToken, body: { addressId: await addressOf(customer) } });
  if (open.status !== 201) throw new Error(`order: ${open.status} ${open.text}`);
  const buyerAddress = await addressOf(buyer);
  await fillCart(buyer, [{ sku, quantity: 2 }]);
  // A claim, so the flash-sale report has a window with figures (sold out or closed windows answer otherwise).
  await api('POST', '/flash-sales/current/claims', { token: buyer.accessToken, body: { addressId: buyerAddress } });

  const tv = readFileSync(path.join(__dirname, '../fixtures/collection/magalu-graph.html'), 'utf8')
    .replace(/Smart\s+TV 55/g, `Smart TV ${TAG} 55`) // the JSON-LD name has doubled spaces, which extraction collapses
    .replace('"gtin13": "7891000000014",', ''); // no GTIN: a product the collection test published must not match it
  site = createServer((req, res) => {
    if (req.url === '/produto/tv') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(tv);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  const siteUrl = await listen(site);
  receiver = createServer((req, res) => {
    req.resume();
    const status = hooks.length === 0 ? 500 : 200; // the first attempt fails, the retry is taken
    hooks.push({ path: req.url ?? '', status });
    res.writeHead(status).end();
  });
  const receiverUrl = await listen(receiver);
  // An endpoint the sender disabled after a day of failures (that clock is the unit tests' business): the
  // console re-enables it. Only refunds, which this journey never makes, so the receiver sees nothing of it.
  const registered = await api('POST', '/admin/webhooks', { token: admin, body: { url: `${receiverUrl}/disabled/${TAG}`, events: ['payment.refunded'] } });
  if (registered.status !== 201) throw new Error(`webhook: ${registered.status} ${registered.text}`);
  disabledWebhook = registered.body.id;
  await setAttributes(keys.webhookEndpoint(disabledWebhook), { status: 'DISABLED', disabledAt: new Date().toISOString(), failingSince: new Date(Date.now() - 86_400_000).toISOString() });

  await eventually(async () => ((await api('GET', `/admin/customers?q=${encodeURIComponent(grantee.email)}`, { token: admin })).body.items?.length ? true : undefined), 30_000);
  await run(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: path.join(root, 'web') });
  const config = {
    customer: { email: customer.email, password: customer.password, newPassword: NEW_PASSWORD, phone: PHONE, openOrderId: open.body.id },
    admin: { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD },
    buyer: { token: buyer.accessToken, addressId: buyerAddress },
    categoryName: `Categoria ${TAG}`,
    collection: { productUrl: `${siteUrl}/produto/tv`, missingUrl: `${siteUrl}/produto/sumiu`, productName: PRODUCT_NAME, searchQuery: `Smart TV ${TAG}` },
    webhookUrl: `${receiverUrl}/hooks/${TAG}`,
    disabledWebhook: { id: disabledWebhook, url: `${receiverUrl}/disabled/${TAG}` },
    grantee: { email: grantee.email, name: `Gerente ${TAG}` },
  };
  const failures = await mkdtemp(path.join(os.tmpdir(), 'pages-journey-'));
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['test/helpers/browser-pages-journey.ts', `${apiUrl()}/store/`, path.join(root, 'docs/screenshots'), failures], {
    cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 380_000, env: { ...process.env, PAGES_JOURNEY: JSON.stringify(config) },
  });
  journey = JSON.parse(stdout.trim().split('\n').at(-1)!);
}, 400_000);

afterAll(async () => {
  site?.closeAllConnections();
  receiver?.closeAllConnections();
  await Promise.all([site, receiver].map((server) => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))));
});

describe('storefront account pages', () => {
  test('password reset: a wrong code is refused in pt-BR, the right one sets the new password, the old one stops working', () => {
    const { reset } = journey;
    expect(reset.codeStepPath).toBe(`/store/recuperar-senha?etapa=codigo&email=${encodeURIComponent(customer.email)}`);
    expect(reset.wrongCode).toBe('Código inválido ou expirado.');
    expect(reset.resetNotice).toBe('Senha redefinida. Entre com a nova senha.');
    expect(reset.oldPassword).toBe(401);
    expect(reset.signedInAt).toBe('/store/conta');
  });

  test('preferences: SMS without a phone is refused with the reason; with a phone, SMS and marketing are saved', () => {
    expect(journey.preferences.smsRefused).toBe('Para receber SMS, cadastre um celular nos dados pessoais e salve antes.');
    expect(journey.preferences.saved).toBe('Preferências salvas.');
    expect(journey.preferences.stored).toEqual({ email: { orders: true, marketing: true }, sms: { orders: true } });
  });

  test('delete account: the button waits for both confirmations; refused while an order is open, done once it is cancelled', () => {
    const { deletion } = journey;
    expect(deletion.disabledAtFirst).toBe(true);
    expect(deletion.refused).toBe('Você tem pedidos em aberto. A conta pode ser excluída depois que eles forem entregues ou cancelados. Ver meus pedidos');
    expect(deletion.cancelled).toBe('CANCELLED');
    expect(deletion.header).toContain('Entrar');
    expect(deletion.loginAfter).toBe(401);
  });
});

describe('admin console pages', () => {
  test('the console lists every page in its navigation', () => {
    expect(journey.nav).toEqual(['Painel', 'Pedidos', 'Produtos', 'Categorias', 'Cupons', 'Venda relâmpago', 'Coleta', 'Integrações', 'Clientes']);
  });

  test('categories: created nested, renamed, moved to the top; a move under its own child shows the API refusal', () => {
    const { categories } = journey;
    expect(categories.cycleRefusal).toMatch(/^A API recusou: .+ \(CATEGORY_CYCLE\)$/);
    const byId = Object.fromEntries(categories.stored.map((c: { id: string }) => [c.id, c]));
    expect(byId[categories.parentId]).toMatchObject({ name: `Categoria ${TAG}`, parentId: null });
    expect(byId[categories.childId]).toMatchObject({ name: `Categoria ${TAG} Filha Renomeada`, parentId: null });
  });

  test('flash-sale stats: per window claimed, paid, expired, remaining and seconds to sell out', () => {
    const { flash } = journey;
    expect(flash.sales).toBeGreaterThan(0);
    expect(flash.head).toEqual(['Janela', 'Unidades', 'Reservadas', 'Pagas', 'Expiradas', 'Aguardando pagamento', 'Restantes', 'Esgotou em']);
    for (const row of flash.firstRows) {
      const [units, claimed, paid, expired, waiting, remaining] = row.slice(1, 7).map(Number);
      expect(claimed).toBeGreaterThanOrEqual(paid + expired);
      expect(waiting).toBe(claimed - paid - expired);
      expect(units).toBeGreaterThanOrEqual(remaining);
      expect(row[7]).toMatch(/^(não esgotou|\d+ s|\d+ min \d+ s)$/);
    }
  });

  test('collection: a source is created and run now; the run shows its counts and errors by cause; the product is published and a visitor finds it in the storefront search', async () => {
    const { collection } = journey;
    expect(collection.sourceRow).toContain('Desativada');
    expect(collection.run.status).toBe('Concluída com erros');
    expect(collection.run.created).toBe('1');
    expect(collection.run.failed).toBe('1');
    expect(collection.run.causes).toEqual([['Erro HTTP do site', '1']]);
    expect(collection.reviewItem).toContain('extraído por');
    expect(collection.published).toBe(`"${PRODUCT_NAME}" publicado no catálogo.`);
    expect(collection.searchCard).toContain(PRODUCT_NAME);
    const found = await eventually(async () => {
      const { body } = await api('GET', `/products?q=${encodeURIComponent(`Smart TV ${TAG}`)}`);
      return body.items?.find((p: { name: string }) => p.name === PRODUCT_NAME);
    }, 30_000);
    expect(found.name).toBe(PRODUCT_NAME);
  });

  test('webhooks: the secret is shown once; a refused delivery is sent again from the console and delivered', () => {
    const { webhooks } = journey;
    expect(webhooks.secret).toMatch(/^whsec_/);
    expect(webhooks.endpointRow).toContain('Pedido criado');
    expect(webhooks.endpointRow).toContain('Ativo');
    expect(webhooks.failedRow).toContain('Tentando');
    expect(webhooks.failedRow).toContain('HTTP 500');
    expect(webhooks.deliveredRow).toContain('Entregue');
    expect(hooks.map((h) => h.status)).toEqual([500, 200]);
  });

  test('webhooks: an endpoint the sender disabled is re-enabled with "Reativar endpoint", and the API lists it ACTIVE', async () => {
    const { reenabled } = journey;
    expect(reenabled.disabledState).toMatch(/ · Desativado em \d{2}\/\d{2}\/\d{4}/);
    expect(reenabled.notice).toBe('Endpoint reativado: ele volta a receber os próximos eventos.');
    expect(reenabled.enabledState).toMatch(/ · Ativo$/);
    expect(reenabled.button).toBe(0);
    expect(reenabled.apiStatus).toBe('ACTIVE');
    const listed = (await api('GET', '/admin/webhooks', { token: admin })).body.items.find((e: { id: string }) => e.id === disabledWebhook);
    expect(listed).toMatchObject({ status: 'ACTIVE', disabledAt: null, failingSince: null });
  });

  test('the dashboard\'s live feed shows a new order as it is placed, over the WebSocket admin feed', () => {
    expect(journey.live.placed).toBe(201);
    expect(journey.live.liveRow).toContain(journey.live.orderId);
    expect(journey.live.liveRow).toContain('Aguardando pagamento');
  });

  test('customers and admins: search by e-mail, grant the role, revoking oneself refused, revoke, audit', () => {
    const { people } = journey;
    expect(people.customerRow).toContain(`Gerente ${TAG}`);
    expect(people.granted).toContain('Administrador');
    expect(people.selfRefusal).toMatch(/^A API recusou: .+ \(CANNOT_REVOKE_SELF\)$/);
    expect(people.admins).toContain(process.env.ADMIN_EMAIL);
    expect(people.admins).not.toContain(grantee.email);
    expect(people.audit.map((row: string[]) => row[1])).toEqual(['Retirou', 'Concedeu']);
    expect(journey.stillAdmin).toBe(200);
  });

  test('axe-core finds no serious or critical violations on any of these pages; no console errors', () => {
    const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const pages = Object.keys(journey.axe);
    expect(pages).toEqual([
      'resetRequest', 'resetCode', 'account', 'deleteAccount', 'categories', 'flashSales', 'sources', 'runs', 'review', 'webhooks', 'dashboard', 'deliveries', 'customers', 'admins',
      'disabledWebhook',
    ]);
    const found = Object.fromEntries(Object.entries(journey.axe as Record<string, AxeViolation[]>).map(([page, violations]) => [page, serious(violations)]));
    expect(found).toEqual(Object.fromEntries(pages.map((page) => [page, []])));
    expect(journey.consoleErrors).toEqual([]);
  });
});
