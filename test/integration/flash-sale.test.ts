/**
 * The Black Friday promise, proven with real parallel HTTP requests through the local gateway on
 * DynamoDB Local, on the seeded sale (100 iPhones at R$ 1,00 every hour). Each scenario moves the
 * business clock to its own hour of the sale, so every scenario starts with a fresh window.
 */
import { inBatches } from '../../local/harness.js';
import { adminToken, api, newCustomer, type TestUser } from '../helpers/api.js';
import { checkFlashSale } from '../helpers/flash.js';
import { addressOf, setClock } from '../helpers/shop.js';

const HOUR = 3_600_000;

interface Shopper { user: TestUser; ip: string }
let shoppers: Shopper[];
let admin: string;
let saleStartMs: number;
let saleId: string;

const at = (hour: number, minute = 5) => new Date(saleStartMs + hour * HOUR + minute * 60_000).toISOString();

const claim = (s: Shopper, headers: Record<string, string> = {}) =>
  api('POST', '/flash-sales/current/claims', { token: s.user.accessToken, body: {}, headers: { 'x-forwarded-for': s.ip, ...headers } });

/** The checker's report on this file's sale only (other tests keep fixture windows of their own sales). */
async function checkInvariant() {
  const windows = (await checkFlashSale()).windows.filter((w) => w.windowId.startsWith(`${saleId}@`));
  return { windows, violations: windows.reduce((n, w) => n + w.violations.length, 0) };
}

beforeAll(async () => {
  admin = await adminToken();
  const current = (await api('GET', '/flash-sales/current')).body;
  saleId = current.saleId;
  saleStartMs = Date.parse(current.window?.startsAt ?? current.nextWindowAt);
  shoppers = await inBatches(1_001, 10, async (i) => {
    const user = await newCustomer();
    await addressOf(user);
    return { user, ip: `10.${Math.floor(i / 250)}.${i % 250}.7` };
  });
}, 600_000);

afterEach(async () => {
  await setClock();
});

it('serves the current window cheaply: cacheable for one second', async () => {
  await setClock(at(1));
  const response = await api('GET', '/flash-sales/current');
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('public, max-age=1');
  expect(response.body).toMatchObject({ saleId, priceCents: 100, unitsPerWindow: 100, status: 'OPEN', remainingUnits: 100, name: 'iPhone 15 Pro 128 GB' });
  expect(response.body.window.startsAt).toBe(new Date(saleStartMs + HOUR).toISOString());
  expect(response.body.nextWindowAt).toBe(new Date(saleStartMs + 2 * HOUR).toISOString());
});

it('1,000 distinct customers at once: exactly 100 units sold, 900 sold out, nobody holds two, the books balance', async () => {
  await setClock(at(2));
  const crowd = shoppers.slice(0, 1_000);
  const results = await Promise.all(crowd.map((s) => claim(s)));
  const won = results.filter((r) => r.status === 201);
  const lost = results.filter((r) => r.status === 410);
  expect(won).toHaveLength(100);
  expect(lost).toHaveLength(900);
  expect(lost.every((r) => r.body.error.code === 'SOLD_OUT' && r.body.error.details[0].nextWindowAt === new Date(saleStartMs + 3 * HOUR).toISOString())).toBe(true);
  expect(won.every((r) => r.body.priceCents === 100)).toBe(true);
  expect(new Set(won.map((r) => r.body.orderId)).size).toBe(100);

  const order = await api('GET', `/orders/${won[0].body.orderId}`, { token: crowd[results.indexOf(won[0])].user.accessToken });
  expect(order.body).toMatchObject({ status: 'PENDING_PAYMENT', totalCents: 100, flashSaleId: saleId, items: [{ quantity: 1, unitPriceCents: 100 }] });
  expect(Date.parse(order.body.paymentDeadline) - Date.parse(order.body.createdAt)).toBe(10 * 60_000);

  expect((await api('GET', '/flash-sales/current')).body).toMatchObject({ status: 'SOLD_OUT', remainingUnits: 0 });
  const report = await checkInvariant();
  expect(report.violations).toBe(0);
  const window = report.windows.find((w) => w.windowId.endsWith(new Date(saleStartMs + 2 * HOUR).toISOString()));
  expect(window).toMatchObject({ remaining: 0, reservedUnpaid: 100, paid: 0 });
});

