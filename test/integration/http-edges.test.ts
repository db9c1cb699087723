import { api, newCustomer, type TestUser } from '../helpers/api.js';

const address = { label: 'Casa', recipient: 'Ana', street: 'Av. Paulista', number: '1000', district: 'Bela Vista', city: 'São Paulo', state: 'SP', cep: '01310-100' };

describe('request bodies', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await newCustomer();
  });

  it('a body over 64 KiB is 413', async () => {
    const big = { ...address, complement: 'x'.repeat(70 * 1024) };
    const response = await api('POST', '/me/addresses', { token: user.accessToken, body: big });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a non-JSON body is 415', async () => {
    const response = await api('POST', '/me/addresses', { token: user.accessToken, raw: 'label=Casa', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('routes that take no body refuse an oversized or non-JSON one too, and change nothing', async () => {
    const big = await api('POST', '/logout', { token: user.accessToken, raw: 'x'.repeat(70 * 1024), headers: { 'content-type': 'text/plain' } });
    expect(big.status).toBe(413);
    const form = await api('POST', '/logout', { token: user.accessToken, raw: 'all=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200); // still logged in
  });

  it('malformed JSON is 400', async () => {
    const response = await api('POST', '/me/addresses', { token: user.accessToken, raw: '{"label": ', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'body', message: 'malformed JSON' }]);
  });

  it('JSON with a charset parameter is accepted', async () => {
    const response = await api('POST', '/me/addresses', { token: user.accessToken, raw: JSON.stringify(address), headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(response.status).toBe(201);
  });

  it('every response carries a correlation id, echoing a sane one from the caller', async () => {
    const echoed = await api('GET', '/me', { token: user.accessToken, headers: { 'x-correlation-id': 'abc-123' } });
    expect(echoed.headers.get('x-correlation-id')).toBe('abc-123');
    const generated = await api('GET', '/me', { token: user.accessToken, headers: { 'x-correlation-id': '<script>' } });
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown route is 404 and no error body carries a stack trace', async () => {
    const response = await api('GET', '/no-such-route');
    expect(response.status).toBe(404);
    expect(response.text).not.toMatch(/at .+\.ts:\d+/);
  });
});

describe('API reference', () => {
  it('serves an OpenAPI 3.1 document that lists every route', async () => {
    const response = await api('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/register', '/me', '/me/addresses/{id}', '/admin/customers/{id}']));
    const register = response.body.paths['/register'].post;
    expect(register.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['email', 'password', 'name']));
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    // A dependency's failure is documented on every route, with the header that says when to retry.
    const order = response.body.paths['/orders'].post.responses;
    expect(order['503'].headers['Retry-After'].schema).toEqual({ type: 'integer', minimum: 0 });
    expect(Object.values(response.body.paths).every((path) => Object.values(path as Record<string, { responses: Record<string, unknown> }>).every((op) => '503' in op.responses))).toBe(true);
  });

  it('the served document references the shared schemas by name (test/unit/openapi.test.ts checks the whole document)', async () => {
    const response = await api('GET', '/openapi.json');
    expect(response.body.paths['/cart'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Cart' });
    expect(Object.keys(response.body.components.schemas)).toEqual(expect.arrayContaining(['Cart', 'Order', 'Product', 'Error']));
  });
});
