import { api, newCustomer, type TestUser } from '../helpers/api.js';

const address = { label: 'Casa', recipient: 'Ana Souza', street: 'Av. Paulista', number: '1000', complement: 'apto 12', district: 'Bela Vista', city: 'São Paulo', state: 'sp', cep: '01310-100' };

describe('delivery addresses', () => {
  let ana: TestUser;
  let bruno: TestUser;
  beforeAll(async () => {
    [ana, bruno] = await Promise.all([newCustomer(), newCustomer()]);
  });

  it('creates, lists, replaces and deletes an address, normalising CEP and UF', async () => {
    const created = await api('POST', '/me/addresses', { token: ana.accessToken, body: address });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...address, id: expect.any(String), state: 'SP', cep: '01310100' });

    const list = await api('GET', '/me/addresses', { token: ana.accessToken });
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(created.body.id);

    const { complement: _dropped, ...withoutComplement } = address;
    const replaced = await api('PUT', `/me/addresses/${created.body.id}`, { token: ana.accessToken, body: { ...withoutComplement, label: 'Trabalho' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.body.id, label: 'Trabalho', complement: null, createdAt: created.body.createdAt });

    expect((await api('DELETE', `/me/addresses/${created.body.id}`, { token: ana.accessToken })).status).toBe(204);
    expect((await api('DELETE', `/me/addresses/${created.body.id}`, { token: ana.accessToken })).status).toBe(404);
  });

  it.each([
    ['cep', { cep: '1234-567' }, /8 digits/],
    ['state', { state: 'XX' }, /UF/],
    ['street', { street: '' }, /.+/],
  ])('rejects a bad %s with 400', async (field, override, message) => {
    const response = await api('POST', '/me/addresses', { token: ana.accessToken, body: { ...address, ...override } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
  });

  it('never lets one customer read, change or delete another\'s address (404)', async () => {
    const mine = await api('POST', '/me/addresses', { token: ana.accessToken, body: address });
    const theirs = await api('GET', '/me/addresses', { token: bruno.accessToken });
    expect(theirs.body.items.map((a: { id: string }) => a.id)).not.toContain(mine.body.id);
    expect((await api('PUT', `/me/addresses/${mine.body.id}`, { token: bruno.accessToken, body: address })).status).toBe(404);
    expect((await api('DELETE', `/me/addresses/${mine.body.id}`, { token: bruno.accessToken })).status).toBe(404);
    const still = await api('GET', '/me/addresses', { token: ana.accessToken });
    expect(still.body.items.find((a: { id: string }) => a.id === mine.body.id)).toMatchObject({ label: 'Casa' });
  });

  it('caps an account at 20 addresses, even when requests race', async () => {
    const carla = await newCustomer();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) =>
      api('POST', '/me/addresses', { token: carla.accessToken, body: { ...address, label: `Endereço ${i}` } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'ADDRESS_LIMIT')).toBe(true);
    expect((await api('GET', '/me/addresses', { token: carla.accessToken })).body.items).toHaveLength(20);
  });
});