it('one customer sending 50 claims in parallel gets exactly one unit', async () => {
  await setClock(at(3));
  const [greedy] = shoppers;
  const results = await Promise.all(Array.from({ length: 50 }, () => claim(greedy)));
  expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  const refused = results.filter((r) => r.status !== 201);
  expect(refused.every((r) => (r.status === 409 && r.body.error.code === 'ALREADY_CLAIMED') || r.status === 429)).toBe(true);
  expect(refused.some((r) => r.status === 409)).toBe(true);
  expect((await api('GET', '/flash-sales/current')).body.remainingUnits).toBe(99);
});

it('the same Idempotency-Key replays the claim instead of refusing it', async () => {
  await setClock(at(4));
  const s = shoppers[1];
  const first = await claim(s, { 'idempotency-key': `claim-${s.user.userId}` });
  const again = await claim(s, { 'idempotency-key': `claim-${s.user.userId}` });
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.body.orderId).toBe(first.body.orderId);
  expect((await claim(s)).body.error.code).toBe('ALREADY_CLAIMED');
});

it('an unpaid claim expires at its deadline and its unit goes back to the open window for someone else', async () => {
  await setClock(at(5));
  // Fresh customers: the ones above may still be inside the per-customer rate limit window.
  const buyers = shoppers.slice(100, 200);
  const results = await Promise.all(buyers.map((s) => claim(s)));
  expect(results.filter((r) => r.status === 201)).toHaveLength(100);
  const late = shoppers[1_000];
  expect((await claim(late)).status).toBe(410);

  // Pay one of them: a paid unit never comes back.
  const payer = buyers[0];
  const paid = await api('POST', `/orders/${results[0].body.orderId}/payments`, { token: payer.user.accessToken, body: { method: 'pix' } });
  await api('POST', `/_local/sandbox/payments/${paid.body.paymentId}/pix-paid`);

  await setClock(at(5, 16)); // the 10-minute deadline has passed, the window is still open
  const sweep = await api('POST', '/_local/schedules/order-expiry/run');
  expect(sweep.body.result.failed).toEqual([]);
  expect((await api('GET', `/orders/${results[1].body.orderId}`, { token: buyers[1].user.accessToken })).body.status).toBe('EXPIRED');
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // containers re-check a sold-out window once a second
  const second = await claim(late);
  expect(second.status).toBe(201);

  const view = await api('GET', `/admin/flash-sales/${saleId}`, { token: admin });
  const window = view.body.windows.find((w: { startsAt: string }) => w.startsAt === new Date(saleStartMs + 5 * HOUR).toISOString());
  expect(window).toMatchObject({ unitsPerWindow: 100, claimed: 101, paid: 1, expired: 99, remaining: 98, reservedUnpaid: 1 });
  expect((await checkInvariant()).violations).toBe(0);
});

it('the next hour opens a fresh window of 100, and the old window\'s unpaid claims cannot resurrect units', async () => {
  await setClock(at(6));
  const results = await Promise.all(shoppers.slice(200, 205).map((s) => claim(s)));
  expect(results.every((r) => r.status === 201)).toBe(true);
  await setClock(at(7, 20)); // next window; the 5 claims of the last window are past their deadline
  await api('POST', '/_local/schedules/flash-sale-open-window/run');
  await api('POST', '/_local/schedules/flash-sale-open-window/run'); // a duplicate invocation adds nothing
  await api('POST', '/_local/schedules/order-expiry/run');
  const current = (await api('GET', '/flash-sales/current')).body;
  expect(current.window.startsAt).toBe(new Date(saleStartMs + 7 * HOUR).toISOString());
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  expect((await api('GET', '/flash-sales/current')).body.remainingUnits).toBe(100);
  // The old window is closed: its units (unsold, or returned by the expired claims) went back to the
  // variant's stock, not to the window, so nobody can claim them there.
  await api('POST', '/_local/schedules/flash-sale-reconcile/run');
  const view = await api('GET', `/admin/flash-sales/${saleId}`, { token: admin });
  const old = view.body.windows.find((w: { startsAt: string }) => w.startsAt === new Date(saleStartMs + 6 * HOUR).toISOString());
  expect(old).toMatchObject({ claimed: 5, expired: 5, remaining: 0, restocked: 100, reservedUnpaid: 0 });
  expect((await checkInvariant()).violations).toBe(0);
});

