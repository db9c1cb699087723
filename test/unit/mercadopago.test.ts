import { createHmac } from 'node:crypto';
import { brlToCents, centsToBrl, createMercadoPagoProvider, declineReason, toMpDate } from '#adapters/payments/mercadopago.js';
import { qrPngBase64 } from '#adapters/payments/qr.js';
import { signWebhook, verifyWebhookSignature, webhookManifest } from '#adapters/payments/signature.js';
import { parseBrCode } from '#domain/payments/brcode.js';
import { PaymentRejectedError, WebhookSignatureError, type WebhookRequest } from '#domain/payments/ports.js';
import { type FakeDelivery, type MercadoPagoFake, startMercadoPagoFake } from '../../local/mercadopago-fake.js';

const ACCESS_TOKEN = 'TEST-0000000000000000-000000-00000000000000000000000000000000-000000000';
const WEBHOOK_SECRET = 'test-webhook-secret';

let fake: MercadoPagoFake;
const delivered: FakeDelivery[] = [];
let provider: ReturnType<typeof createMercadoPagoProvider>;

beforeAll(async () => {
  fake = await startMercadoPagoFake({
    port: 0,
    accessToken: ACCESS_TOKEN,
    webhookSecret: WEBHOOK_SECRET,
    notify: async (delivery) => {
      delivered.push(delivery);
    },
  });
  provider = createMercadoPagoProvider({ baseUrl: fake.baseUrl, accessToken: ACCESS_TOKEN, webhookSecret: WEBHOOK_SECRET });
});

afterAll(async () => {
  await fake.stop();
});

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++seq}`;

function pixInput(extra: Partial<Parameters<typeof provider.createPix>[0]> = {}) {
  return {
    orderId: unique('ord'),
    paymentId: unique('pay'),
    amountCents: 12_990,
    description: 'Pedido na Loja',
    payerEmail: 'comprador@example.com',
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    idempotencyKey: unique('idem'),
    ...extra,
  };
}

/** What MP.js does in the browser: POST /v1/card_tokens with the public key. */
async function tokenize(card: { number: string; holder?: string; cvc?: string; month?: number; year?: number }): Promise<Response> {
  return fetch(`${fake.baseUrl}/v1/card_tokens?public_key=TEST-public-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      card_number: card.number,
      expiration_month: card.month ?? 11,
      expiration_year: card.year ?? 2031,
      security_code: card.cvc ?? '123',
      cardholder: { name: card.holder ?? 'Maria Silva', identification: { type: 'CPF', number: '19119119100' } },
    }),
  });
}

