/**
 * Input that used to reach DynamoDB and come back as a 500 (any customer could trip the 5xx alarm),
 * now a 400 naming the field; and list cursors that can only page the caller's own items.
 */
import { adminToken, api, newCustomer, type TestUser } from '../helpers/api.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';
import { createCategory, token } from '../helpers/catalog.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function expect400(response: Promise<{ status: number; body: { error: { details: { field: string }[] } } }>, field: string) {
  const { status, body } = await response;
  expect(status).toBe(400);
  expect(body.error.details.map((d) => d.field)).toContain(field);
}

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('GET /orders cursors', () => {
  let owner: TestUser;
  let other: TestUser;
  let ownerCursor: string;

  beforeAll(async () => {
    [owner, other] = await Promise.all([newCustomer(), newCustomer()]);
    const { sku } = await stockedSku(admin, 10);
    const addressId = await addressOf(owner);
    for (let i = 0; i < 2; i++) {
      await fillCart(owner, [{ sku, quantity: 1 }]);
      expect((await api('POST', '/orders', { token: owner.accessToken, body: { addressId } })).status).toBe(201);
    }
    const first = await api('GET', '/orders?limit=1', { token: owner.accessToken });
    ownerCursor = first.body.nextCursor;
    expect(ownerCursor).toEqual(expect.any(String));
  });

  it('pages the caller\'s own orders with the cursor it handed out (control)', async () => {
    const second = await api('GET', `/orders?limit=1&cursor=${ownerCursor}`, { token: owner.accessToken });
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
  });

  it.each([
    ['junk', () => 'not-a-cursor!'],
    ['base64 of a non-object', () => b64([1, 2])],
    ['a key with the wrong attributes', () => b64({ PK: 'ORDER#x' })],
    ['a key with a number where a string belongs', () => b64({ PK: 'ORDER#x', SK: 'ORDER', GSI1PK: 7, GSI1SK: 'ORDER#x' })],
    ['a key with an empty value', () => b64({ PK: '', SK: 'ORDER', GSI1PK: 'CUSTOMER#x', GSI1SK: 'ORDER#x' })],
  ])('%s is 400 on cursor', async (_label, cursor) => {
    await expect400(api('GET', `/orders?cursor=${cursor()}`, { token: owner.accessToken }), 'cursor');
  });

  it('another customer\'s cursor, or one crafted for another customer\'s partition, is 400 and shows nothing', async () => {
    await expect400(api('GET', `/orders?cursor=${ownerCursor}`, { token: other.accessToken }), 'cursor');
    const key = JSON.parse(Buffer.from(ownerCursor, 'base64url').toString('utf8'));
    const crafted = b64({ ...key, GSI1SK: 'ORDER#9999' });
    await expect400(api('GET', `/orders?cursor=${crafted}`, { token: other.accessToken }), 'cursor');
  });
});

describe('admin ranges and thresholds', () => {
  it('/admin/orders with from later than to is 400 on from', async () => {
    await expect400(api('GET', '/admin/orders?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', { token: admin }), 'from');
    await expect400(api('GET', '/admin/orders?status=PAID&from=2026-11-02&to=2026-11-01', { token: admin }), 'from');
  });

  it('/admin/orders compares bounds in time, whatever their offset or precision', async () => {
    // 00:00-03:00 is 03:00Z, after 01:00Z, though it sorts before it as text.
    expect((await api('GET', '/admin/orders?from=2026-11-01T01:00:00Z&to=2026-11-01T00:00:00-03:00', { token: admin })).status).toBe(200);
    expect((await api('GET', '/admin/orders?from=2026-11-01T10:00:00Z&to=2026-11-01', { token: admin })).status).toBe(200);
    expect((await api('GET', '/admin/orders?from=2026-11-01T10:00:00Z&to=2026-11-01T10:00:00.000Z', { token: admin })).status).toBe(200);
    await expect400(api('GET', '/admin/orders?from=Nov%201%202026', { token: admin }), 'from');
  });

  it('a low-stock threshold beyond the safe integer range is 400 on threshold', async () => {
    await expect400(api('GET', '/admin/inventory/low-stock?threshold=99999999999999999999', { token: admin }), 'threshold');
    expect((await api('GET', `/admin/inventory/low-stock?threshold=${Number.MAX_SAFE_INTEGER}&limit=1`, { token: admin })).status).toBe(200);
  });
});

describe('names refuse NUL, bidirectional controls and lone surrogates', () => {
  const BAD = [['NUL', 'Ana\u0000Souza'], ['a right-to-left override', 'Ana \u202Egpj.exe'], ['a bidi isolate', 'Ana \u2066x\u2069'], ['a lone surrogate', 'Ana \uD800']];
  let user: TestUser;
  let categoryId: string;
  beforeAll(async () => {
    user = await newCustomer();
    categoryId = (await createCategory(admin, { name: `Nomes ${token()}` })).id;
  });

  it.each(BAD)('profile name with %s is 400 on name', async (_label, name) => {
    await expect400(api('PATCH', '/me', { token: user.accessToken, body: { name } }), 'name');
  });

  it.each(BAD)('address field with %s is 400 on that field', async (_label, street) => {
    const address = { label: 'Casa', recipient: 'Ana', street, number: '1', district: 'Centro', city: 'São Paulo', state: 'SP', cep: '01310-100' };
    await expect400(api('POST', '/me/addresses', { token: user.accessToken, body: address }), 'street');
  });

  it.each(BAD)('product name with %s is 400 on name', async (_label, name) => {
    const body = { name, description: 'x', categoryIds: [categoryId], variants: [{ sku: `NM-${token()}`, priceCents: 100 }] };
    await expect400(api('POST', '/products', { token: admin, body }), 'name');
  });

  it('accepts accents, emoji (surrogate pairs) and right-to-left letters (control)', async () => {
    const response = await api('PATCH', '/me', { token: user.accessToken, body: { name: 'Ana Conceição 😀 שלום' } });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Ana Conceição 😀 שלום');
  });
});
