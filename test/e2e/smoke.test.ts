/**
 * What can be checked from outside with no emulator back doors: the API is up, validates, and
 * keeps its auth promises. Needs API_URL.
 */
import { api, uniqueEmail } from '../helpers/api.js';

if (!process.env.API_URL) throw new Error('Set API_URL to the deployed API (e.g. https://abc.execute-api.sa-east-1.amazonaws.com)');

describe('deployed API smoke', () => {
  it('serves the OpenAPI document', async () => {
    const response = await api('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
  });

  it('registers a new account (201) and refuses the same email again (409)', async () => {
    const email = uniqueEmail('e2e');
    const body = { email, password: 'Segura#2026', name: 'E2E' };
    expect((await api('POST', '/register', { body })).status).toBe(201);
    expect((await api('POST', '/register', { body })).body.error.code).toBe('EMAIL_TAKEN');
  });

  it('validates input with 400 and field details', async () => {
    const response = await api('POST', '/register', { body: { email: 'x', password: 'weak', name: '' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'name', 'password']);
  });

  it('keeps auth promises: no token 401, garbage 401, unknown login 401, reset 202', async () => {
    expect((await api('GET', '/me')).status).toBe(401);
    expect((await api('GET', '/me', { token: 'garbage' })).status).toBe(401);
    expect((await api('POST', '/login', { body: { email: uniqueEmail('ghost'), password: 'Segura#2026' } })).status).toBe(401);
    expect((await api('POST', '/password-reset', { body: { email: uniqueEmail('ghost') } })).status).toBe(202);
  });

  it('refuses non-JSON with 415', async () => {
    const response = await api('POST', '/login', { raw: 'a=b', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(415);
  });
});
