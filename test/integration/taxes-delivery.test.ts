/**
 * Approximate taxes (Lei 12.741/2012) and the delivery promise through the local gateway: NCM codes
 * on variants, the admin's rate table (upload, validation, versions, concurrent replacements,
 * rollback), taxes frozen on orders and shown in the order email, and quotes with a delivery date.
 */
import { adminToken, api, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { createCategory, createProduct, token } from '../helpers/catalog.js';
import { addressOf, fillCart, setClock } from '../helpers/shop.js';

const HEADER = 'codigo;ex;tipo;descricao;nacionalfederal;importadosfederal;estadual;municipal;vigenciainicio;vigenciafim;chave;versao;fonte';
const file = (version: string, rows: [ncm: string, federal: string, state: string][]) =>
  [HEADER, ...rows.map(([ncm, federal, state]) => `${ncm};;0;"Produto; teste";${federal};20.00;${state};0.00;01/01/2026;30/06/2026;X1;${version};IBPT/empresometro.com.br`)].join('\r\n');

// Wednesday 23 December 2026, 12:00 in São Paulo: 5 business days skip Christmas and the weekend.
const NOW = '2026-12-23T15:00:00.000Z';
const PROMISED = '2026-12-31';

let admin: string;
let phone: { sku: string; productId: string };
let cable: { sku: string };
const run = token();

beforeAll(async () => {
  admin = await adminToken();
  await setClock(NOW);
  const category = await createCategory(admin, { name: `Tributos ${run}` });
  const product = await createProduct(admin, {
    name: `Celular ${run}`, categoryIds: [category.id], ncm: '8517.13.00',
    variants: [{ sku: `CEL-${run}`, priceCents: 199_990, stock: 50 }],
  });
  phone = { sku: `CEL-${run}`, productId: product.id };
  await createProduct(admin, { name: `Cabo ${run}`, categoryIds: [category.id], variants: [{ sku: `CABO-${run}`, priceCents: 3_990, stock: 50 }] });
  cable = { sku: `CABO-${run}` };
});

afterAll(async () => {
  await setClock();
});

async function upload(body: Record<string, unknown>) {
  return api('POST', '/admin/tax-tables', { token: admin, body });
}

async function placeOrder(user: TestUser, lines: { sku: string; quantity: number }[]) {
  await fillCart(user, lines);
  const response = await api('POST', '/orders', { token: user.accessToken, body: { addressId: await addressOf(user) } });
  if (response.status !== 201) throw new Error(`order: ${response.status} ${response.text}`);
  return response.body;
}

it('keeps the NCM of each variant (the product\'s for variants without their own) and refuses a malformed one', async () => {
  const product = await api('GET', `/products/${phone.productId}`);
  expect(product.body.variants[0].ncm).toBe('85171300');
  const bad = await api('POST', '/products', {
    token: admin,
    body: { name: 'NCM ruim', description: 'x', categoryIds: ['c'], variants: [{ sku: `BAD-${run}`, priceCents: 100, ncm: '8517' }] },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'variants.0.ncm' })]));
  expect(bad.text).not.toMatch(/at .*\.ts:\d+/);
});

it('refuses a bad rate file whole (400 naming each line) and a customer (403)', async () => {
  const bad = await upload({ csv: [HEADER, '8517130;;0;x;13.45;0;18;0;;;;v;IBPT', '85171300;;0;x;13,456;0;18;0;;;;v;IBPT', '01012100;;0;x;1;0;101;0;;;;v;IBPT'].join('\n') });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('VALIDATION_ERROR');
  expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['csv[line 2].codigo', 'csv[line 3].nacionalfederal', 'csv[line 4].estadual']);
  expect((await upload({ csv: 'a;b\n1;2' })).status).toBe(400);
  expect((await upload({ csv: file(`v-${run}`, [['85171300', '1', '1']]), defaultRates: { federalPercent: 101, statePercent: 1 } })).status).toBe(400);
  const customer = await newCustomer();
  expect((await api('POST', '/admin/tax-tables', { token: customer.accessToken, body: { csv: file(`c-${run}`, [['85171300', '1', '1']]) } })).status).toBe(403);
});