it('outside the sale it is 409 SALE_NOT_ACTIVE; customers only; validation', async () => {
  await setClock(new Date(saleStartMs + 8 * 24 * HOUR).toISOString());
  const ended = await claim(shoppers[300]);
  expect(ended.status).toBe(409);
  expect(ended.body.error.code).toBe('SALE_NOT_ACTIVE');
  expect((await api('GET', '/flash-sales/current')).body.status).toBe('ENDED');
  await setClock(at(9));
  expect((await api('POST', '/flash-sales/current/claims', { body: {} })).status).toBe(401);
  expect((await api('POST', '/flash-sales/current/claims', { token: shoppers[301].user.accessToken, body: { addressId: 'nope' } })).status).toBe(400);
  const customer = shoppers[301].user.accessToken;
  expect((await api('POST', '/admin/flash-sales', { token: customer, body: {} })).status).toBe(403);
  expect((await api('GET', `/admin/flash-sales/${saleId}`, { token: customer })).status).toBe(403);
});

it('refuses a customer hammering the route with 429 before writing', async () => {
  await setClock(at(10));
  const s = shoppers[302];
  const results = await Promise.all(Array.from({ length: 30 }, () => claim(s)));
  const limited = results.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(20);
  expect(limited[0].headers.get('retry-after')).toMatch(/^\d+$/);
});

it('refuses one address sending more than 300 claims in 10 s with 429 before any write, whoever the customers are', async () => {
  await setClock(at(12));
  const sameIp = { 'x-forwarded-for': '203.0.113.9' };
  // 320 customers, not the one the previous test hammered (its own per-customer limit may still hold).
  const crowd = [...shoppers.slice(0, 302), ...shoppers.slice(303, 321)];
  const results = await Promise.all(crowd.map((s) => claim(s, sameIp)));
  const count = (status: number) => results.filter((r) => r.status === status).length;
  expect(count(429)).toBe(20);
  expect(count(201)).toBe(100);
  expect(count(410)).toBe(200);
  expect(results.find((r) => r.status === 429)?.body.error.code).toBe('TOO_MANY_REQUESTS');
  // Another address is not affected.
  expect((await claim(shoppers[321], { 'x-forwarded-for': '203.0.113.10' })).status).toBe(410);
});

/**
 * The claim function's DynamoDB calls (reads and writes) while `request` runs. The container's sale
 * list (one Query per 5 s per container, not per claim) is refreshed first through the public route,
 * which shares it: the count is the claim's own.
 */
async function claimCallsDuring<T>(request: () => Promise<T>): Promise<{ result: T; calls: number }> {
  await api('GET', '/flash-sales/current');
  const count = async () => {
    const c = (await api('GET', '/_local/dynamodb/stats')).body['flash-sale/claim'];
    return c.reads + c.writes;
  };
  const before = await count();
  const result = await request();
  return { result, calls: (await count()) - before };
}

