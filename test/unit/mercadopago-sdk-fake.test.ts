/**
 * The MP fake's browser side (local/mercadopago-fake/sdk.ts), over HTTP: the SDK script, the Secure Fields'
 * pages, payment_methods/search with its public key, and MP's test Mastercard paid through the real adapter
 * with the payment method the search gave. The browser run is test/integration/web-mercadopago.test.ts.
 */
import { createMercadoPagoProvider } from '#adapters/payments/mercadopago.js';
import { type MercadoPagoFake, startMercadoPagoFake } from '../../local/mercadopago-fake.js';

const PUBLIC_KEY = 'TEST-public-key';
const ACCESS_TOKEN = 'TEST-access-token';
let fake: MercadoPagoFake;

beforeAll(async () => {
  fake = await startMercadoPagoFake({ accessToken: ACCESS_TOKEN, webhookSecret: 'secret', publicKey: PUBLIC_KEY });
});
afterAll(() => fake.stop());

test('serves the SDK script with the MercadoPago class and the Secure Fields pages, on the fake\'s origin', async () => {
  const script = await fetch(`${fake.baseUrl}/js/v2`);
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  const text = await script.text();
  expect(text).toContain('window.MercadoPago = MercadoPago');
  expect(text).toContain(JSON.stringify(fake.baseUrl));
  const field = await fetch(`${fake.baseUrl}/secure-fields/cardNumber?label=${encodeURIComponent('Número do "cartão"')}&parent=${encodeURIComponent('http://localhost:3000')}`);
  const page = await field.text();
  expect(page).toContain('data-mp-field="cardNumber"');
  expect(page).toContain('aria-label="Número do &#34;cartão&#34;"');
  expect(page).toContain('"http://localhost:3000"');
  expect((await fetch(`${fake.baseUrl}/secure-fields/pin`)).status).toBe(404);
});

test('payment_methods/search: MP\'s test BINs to a method and issuer, for its public key only, with CORS', async () => {
  const search = (key: string, bin: string) => fetch(`${fake.baseUrl}/v1/payment_methods/search?public_key=${key}&bins=${bin}`);
  const results = async (response: Promise<Response> | Response) => ((await (await response).json()) as { results: { id: string }[] }).results;
  const master = await search(PUBLIC_KEY, '50314332');
  expect(master.headers.get('access-control-allow-origin')).toBe('*');
  expect(await results(master)).toEqual([expect.objectContaining({ id: 'master', payment_type_id: 'credit_card', issuer: expect.objectContaining({ id: 24 }) })]);
  expect((await results(search(PUBLIC_KEY, '42356477')))[0]?.id).toBe('visa');
  expect((await results(search(PUBLIC_KEY, '37536515')))[0]?.id).toBe('amex');
  expect((await results(search(PUBLIC_KEY, '50677667')))[0]?.id).toBe('elo');
  expect(await results(search(PUBLIC_KEY, '99999999'))).toEqual([]);
  expect((await search('TEST-other', '50314332')).status).toBe(401);
  expect((await search(PUBLIC_KEY, '12')).status).toBe(400);
});

test('MP\'s test Mastercard: tokenised with the public key, paid as "master" through the adapter; holder FUND is declined', async () => {
  const tokenize = (holder: string, key = PUBLIC_KEY) => fetch(`${fake.baseUrl}/v1/card_tokens?public_key=${key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card_number: '5031433215406351', security_code: '123', expiration_month: 11, expiration_year: 2030, cardholder: { name: holder, identification: { type: 'CPF', number: '12345678909' } } }),
  });
  expect((await tokenize('APRO', 'TEST-other')).status).toBe(401);
  const provider = createMercadoPagoProvider({ baseUrl: fake.baseUrl, accessToken: ACCESS_TOKEN, webhookSecret: 'secret' });
  const pay = async (holder: string, n: number) => {
    const token = await (await tokenize(holder)).json() as { id: string };
    return provider.createCard({
      orderId: `ORDER-${n}`, paymentId: `PAY-${n}`, amountCents: 9_990, description: 'Pedido', payerEmail: 'ana@example.com',
      cardToken: token.id, installments: 1, idempotencyKey: `key-${n}`, paymentMethodId: 'master', issuerId: '24',
    });
  };
  expect(await pay('APRO', 1)).toMatchObject({ status: 'approved', card: { brand: 'master', lastFour: '6351' } });
  expect(await pay('FUND', 2)).toMatchObject({ status: 'declined', declineReason: 'Insufficient funds.' });
});