it('taxes an order from the current table, freezes it there, and a replaced table taxes only later orders', async () => {
  const v1 = `${run}-1`;
  const uploaded = await upload({ csv: file(v1, [['85171300', '13.45', '18.00']]), defaultRates: { federalPercent: 10, statePercent: 12 } });
  expect(uploaded.status).toBe(201);
  expect(uploaded.body).toMatchObject({ version: v1, ncmCount: 1, current: true, source: 'IBPT/empresometro.com.br', validFrom: '2026-01-01', validUntil: '2026-06-30', defaultRates: { federalPercent: 10, statePercent: 12 } });

  const buyer = await newCustomer();
  const order = await placeOrder(buyer, [{ sku: phone.sku, quantity: 1 }, { sku: cable.sku, quantity: 2 }]);
  // Phone: 199 990 × 13.45 % = 26 898.655 -> 26 899; × 18 % = 35 998.2 -> 35 998. Cable (no NCM: the file's default):
  // 7 980 × 10 % = 798; × 12 % = 957.6 -> 958.
  expect(order.taxes).toEqual({ tableVersion: v1, federalCents: 27_697, stateCents: 36_956, totalCents: 64_653 });
  expect(order.items.map((i: { sku: string; taxes: unknown }) => [i.sku, i.taxes])).toEqual([
    [phone.sku, { ncm: '85171300', source: 'table', federalCents: 26_899, stateCents: 35_998, totalCents: 62_897 }],
    [cable.sku, { ncm: null, source: 'default', federalCents: 798, stateCents: 958, totalCents: 1_756 }],
  ]);
  // The promised day is derived from the order's creation day and maxDays on every read.
  expect((await api('GET', `/orders/${order.id}`, { token: buyer.accessToken })).body.shipping.estimatedDeliveryDate).toBe(PROMISED);

  const email = await eventually(async () => {
    const items = (await api('GET', `/_local/outbox?to=${encodeURIComponent(buyer.email)}&type=order-placed`)).body.items;
    return items.length ? items[0] : undefined;
  });
  expect(email.body).toContain('Valor aproximado dos tributos: R$ 646,53 (federais R$ 276,97, estaduais R$ 369,56). Fonte: IBPT.');
  expect(email.body).toContain('Previsão de entrega: até 31/12/2026');

  const v2 = `${run}-2`;
  expect((await upload({ csv: file(v2, [['85171300', '20.00', '17.00']]) })).status).toBe(201);
  const later = await placeOrder(await newCustomer(), [{ sku: phone.sku, quantity: 1 }]);
  expect(later.taxes).toEqual({ tableVersion: v2, federalCents: 39_998, stateCents: 33_998, totalCents: 73_996 });
  // The first order keeps what it was placed with.
  expect((await api('GET', `/orders/${order.id}`, { token: buyer.accessToken })).body.taxes).toEqual(order.taxes);

  // Versions are immutable; both are kept, the newest current; an earlier one can be made current again.
  const again = await upload({ csv: file(v1, [['85171300', '1.00', '1.00']]) });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('TAX_TABLE_VERSION_EXISTS');
  const list = await api('GET', '/admin/tax-tables', { token: admin });
  expect(list.body.current).toBe(v2);
  expect(list.body.items.filter((t: { version: string }) => t.version === v1 || t.version === v2).map((t: { version: string; current: boolean }) => [t.version, t.current]))
    .toEqual([[v2, true], [v1, false]]);
  const rolledBack = await api('PUT', '/admin/tax-tables/current', { token: admin, body: { version: v1 } });
  expect(rolledBack.status).toBe(200);
  expect(rolledBack.body.current).toBe(v1);
  expect((await api('PUT', '/admin/tax-tables/current', { token: admin, body: { version: `none-${run}` } })).status).toBe(404);
  const afterRollback = await placeOrder(await newCustomer(), [{ sku: phone.sku, quantity: 1 }]);
  expect(afterRollback.taxes).toMatchObject({ tableVersion: v1, totalCents: 62_897 });
});

