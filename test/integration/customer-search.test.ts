/**
 * Admin customer search through the local gateway (issue 16 item 6): email, name (accents ignored)
 * and CPF prefixes, pagination with a cursor, order count and lifetime value kept by the stream
 * consumer, renames and deletions, and the backfill of customers registered before the search.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { adminToken, api, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { token } from '../helpers/catalog.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';
import { client } from '../helpers/table.js';
import * as keys from '../../lambdas/adapters/dynamodb/keys.js';
import { searchTerms } from '../../lambdas/domain/identity/customer-search.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

interface Hit { userId: string; email: string; name: string; cpf: string | null; orderCount: number; paidOrders: number; lifetimeValueCents: number }

/** A valid CPF with random digits (check digits computed). */
function randomCpf(): string {
  const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  for (const length of [9, 10]) {
    const sum = digits.slice(0, length).reduce((acc, d, i) => acc + d * (length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const search = (query: string, as = admin) => api('GET', `/admin/customers?${query}`, { token: as });
const hits = async (query: string): Promise<Hit[]> => {
  const response = await search(query);
  if (response.status !== 200) throw new Error(`search: ${response.status} ${response.text}`);
  return response.body.items;
};
const ids = (list: Hit[]) => list.map((h) => h.userId).sort();

it('finds customers by email, name without accents, any word of the name, and CPF prefix', async () => {
  const word = `zq${token()}`;
  const cpf = randomCpf();
  const ana = await newCustomer({ name: `Ágata ${word} Ribeiro`, cpf: `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}` });
  const other = await newCustomer({ name: `Joaquim ${word}` });

  expect(ids(await hits(`q=${word}`))).toEqual([ana.userId, other.userId].sort());
  expect(ids(await hits(`q=${encodeURIComponent(`agata ${word}`)}`))).toEqual([ana.userId]);
  expect(ids(await hits(`q=${encodeURIComponent(`ÁGATA ${word.toUpperCase()}`)}`))).toEqual([ana.userId]);
  expect(ids(await hits(`q=${encodeURIComponent(`${word} rib`)}`))).toEqual([ana.userId]);

  const [found] = await hits(`q=${encodeURIComponent(ana.email.slice(0, ana.email.indexOf('@') + 1))}`);
  expect(found).toMatchObject({ userId: ana.userId, email: ana.email, name: `Ágata ${word} Ribeiro`, cpf, orderCount: 0, lifetimeValueCents: 0 });
  expect(ids(await hits(`by=email&q=${ana.email.slice(0, 10)}`))).toContain(ana.userId);

  expect(ids(await hits(`q=${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}`))).toEqual([ana.userId]);
  expect(ids(await hits(`q=${cpf}`))).toEqual([ana.userId]);
});

it('pages through the matches with a cursor, each customer once', async () => {
  const word = `pg${token()}`;
  const customers = [];
  for (let i = 0; i < 5; i++) customers.push(await newCustomer({ name: `Cliente ${word}` }));
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: { status: number; body: { items: Hit[]; nextCursor: string | null } } = await search(`q=${word}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...response.body.items.map((h) => h.userId));
    cursor = response.body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  expect(seen.sort()).toEqual(customers.map((c) => c.userId).sort());
  expect(pages).toBeGreaterThanOrEqual(3);

  // A cursor of another query is refused, not followed.
  const first = await search(`q=${word}&limit=2`);
  const elsewhere = await search(`q=other${word}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body.error.details[0].field).toBe('cursor');
});

it('answers bad input with 400 and non-admins with 403', async () => {
  const customer = await newCustomer();
  expect((await search('q=ana', customer.accessToken)).status).toBe(403);
  for (const query of ['', 'q=', 'q=a', 'q=1', 'q=ana&by=phone', 'q=ana&limit=0', 'q=ana&limit=101', `q=${'a'.repeat(101)}`, 'q=ana&cursor=bm9wZQ']) {
    const response = await search(query);
    expect([query, response.status]).toEqual([query, 400]);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  }
});

it('follows renames and account deletion', async () => {
  const before = `rn${token()}`;
  const after = `rm${token()}`;
  const customer = await newCustomer({ name: `Bruna ${before}` });
  expect(ids(await hits(`q=${before}`))).toEqual([customer.userId]);
  expect((await api('PATCH', '/me', { token: customer.accessToken, body: { name: `Bruna ${after}` } })).status).toBe(200);
  expect(await hits(`q=${before}`)).toEqual([]);
  expect(ids(await hits(`q=${after}`))).toEqual([customer.userId]);
  expect(ids(await hits(`q=bruna ${after}`))).toEqual([customer.userId]);

  expect((await api('DELETE', '/me', { token: customer.accessToken })).status).toBe(204);
  expect(await hits(`q=${after}`)).toEqual([]);
  expect(await hits(`q=${encodeURIComponent(customer.email)}`)).toEqual([]);
});

describe('order count and lifetime value', () => {
  const word = `lt${token()}`;
  let buyer: TestUser;
  const totals: number[] = [];

  async function buyAndPay(sku: string): Promise<string> {
    await fillCart(buyer, [{ sku, quantity: 1 }]);
    const order = await api('POST', '/orders', { token: buyer.accessToken, body: { addressId: await addressOf(buyer) } });
    expect(order.status).toBe(201);
    totals.push(order.body.totalCents);
    const started = await api('POST', `/orders/${order.body.id}/payments`, { token: buyer.accessToken, body: { method: 'pix' } });
    expect((await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`)).body.webhook.status).toBe(200);
    return order.body.id;
  }

  it('counts orders placed, paid and refunded, once each', async () => {
    buyer = await newCustomer({ name: `Carla ${word}` });
    const { sku } = await stockedSku(admin, 10, 5_000);
    await buyAndPay(sku);
    const refunded = await buyAndPay(sku);
    expect((await api('DELETE', `/orders/${refunded}`, { token: admin })).body.status).toBe('CANCELLED');
    // An unpaid third order.
    await fillCart(buyer, [{ sku, quantity: 1 }]);
    expect((await api('POST', '/orders', { token: buyer.accessToken, body: { addressId: await addressOf(buyer) } })).status).toBe(201);

    const expected = { orderCount: 3, paidOrders: 2, lifetimeValueCents: totals[0] };
    const hit = await eventually(async () => {
      const [found] = await hits(`q=${word}`);
      return found && found.orderCount === 3 && found.lifetimeValueCents === totals[0] ? found : undefined;
    }, 30_000);
    expect(hit).toMatchObject(expected);
  }, 120_000);

  it('the backfill indexes a customer from before the search and counts their past orders once, however often it runs', async () => {
    // As if the buyer had registered and bought before the search existed: no entries, no counters.
    const db = client();
    const terms = searchTerms({ email: buyer.email, name: `Carla ${word}`, cpf: null });
    for (const t of terms) await db.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: keys.customerSearch(t.kind, t.term, buyer.userId) }));
    await db.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: keys.customerLifetime(buyer.userId) }));
    const orders: { id: string }[] = (await api('GET', '/orders', { token: buyer.accessToken })).body.items;
    expect(orders).toHaveLength(3);
    for (const order of orders) {
      const payments: { paymentId: string }[] = (await api('GET', `/orders/${order.id}/payments`, { token: buyer.accessToken })).body.items;
      const facts = [`order:${order.id}:PENDING_PAYMENT`, ...payments.flatMap((p) => [`payment:${p.paymentId}:APPROVED`, `payment:${p.paymentId}:REFUNDED`])];
      for (const fact of facts) await db.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: keys.reportFact(`lifetime:${fact}`, 0) }));
    }
    expect(await hits(`q=${word}`)).toEqual([]);

    const backfill = () => run(process.execPath, [require.resolve('tsx/cli'), 'scripts/backfill-customers.ts'], { cwd: root, env: process.env });
    const expected = { userId: buyer.userId, orderCount: 3, paidOrders: 2, lifetimeValueCents: totals[0] };
    await backfill();
    expect((await hits(`q=${word}`))[0]).toMatchObject(expected);
    await backfill();
    expect(await hits(`q=${word}`)).toEqual([expect.objectContaining(expected)]);
  }, 120_000);
});
