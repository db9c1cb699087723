/**
 * A customer's orders for the admin (issue 18, "Customers: look up a customer by email and see their
 * orders"): GET /admin/orders?customerId= reads the customer's own order index (GSI1
 * `CUSTOMER#<sub>`, by creation time), so it combines with from/to but not with status, and its
 * cursor stays inside that customer and that range.
 */
import { adminToken, api, newCustomer, type TestUser } from '../helpers/api.js';
import { addressOf, fillCart, setClock, stockedSku } from '../helpers/shop.js';

interface Listed { id: string; customerId: string; createdAt: string }

let admin: string;
let ana: TestUser;
let bia: TestUser;
/** Ana's orders, oldest first: one on each of three days; Bia's one order on the middle day. */
const anaOrders: Listed[] = [];
let biaOrder: Listed;

const DAYS = ['2032-03-10T12:00:00.000Z', '2032-03-11T12:00:00.000Z', '2032-03-12T12:00:00.000Z'];

async function place(user: TestUser, sku: string): Promise<Listed> {
  await fillCart(user, [{ sku, quantity: 1 }]);
  const placed = await api('POST', '/orders', { token: user.accessToken, body: { addressId: await addressOf(user) } });
  if (placed.status !== 201) throw new Error(`order: ${placed.status} ${placed.text}`);
  return { id: placed.body.id, customerId: user.userId, createdAt: placed.body.createdAt };
}

const list = (query: string, token = admin) => api('GET', `/admin/orders?${query}`, { token });
const ids = (body: { items: Listed[] }) => body.items.map((o) => o.id);

beforeAll(async () => {
  admin = await adminToken();
  [ana, bia] = [await newCustomer(), await newCustomer()];
  const { sku } = await stockedSku(admin, 20);
  for (const [i, day] of DAYS.entries()) {
    await setClock(day);
    anaOrders.push(await place(ana, sku));
    if (i === 1) biaOrder = await place(bia, sku);
  }
  await setClock();
}, 60_000);

afterAll(async () => {
  await setClock();
});

it('an admin lists one customer\'s orders, newest first, and none of another customer\'s', async () => {
  const forAna = await list(`customerId=${ana.userId}`);
  expect(forAna.status).toBe(200);
  expect(ids(forAna.body)).toEqual(anaOrders.map((o) => o.id).reverse());
  expect(forAna.body.items.every((o: Listed) => o.customerId === ana.userId)).toBe(true);
  expect(forAna.body.nextCursor).toBeNull();

  const forBia = await list(`customerId=${bia.userId}`);
  expect(ids(forBia.body)).toEqual([biaOrder.id]);
  expect((await list('customerId=00000000-0000-0000-0000-000000000000')).body).toEqual({ items: [], nextCursor: null });
});

it('pages with a cursor that belongs to that customer only', async () => {
  const first = await list(`customerId=${ana.userId}&limit=2`);
  expect(ids(first.body)).toEqual([anaOrders[2]!.id, anaOrders[1]!.id]);
  const cursor = first.body.nextCursor as string;
  const second = await list(`customerId=${ana.userId}&limit=2&cursor=${cursor}`);
  expect(ids(second.body)).toEqual([anaOrders[0]!.id]);

  const elsewhere = await list(`customerId=${bia.userId}&cursor=${cursor}`);
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
});

it('combines with the creation-time range, the index\'s sort key; a cursor from outside the range is 400', async () => {
  const middle = await list(`customerId=${ana.userId}&from=2032-03-11&to=2032-03-11`);
  expect(middle.status).toBe(200);
  expect(ids(middle.body)).toEqual([anaOrders[1]!.id]);
  expect(ids((await list(`customerId=${ana.userId}&from=2032-03-11T00:00:00Z`)).body)).toEqual([anaOrders[2]!.id, anaOrders[1]!.id]);
  expect(ids((await list(`customerId=${ana.userId}&to=2032-03-10T23:59:59Z`)).body)).toEqual([anaOrders[0]!.id]);

  // A cursor at the newest order, reused with a range that ends before it.
  const { body } = await list(`customerId=${ana.userId}&limit=1`);
  const outside = await list(`customerId=${ana.userId}&to=2032-03-11&cursor=${body.nextCursor}`);
  expect(outside.status).toBe(400);
  expect(outside.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
});

it('refuses what the customer\'s index cannot answer, and a malformed id, with 400 naming the field', async () => {
  const withStatus = await list(`customerId=${ana.userId}&status=PENDING_PAYMENT`);
  expect(withStatus.status).toBe(400);
  expect(withStatus.body.error.code).toBe('VALIDATION_ERROR');
  expect(withStatus.body.error.details).toEqual([{ field: 'status', message: expect.stringContaining('customerId') }]);

  for (const bad of ['', 'not%20an%20id', 'a'.repeat(65), '..%2F..%2Fetc']) {
    const response = await list(`customerId=${bad}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual(['customerId']);
    expect(response.text).not.toMatch(/at .+\.(ts|js):\d+/);
  }
});

it('a customer asking for their own or anyone\'s orders this way gets 403', async () => {
  expect((await list(`customerId=${ana.userId}`, ana.accessToken)).status).toBe(403);
  expect((await list(`customerId=${bia.userId}`, ana.accessToken)).status).toBe(403);
});
