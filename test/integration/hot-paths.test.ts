/**
 * The purchase path's DynamoDB calls and the session check's cost (issue 19 items 2 and 4): the
 * calls are counted per handler by the local stack (`GET /_local/dynamodb/stats`), so a change that
 * adds a call fails here; and a cheaper session check must still refuse a revoked token at once.
 */
import { adminToken, api, login, newCustomer, type TestUser } from '../helpers/api.js';
import { addressOf, stockOf, stockedSku } from '../helpers/shop.js';

interface Counts { reads: number; writes: number; conditionalFailures: number }

const stats = async (): Promise<Record<string, Counts>> => (await api('GET', '/_local/dynamodb/stats')).body;
const calls = (all: Record<string, Counts>, handler: string) => (all[handler]?.reads ?? 0) + (all[handler]?.writes ?? 0);

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('the purchase path', () => {
  it('POST /cart then POST /orders make 6 DynamoDB calls in all (3 + 3), the session check riding in them', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const { sku } = await stockedSku(admin, 50, 2_500);
    // A second line already in the cart: its variant is read in the same BatchGet.
    const other = await stockedSku(admin, 50, 1_000);
    expect((await api('POST', '/cart', { token: user.accessToken, body: { sku: other.sku, quantity: 1 } })).status).toBe(200);

    const before = await stats();
    const cart = await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity: 2 } });
    const order = await api('POST', '/orders', { token: user.accessToken, body: { addressId } });
    const after = await stats();

    expect(cart.status).toBe(200);
    expect(cart.body).toMatchObject({ subtotalCents: 6_000, items: [expect.objectContaining({ sku: other.sku, quantity: 1 }), expect.objectContaining({ sku, quantity: 2, lineTotalCents: 5_000 })] });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ subtotalCents: 6_000, items: expect.arrayContaining([expect.objectContaining({ sku, quantity: 2 })]) });
    expect(calls(after, 'cart/add-item') - calls(before, 'cart/add-item')).toBe(3);
    expect(calls(after, 'orders/create-order') - calls(before, 'orders/create-order')).toBe(3);
  });

  it('a revoked token can neither add to the cart nor order, and learns nothing but 401', async () => {
    const user = await newCustomer();
    const addressId = await addressOf(user);
    const { sku, productId } = await stockedSku(admin, 5);
    expect((await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);

    const added = await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity: 1 } });
    expect(added.status).toBe(401);
    const ordered = await api('POST', '/orders', { token: user.accessToken, body: { addressId } });
    expect(ordered.status).toBe(401);
    // A refusal the use case finds before its own call (an unknown address, an unknown SKU) is a 401 too.
    expect((await api('POST', '/orders', { token: user.accessToken, body: { addressId: 'nope' } })).status).toBe(401);
    expect((await api('POST', '/cart', { token: user.accessToken, body: { sku: 'NOPE-404', quantity: 1 } })).status).toBe(401);

    expect(await stockOf(productId, sku)).toBe(5);
    const again = (await login(user.email, user.password)).body.accessToken as string;
    const cart = await api('GET', '/cart', { token: again });
    expect(cart.body.items).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
    expect((await api('GET', '/orders', { token: again })).body.items).toEqual([]);
  });
});

it('a revoked token replaying an Idempotency-Key gets 401, not the stored order', async () => {
  const user = await newCustomer();
  const addressId = await addressOf(user);
  const { sku } = await stockedSku(admin, 5);
  expect((await api('POST', '/cart', { token: user.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
  const headers = { 'idempotency-key': `replay-${user.userId}` };
  expect((await api('POST', '/orders', { token: user.accessToken, body: { addressId }, headers })).status).toBe(201);
  expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);
  const replay = await api('POST', '/orders', { token: user.accessToken, body: { addressId }, headers });
  expect(replay.status).toBe(401);
  expect(replay.body.error.code).toBe('UNAUTHORIZED');
});

describe('the session check', () => {
  let user: TestUser;
  beforeEach(async () => {
    user = await newCustomer();
  });

  it('reads the marker once for a burst of one user\'s requests (then from memory, at most 1 s old)', async () => {
    const before = await stats();
    for (let i = 0; i < 8; i++) expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);
    const after = await stats();
    // Eight profile reads and the marker once (twice if the burst straddles the memory's second).
    expect(after['identity/get-profile'].reads - (before['identity/get-profile']?.reads ?? 0)).toBeLessThanOrEqual(8 + 2);
  });

  it('the caller\'s own next request after a logout is a 401, even with the session in memory', async () => {
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);
    expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(401);
  });

  it('concurrent requests racing a logout: every one sent after the logout answered is a 401', async () => {
    const burst = () => Promise.all(Array.from({ length: 10 }, () => api('GET', '/me', { token: user.accessToken })));
    expect((await burst()).every((r) => r.status === 200)).toBe(true);
    const [logout] = await Promise.all([api('POST', '/logout', { token: user.accessToken }), burst()]);
    expect(logout.status).toBe(204);
    expect((await burst()).map((r) => r.status)).toEqual(Array(10).fill(401));
  });

  it('a steady stream of requests (the memory refreshed ahead in the background) racing a logout: every request sent after the logout answered is a 401', async () => {
    const sent: { at: number; status: number }[] = [];
    let stop = false;
    // Ten clients that never pause, so the memory is always being refreshed while the logout happens.
    const clients = Array.from({ length: 10 }, async () => {
      while (!stop) {
        const at = performance.now();
        const { status } = await api('GET', '/me', { token: user.accessToken });
        sent.push({ at, status });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);
    const loggedOutAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop = true;
    await Promise.all(clients);
    const before = sent.filter((r) => r.at < loggedOutAt);
    const after = sent.filter((r) => r.at >= loggedOutAt);
    expect(before.some((r) => r.status === 200)).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((r) => r.status !== 401)).toEqual([]);
  });
});