it('a refused claim before sell-out costs one DynamoDB call: the session check rides in the marker write', async () => {
  await setClock(at(13));
  const [winner, revoked, revokedWinner] = shoppers.slice(322, 325);
  expect((await claim(winner)).status).toBe(201);
  expect((await claim(revokedWinner)).status).toBe(201);

  const again = await claimCallsDuring(() => claim(winner));
  expect(again.result.status).toBe(409);
  expect(again.result.body.error.code).toBe('ALREADY_CLAIMED');
  expect(again.calls).toBe(1);

  for (const s of [revoked, revokedWinner]) expect((await api('POST', '/logout', { token: s.user.accessToken })).status).toBe(204);
  const dead = await claimCallsDuring(() => claim(revoked));
  expect(dead.result.status).toBe(401);
  expect(dead.calls).toBe(1);
  // Both conditions of the marker write fail: the revoked token learns nothing about its marker.
  const deadHolder = await claimCallsDuring(() => claim(revokedWinner));
  expect(deadHolder.result.status).toBe(401);
  expect(deadHolder.calls).toBe(1);

  // No address: the unit the claim took and its marker go back before the 400; with an address it can claim.
  const homeless = { user: await newCustomer(), ip: '10.9.9.9' };
  const refused = await claim(homeless);
  expect(refused.status).toBe(400);
  expect(refused.body.error.details[0].field).toBe('addressId');
  await addressOf(homeless.user);
  expect((await claim(homeless)).status).toBe(201);
  const view = await api('GET', `/admin/flash-sales/${saleId}`, { token: admin });
  const window = view.body.windows.find((w: { startsAt: string }) => w.startsAt === new Date(saleStartMs + 13 * HOUR).toISOString());
  expect(window).toMatchObject({ claimed: 4, remaining: 97, reservedUnpaid: 3 });
  expect((await checkInvariant()).violations).toBe(0);
});

it('a sold-out window re-checked once its container\'s memory is over costs one read', async () => {
  await setClock(at(14));
  const results = await Promise.all(shoppers.slice(0, 101).map((s) => claim(s)));
  expect(results.filter((r) => r.status === 201)).toHaveLength(100);
  expect(results.filter((r) => r.status === 410)).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const recheck = await claimCallsDuring(() => claim(shoppers[101]));
  expect(recheck.result.status).toBe(410);
  expect(recheck.calls).toBe(1);
});

// Last: it creates a second sale, which would be "the next sale" for the scenarios above.
it('ten counter shards: every unit sold, none twice, and the crowd after sell-out costs no database call', async () => {
  // A sale of its own, a month after the seeded one, with its window split over ten shards.
  const startsAt = new Date(saleStartMs + 30 * 24 * HOUR).toISOString();
  const seeded = (await api('GET', `/admin/flash-sales/${saleId}`, { token: admin })).body;
  const created = await api('POST', '/admin/flash-sales', {
    token: admin,
    body: { productId: seeded.productId, sku: seeded.sku, priceCents: 100, unitsPerWindow: 100, paymentWindowMinutes: 10, perCustomerLimit: 1, shards: 10, startsAt, endsAt: new Date(Date.parse(startsAt) + 2 * HOUR).toISOString() },
  });
  expect(created.status).toBe(201);
  await setClock(new Date(Date.parse(startsAt) + 5 * 60_000).toISOString());
  await new Promise((resolve) => setTimeout(resolve, 5_100)); // containers re-read the sale list every 5 s

  const results = await Promise.all(shoppers.slice(400, 700).map((s) => claim(s)));
  expect(results.filter((r) => r.status === 201)).toHaveLength(100);
  expect(results.filter((r) => r.status === 410)).toHaveLength(200);
  const window = (await checkFlashSale()).windows.find((w) => w.windowId === `${created.body.id}@${startsAt}`);
  expect(window).toMatchObject({ remaining: 0, reservedUnpaid: 100, paid: 0, violations: [] });

  // After sell-out the container answers from memory: no write at all, and at most one re-check
  // (a session read, the shards, the sale list) per second; without it every claim would read.
  const claimCalls = async () => (await api('GET', '/_local/dynamodb/stats')).body['flash-sale/claim'];
  await claim(shoppers[700]);
  const before = await claimCalls();
  const started = Date.now();
  const crowd = await Promise.all(shoppers.slice(701, 901).map((s) => claim(s)));
  const seconds = Math.ceil((Date.now() - started) / 1000);
  const after = await claimCalls();
  expect(crowd.every((r) => r.status === 410)).toBe(true);
  expect(after.writes - before.writes).toBe(0);
  expect(after.reads - before.reads).toBeLessThanOrEqual(3 * (seconds + 1));
});

it('a revoked token cannot claim an open window', async () => {
  await setClock(at(11));
  const s = shoppers[303];
  expect((await api('POST', '/logout', { token: s.user.accessToken })).status).toBe(204);
  const refused = await claim(s);
  expect(refused.status).toBe(401);
  expect((await api('GET', '/flash-sales/current')).body.remainingUnits).toBe(100);
});