it('concurrent replacements: each is stored whole and current, or refused 409; the current one is one that succeeded', async () => {
  const versions = Array.from({ length: 6 }, (_, i) => `${run}-c${i}`);
  const responses = await Promise.all(versions.map((version, i) => upload({ csv: file(version, [['85171300', `${i + 1}.00`, '18.00']]) })));
  const statuses = responses.map((r) => r.status);
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  const published = versions.filter((_, i) => statuses[i] === 201);
  expect(published.length).toBeGreaterThanOrEqual(1);
  for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.error.code).toBe('TAX_TABLE_CHANGED');

  const list = await api('GET', '/admin/tax-tables', { token: admin });
  const stored = list.body.items.map((t: { version: string }) => t.version).filter((v: string) => versions.includes(v));
  expect(stored.sort()).toEqual([...published].sort());
  expect(published).toContain(list.body.current);
  // No upload was silently lost: each replaced a different version, so the history is one chain ending at the current one.
  const batch = list.body.items.filter((t: { version: string }) => published.includes(t.version));
  const replaced = batch.map((t: { replacedVersion: string | null }) => t.replacedVersion);
  expect(new Set(replaced).size).toBe(replaced.length);
  expect(replaced).not.toContain(list.body.current);
  // An order is taxed at the current version's rate for the phone.
  const rate = versions.indexOf(list.body.current) + 1;
  const order = await placeOrder(await newCustomer(), [{ sku: phone.sku, quantity: 1 }]);
  expect(order.taxes.tableVersion).toBe(list.body.current);
  expect(order.taxes.federalCents).toBe(Math.floor((2 * 199_990 * rate * 100 + 10_000) / 20_000));
});

it('quotes a delivery date on the cart and for a product before any cart, skipping weekends and holidays', async () => {
  const user = await newCustomer();
  const added = await api('POST', '/cart', { token: user.accessToken, body: { sku: phone.sku, quantity: 1 } });
  expect(added.body.taxes).toBeNull();
  const cart = await api('GET', '/cart?cep=01310-100', { token: user.accessToken });
  expect(cart.status).toBe(200);
  // GET /cart shows what the order would freeze, at the current version's rates.
  const current = (await api('GET', '/admin/tax-tables', { token: admin })).body.current;
  const order = await placeOrder(await newCustomer(), [{ sku: phone.sku, quantity: 1 }]);
  expect(cart.body.taxes).toEqual({ ...order.taxes, tableVersion: current });
  expect(cart.body.shipping).toMatchObject({ uf: 'SP', maxDays: 5, estimatedDeliveryDate: PROMISED });
  expect(cart.body.shipping.options[0].estimatedDeliveryDate).toBe(PROMISED);

  const quote = await api('GET', `/shipping/quote?cep=69005010&sku=${phone.sku}&quantity=2`);
  expect(quote.status).toBe(200);
  // Amazonas (Norte): 15 business days from 23 Dec 2026, skipping 25 Dec and 1 Jan.
  expect(quote.body).toMatchObject({ sku: phone.sku, quantity: 2, uf: 'AM', maxDays: 15, freeShipping: true, priceCents: 0, estimatedDeliveryDate: '2027-01-15' });
  expect(quote.headers.get('cache-control')).toMatch(/public, max-age=60/);

  expect((await api('GET', `/shipping/quote?cep=01310100&sku=NOPE-${run}`)).status).toBe(404);
  const badCep = await api('GET', `/shipping/quote?cep=123&sku=${phone.sku}`);
  expect(badCep.status).toBe(400);
  expect(badCep.body.error.details[0].field).toBe('cep');
  expect((await api('GET', `/shipping/quote?cep=00000000&sku=${phone.sku}`)).status).toBe(400);
  expect((await api('GET', `/shipping/quote?cep=01310100&sku=${phone.sku}&quantity=0`)).status).toBe(400);
  expect((await api('GET', `/shipping/quote?cep=01310100&sku=${phone.sku}&quantity=abc`)).status).toBe(400);
});