async function cardToken(number: string, holder?: string): Promise<string> {
  const response = await tokenize({ number, holder });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function cardInput(number: string, extra: Partial<Parameters<typeof provider.createCard>[0]> = {}) {
  return {
    orderId: unique('ord'),
    paymentId: unique('pay'),
    amountCents: 25_000,
    description: 'Pedido na Loja',
    payerEmail: 'comprador@example.com',
    cardToken: await cardToken(number),
    installments: 3,
    idempotencyKey: unique('idem'),
    ...extra,
  };
}

function webhookRequest(delivery: FakeDelivery): WebhookRequest {
  return { headers: delivery.headers, query: delivery.query, body: delivery.body };
}

describe('money at the boundary', () => {
  it('converts cents to BRL decimals and back exactly', () => {
    expect(centsToBrl(12_990)).toBe(129.9);
    expect(centsToBrl(1)).toBe(0.01);
    expect(centsToBrl(29)).toBe(0.29);
    expect(brlToCents(0.29)).toBe(29);
    expect(brlToCents(129.9)).toBe(12_990);
    for (let cents = 1; cents < 100_000; cents += 7) expect(brlToCents(centsToBrl(cents))).toBe(cents);
    expect(() => centsToBrl(0)).toThrow(RangeError);
    expect(() => centsToBrl(10.5)).toThrow(RangeError);
  });

  it('formats date_of_expiration in Brasília time with an offset', () => {
    expect(toMpDate('2026-11-27T13:30:00.000Z')).toBe('2026-11-27T10:30:00.000-03:00');
    expect(Date.parse(toMpDate('2026-11-27T13:30:00.000Z'))).toBe(Date.parse('2026-11-27T13:30:00.000Z'));
  });
});

describe('Pix', () => {
  it('creates a pending charge whose copy-and-paste is a valid BR Code for the same amount', async () => {
    const input = pixInput({ amountCents: 12_990 });
    const charge = await provider.createPix(input);
    expect(charge).toMatchObject({
      status: 'pending',
      method: 'pix',
      amountCents: 12_990,
      orderId: input.orderId,
      paymentId: input.paymentId,
      declineReason: null,
      card: null,
    });
    expect(charge.providerPaymentId).toMatch(/^\d+$/);
    expect(Date.parse(charge.pix.expiresAt)).toBe(Date.parse(input.expiresAt));

    const parsed = parseBrCode(charge.pix.copyPaste);
    expect(parsed.crcValid).toBe(true);
    expect(parsed.fields['54']!.value).toBe('129.90');
    expect(parsed.pix.amountCents).toBe(input.amountCents);
    expect(parsed.fields['26']!.subfields!['00']).toBe('br.gov.bcb.pix');
    expect(parsed.fields['53']!.value).toBe('986');

    const stored = fake.payments().find((p) => String(p.id) === charge.providerPaymentId)!;
    expect(stored).toMatchObject({ payment_method_id: 'pix', transaction_amount: 129.9, external_reference: input.orderId, metadata: { payment_id: input.paymentId } });
    expect(stored.date_of_expiration).toMatch(/-03:00$/);
    const png = Buffer.from((stored.point_of_interaction as { transaction_data: { qr_code_base64: string } }).transaction_data.qr_code_base64, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('re-fetching after a notification shows the payment approved', async () => {
    const charge = await provider.createPix(pixInput());
    expect((await provider.getPayment(charge.providerPaymentId)).status).toBe('pending');

    const delivery = await fake.approvePix(charge.providerPaymentId);
    expect(delivered).toContain(delivery);
    expect(delivery.query).toEqual({ 'data.id': charge.providerPaymentId, type: 'payment' });
    expect(delivery.body).toMatchObject({ action: 'payment.updated', type: 'payment', data: { id: charge.providerPaymentId } });

    const notice = provider.verifyWebhook(webhookRequest(delivery), Date.now());
    expect(notice).toEqual({ deliveryId: delivery.headers['x-request-id'], providerPaymentId: charge.providerPaymentId });
    expect(await provider.getPayment(notice.providerPaymentId)).toMatchObject({ status: 'approved', method: 'pix', amountCents: 12_990 });
  });

  it('reads date_approved as the approval time (the deadline is judged by it)', async () => {
    const charge = await provider.createPix(pixInput());
    expect((await provider.getPayment(charge.providerPaymentId)).approvedAt).toBeNull();
    await fake.approvePix(charge.providerPaymentId);
    const approved = await provider.getPayment(charge.providerPaymentId);
    const raw = fake.payments().find((p) => String(p.id) === charge.providerPaymentId);
    expect(approved.approvedAt).toBe(new Date(Date.parse(raw?.date_approved as string)).toISOString());
  });

  it('cancels a pending charge with PUT /v1/payments/{id}; one the payer already paid is answered as approved', async () => {
    const pending = await provider.createPix(pixInput());
    expect(await provider.cancel(pending.providerPaymentId)).toMatchObject({ status: 'cancelled', approvedAt: null });
    expect((await provider.getPayment(pending.providerPaymentId)).status).toBe('cancelled');

    const paid = await provider.createPix(pixInput());
    await fake.approvePix(paid.providerPaymentId);
    expect(await provider.cancel(paid.providerPaymentId)).toMatchObject({ status: 'approved', approvedAt: expect.any(String) });
  });

  it('rejects an expiry in the past as a PaymentRejectedError on expiresAt', async () => {
    const error = await provider.createPix(pixInput({ expiresAt: new Date(Date.now() - 60_000).toISOString() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRejectedError);
    expect((error as PaymentRejectedError).field).toBe('expiresAt');
  });
});

describe('idempotent create', () => {
  it('the same key twice returns the same payment, and the fake holds one payment', async () => {
    const input = pixInput();
    const before = fake.payments().length;
    const first = await provider.createPix(input);
    const second = await provider.createPix(input);
    expect(second.providerPaymentId).toBe(first.providerPaymentId);
    expect(second.pix.copyPaste).toBe(first.pix.copyPaste);
    expect(fake.payments().length).toBe(before + 1);
    expect(fake.payments().filter((p) => p.metadata.payment_id === input.paymentId)).toHaveLength(1);
  });

  it('concurrent retries with one key still create one payment', async () => {
    const input = pixInput();
    const results = await Promise.all([provider.createPix(input), provider.createPix(input), provider.createPix(input)]);
    expect(new Set(results.map((r) => r.providerPaymentId)).size).toBe(1);
    expect(fake.payments().filter((p) => p.metadata.payment_id === input.paymentId)).toHaveLength(1);
  });

  it('the same key with a different body is rejected', async () => {
    const input = pixInput();
    await provider.createPix(input);
    await expect(provider.createPix({ ...input, amountCents: input.amountCents + 1 })).rejects.toBeInstanceOf(PaymentRejectedError);
  });
});

describe('card', () => {
  it('tokenizes like MP.js: 400 with E301 for a bad Luhn number', async () => {
    const response = await tokenize({ number: '4111111111111112' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, cause: [{ code: 'E301' }] });
    const expired = await tokenize({ number: '4111111111111111', month: 1, year: 2020 });
    expect(expired.status).toBe(400);
  });

  it('4111111111111111 is approved, with brand and last four', async () => {
    const input = await cardInput('4111111111111111');
    const payment = await provider.createCard(input);
    expect(payment).toMatchObject({
      status: 'approved',
      method: 'card',
      amountCents: 25_000,
      orderId: input.orderId,
      paymentId: input.paymentId,
      declineReason: null,
      card: { brand: 'visa', lastFour: '1111' },
    });
    const stored = fake.payments().find((p) => String(p.id) === payment.providerPaymentId)!;
    expect(stored).toMatchObject({ payment_method_id: 'visa', installments: 3, transaction_amount: 250 });
  });

  it('4000000000000002 is declined with a readable reason', async () => {
    const payment = await provider.createCard(await cardInput('4000000000000002'));
    expect(payment).toMatchObject({ status: 'declined', declineReason: 'Insufficient funds.', card: { brand: 'visa', lastFour: '0002' } });
  });

  it('MP test cardholder names decide the outcome', async () => {
    const token = await cardToken('5555555555554444', 'SECU');
    const payment = await provider.createCard({ ...(await cardInput('4111111111111111')), cardToken: token });
    expect(payment).toMatchObject({ status: 'declined', declineReason: 'Check the security code.', card: { brand: 'master', lastFour: '4444' } });
    const pending = await provider.createCard({ ...(await cardInput('4111111111111111')), cardToken: await cardToken('4111111111111111', 'CONT') });
    expect(pending.status).toBe('pending');
  });

  it('uses the payment method the card form gave, when it gave one', async () => {
    const input = await cardInput('4111111111111111');
    const error = await provider.createCard({ ...input, paymentMethodId: 'master' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRejectedError);
    expect((error as PaymentRejectedError).field).toBe('cardToken');
  });

  it('an unknown token is a PaymentRejectedError on cardToken', async () => {
    const input = await cardInput('4111111111111111');
    const error = await provider.createCard({ ...input, cardToken: 'no-such-token' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRejectedError);
    expect((error as PaymentRejectedError).field).toBe('cardToken');
  });

  it('a card token is single-use', async () => {
    const input = await cardInput('4111111111111111');
    await provider.createCard(input);
    await expect(provider.createCard({ ...input, idempotencyKey: unique('other') })).rejects.toBeInstanceOf(PaymentRejectedError);
  });

  it('maps status details to English reasons', () => {
    expect(declineReason('cc_rejected_call_for_authorize')).toMatch(/authorize/);
    expect(declineReason('cc_rejected_something_new')).toBe('The payment was declined (cc_rejected_something_new).');
    expect(declineReason(null)).toBe('The payment was declined.');
  });
});

describe('refund', () => {
  it('refunds an approved payment once per key, fully or partially', async () => {
    const payment = await provider.createCard(await cardInput('4111111111111111', { amountCents: 10_000 }));
    const key = unique('refund');
    const partial = await provider.refund(payment.providerPaymentId, 2_500, key);
    expect(partial.status).toBe('approved');
    const again = await provider.refund(payment.providerPaymentId, 2_500, key);
    expect(again).toEqual(partial);
    const stored = () => fake.payments().find((p) => String(p.id) === payment.providerPaymentId)!;
    expect(stored().refunds).toHaveLength(1);
    expect(stored().transaction_amount_refunded).toBe(25);
    expect((await provider.getPayment(payment.providerPaymentId)).status).toBe('approved');

    const rest = await provider.refund(payment.providerPaymentId, 7_500, unique('refund'));
    expect(rest.refundId).not.toBe(partial.refundId);
    expect((await provider.getPayment(payment.providerPaymentId)).status).toBe('refunded');
    expect(stored().transaction_amount_refunded).toBe(100);
  });

  it('refuses to refund a payment that is not approved', async () => {
    const charge = await provider.createPix(pixInput());
    const error = await provider.refund(charge.providerPaymentId, 1_000, unique('refund')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentRejectedError);
    expect((error as PaymentRejectedError).field).toBe('payment');
  });

  it('refuses more than what is left', async () => {
    const payment = await provider.createCard(await cardInput('4111111111111111', { amountCents: 1_000 }));
    await expect(provider.refund(payment.providerPaymentId, 1_001, unique('refund'))).rejects.toBeInstanceOf(PaymentRejectedError);
  });
});

describe('transport errors are plain, retryable errors', () => {
  it('5xx on create', async () => {
    fake.failNext(1, 503);
    const error = await provider.createPix(pixInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PaymentRejectedError);
    expect((error as Error).message).toMatch(/HTTP 503/);
  });

  it('a retry after a 5xx with the same key creates the payment once', async () => {
    const input = pixInput();
    fake.failNext(1, 500);
    await expect(provider.createPix(input)).rejects.toThrow(/HTTP 500/);
    const charge = await provider.createPix(input);
    expect(fake.payments().filter((p) => p.metadata.payment_id === input.paymentId)).toHaveLength(1);
    expect(charge.status).toBe('pending');
  });

  it('network failure', async () => {
    const offline = createMercadoPagoProvider({ baseUrl: 'http://127.0.0.1:1', accessToken: ACCESS_TOKEN, webhookSecret: WEBHOOK_SECRET });
    const error = await offline.getPayment('1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Mercado Pago get payment failed/);
  });

  it('timeout', async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const slow = createMercadoPagoProvider({ baseUrl: fake.baseUrl, accessToken: ACCESS_TOKEN, webhookSecret: WEBHOOK_SECRET, fetch: hanging, timeoutMs: 50 });
    await expect(slow.getPayment('1')).rejects.toThrow(/failed/);
  });

  it('wrong credentials are not the caller’s fault', async () => {
    const wrong = createMercadoPagoProvider({ baseUrl: fake.baseUrl, accessToken: 'nope', webhookSecret: WEBHOOK_SECRET });
    const error = await wrong.createPix(pixInput()).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PaymentRejectedError);
    expect((error as Error).message).toMatch(/HTTP 401/);
  });

  it('sends the Bearer token, the idempotency key and JSON', async () => {
    const seen: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
    const spy: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), headers: init?.headers as Record<string, string>, body: JSON.parse(String(init?.body)) });
      return fetch(url, init);
    };
    const spied = createMercadoPagoProvider({ baseUrl: `${fake.baseUrl}/`, accessToken: ACCESS_TOKEN, webhookSecret: WEBHOOK_SECRET, fetch: spy, notificationUrl: 'https://shop.example.com/webhooks/mercadopago' });
    const input = pixInput({ amountCents: 10 });
    await spied.createPix(input);
    expect(seen[0]!.url).toBe(`${fake.baseUrl}/v1/payments`);
    expect(seen[0]!.headers).toMatchObject({ authorization: `Bearer ${ACCESS_TOKEN}`, 'x-idempotency-key': input.idempotencyKey, 'content-type': 'application/json' });
    expect(seen[0]!.body).toEqual({
      transaction_amount: 0.1,
      description: input.description,
      payment_method_id: 'pix',
      payer: { email: input.payerEmail },
      date_of_expiration: toMpDate(input.expiresAt),
      external_reference: input.orderId,
      metadata: { payment_id: input.paymentId },
      notification_url: 'https://shop.example.com/webhooks/mercadopago',
    });
  });
});

describe('webhook signature', () => {
  const NOW = Date.parse('2026-11-27T12:00:00.000Z');
  const signed = (extra: { nowMs?: number; dataId?: string; requestId?: string; secret?: string } = {}): WebhookRequest => {
    const dataId = extra.dataId ?? '1320000001';
    const headers = signWebhook({ dataId, requestId: extra.requestId ?? 'req-1', secret: extra.secret ?? WEBHOOK_SECRET, nowMs: extra.nowMs ?? NOW });
    return { headers: { ...headers }, query: { 'data.id': dataId, type: 'payment' }, body: { type: 'payment', data: { id: dataId } } };
  };
  const rejects = (request: WebhookRequest, nowMs = NOW) => expect(() => provider.verifyWebhook(request, nowMs)).toThrow(WebhookSignatureError);

  it('signs the documented manifest with HMAC-SHA256 (ts in seconds)', () => {
    const headers = signWebhook({ dataId: '123456', requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', secret: 'secret', nowMs: 1_704_908_010_123 });
    const manifest = 'id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1704908010;';
    expect(webhookManifest({ dataId: '123456', requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', ts: '1704908010' })).toBe(manifest);
    expect(headers).toEqual({
      'x-signature': `ts=1704908010,v1=${createHmac('sha256', 'secret').update(manifest).digest('hex')}`,
      'x-request-id': 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e',
    });
  });

  it('manifest: alphanumeric ids are lower-cased, absent parts are left out', () => {
    expect(webhookManifest({ dataId: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', requestId: 'r', ts: '1' })).toBe('id:ord01jq4s4ky8hwq6na5pxb65b3d3;request-id:r;ts:1;');
    expect(webhookManifest({ dataId: 'A-B', ts: '1' })).toBe('id:A-B;ts:1;');
    expect(webhookManifest({ ts: '1' })).toBe('ts:1;');
  });

  it('accepts a valid delivery, with headers in any case', () => {
    expect(provider.verifyWebhook(signed(), NOW)).toEqual({ deliveryId: 'req-1', providerPaymentId: '1320000001' });
    const request = signed();
    const upper = { 'X-Signature': request.headers['x-signature'], 'X-Request-Id': request.headers['x-request-id'] };
    expect(provider.verifyWebhook({ ...request, headers: upper }, NOW).deliveryId).toBe('req-1');
  });

  it('accepts ts in milliseconds too (as in MP SDK tests)', () => {
    const ts = String(NOW);
    const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`id:42;request-id:r-ms;ts:${ts};`).digest('hex');
    const request = { headers: { 'x-signature': `ts=${ts},v1=${v1}`, 'x-request-id': 'r-ms' }, query: { 'data.id': '42', type: 'payment' }, body: {} };
    expect(provider.verifyWebhook(request, NOW + 1000).providerPaymentId).toBe('42');
    rejects(request, NOW + 6 * 60_000);
  });

  it('rejects a forged signature, a different secret, or a signature for another payment', () => {
    const request = signed();
    const v1 = (request.headers['x-signature'] as string).split('v1=')[1]!;
    const flipped = (v1[0] === 'a' ? 'b' : 'a') + v1.slice(1);
    rejects({ ...request, headers: { ...request.headers, 'x-signature': `ts=${Math.floor(NOW / 1000)},v1=${flipped}` } });
    rejects(signed({ secret: 'someone-else' }));
    rejects({ ...signed(), query: { 'data.id': '999', type: 'payment' } });
    rejects({ ...request, headers: { ...request.headers, 'x-request-id': 'req-2' } });
    rejects({ ...request, headers: { ...request.headers, 'x-signature': `ts=${Math.floor(NOW / 1000) + 1},v1=${v1}` } });
    rejects({ ...request, headers: { ...request.headers, 'x-signature': `ts=${Math.floor(NOW / 1000)},v1=zz${v1.slice(2)}` } });
    rejects({ ...request, headers: { ...request.headers, 'x-signature': `ts=${Math.floor(NOW / 1000)},v1=${v1.slice(0, 10)}` } });
  });

  it('rejects stale (older than 5 minutes) and future (more than 1 minute ahead) signatures', () => {
    expect(() => provider.verifyWebhook(signed({ nowMs: NOW - 4 * 60_000 }), NOW)).not.toThrow();
    rejects(signed({ nowMs: NOW - 5 * 60_000 - 1_000 }));
    expect(() => provider.verifyWebhook(signed({ nowMs: NOW + 30_000 }), NOW)).not.toThrow();
    rejects(signed({ nowMs: NOW + 2 * 60_000 }));
  });

  it('rejects missing or malformed headers and a missing data.id', () => {
    const request = signed();
    rejects({ ...request, headers: { 'x-request-id': 'req-1' } });
    rejects({ ...request, headers: { 'x-signature': request.headers['x-signature'] } });
    rejects({ ...request, headers: { ...request.headers, 'x-signature': 'garbage' } });
    rejects({ ...request, headers: { ...request.headers, 'x-signature': `v1=${'0'.repeat(64)}` } });
    rejects({ ...request, query: { type: 'payment' } });
  });

  it('rejects notifications that are not about payments', () => {
    const request = signed();
    rejects({ ...request, query: { ...request.query, type: 'merchant_order' } });
  });

  it('verifyWebhookSignature takes its own window', () => {
    const request = signed({ nowMs: NOW - 10 * 60_000 });
    expect(verifyWebhookSignature({ headers: request.headers, query: request.query, secret: WEBHOOK_SECRET, nowMs: NOW, maxAgeMs: 15 * 60_000 })).toEqual({ dataId: '1320000001', requestId: 'req-1' });
  });
});

describe('qrPngBase64', () => {
  it('renders a PNG of non-trivial size', async () => {
    const code = '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
    const png = Buffer.from(await qrPngBase64(code), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(500);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThan(100);
    expect(png.readUInt32BE(20)).toBe(width);
  });
});

describe('mercadoPagoProviderFromEnv', () => {
  const saved = { ...process.env };
  afterEach(async () => {
    process.env = { ...saved };
    const { resetMercadoPagoProviderForTests } = await import('#adapters/payments/mercadopago.js');
    resetMercadoPagoProviderForTests();
  });

  it('locally reads MERCADOPAGO_ACCESS_TOKEN / MERCADOPAGO_WEBHOOK_SECRET and builds the provider once', async () => {
    const { mercadoPagoProviderFromEnv } = await import('#adapters/payments/mercadopago.js');
    process.env.MERCADOPAGO_BASE_URL = fake.baseUrl;
    process.env.MERCADOPAGO_ACCESS_TOKEN = ACCESS_TOKEN;
    process.env.MERCADOPAGO_WEBHOOK_SECRET = WEBHOOK_SECRET;
    delete process.env.MERCADOPAGO_SECRET_ARN;
    const first = await mercadoPagoProviderFromEnv();
    expect(first.name).toBe('mercadopago');
    expect(await mercadoPagoProviderFromEnv()).toBe(first);
    const charge = await first.createPix(pixInput());
    expect(charge.status).toBe('pending');
  });

  it('fails loudly without credentials, and retries on the next call', async () => {
    const { mercadoPagoProviderFromEnv } = await import('#adapters/payments/mercadopago.js');
    delete process.env.MERCADOPAGO_SECRET_ARN;
    delete process.env.MERCADOPAGO_ACCESS_TOKEN;
    process.env.MERCADOPAGO_WEBHOOK_SECRET = WEBHOOK_SECRET;
    await expect(mercadoPagoProviderFromEnv()).rejects.toThrow(/MERCADOPAGO_ACCESS_TOKEN/);
    process.env.MERCADOPAGO_ACCESS_TOKEN = ACCESS_TOKEN;
    await expect(mercadoPagoProviderFromEnv()).resolves.toMatchObject({ name: 'mercadopago' });
  });

  it('in AWS reads {accessToken, webhookSecret} from the Secrets Manager secret, once per container', async () => {
    const { createServer } = await import('node:http');
    const calls: Array<{ target: string | undefined; body: string }> = [];
    const secrets = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        calls.push({ target: req.headers['x-amz-target'] as string | undefined, body });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:mp', Name: 'mp', SecretString: JSON.stringify({ accessToken: ACCESS_TOKEN, webhookSecret: WEBHOOK_SECRET }) }));
      });
    });
    await new Promise<void>((resolve) => secrets.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { mercadoPagoProviderFromEnv } = await import('#adapters/payments/mercadopago.js');
      const { port } = secrets.address() as { port: number };
      Object.assign(process.env, {
        MERCADOPAGO_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:mp',
        SECRETSMANAGER_ENDPOINT: `http://127.0.0.1:${port}`,
        MERCADOPAGO_BASE_URL: fake.baseUrl,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      });
      delete process.env.MERCADOPAGO_ACCESS_TOKEN;
      delete process.env.MERCADOPAGO_WEBHOOK_SECRET;
      const [a, b] = await Promise.all([mercadoPagoProviderFromEnv(), mercadoPagoProviderFromEnv()]);
      expect(a).toBe(b);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.target).toBe('secretsmanager.GetSecretValue');
      expect(JSON.parse(calls[0]!.body)).toEqual({ SecretId: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:mp' });
      const delivery = await fake.approvePix((await a.createPix(pixInput())).providerPaymentId);
      expect(a.verifyWebhook(webhookRequest(delivery), Date.now()).providerPaymentId).toBe(delivery.query['data.id']);
    } finally {
      secrets.close();
    }
  });
});
