import { brlToCents, createMelhorEnvioCarrier, gramsToKg, meDate, signMelhorEnvioWebhook } from '#adapters/logistics/melhorenvio.js';
import { type Carrier, CarrierRejectedError, CarrierSignatureError, type CreateShipmentInput } from '#domain/logistics/ports.js';
import { type FakeMeDelivery, type MelhorEnvioFake, startMelhorEnvioFake } from '../../local/melhorenvio-fake.js';

const TOKEN = 'me-test-access-token';
const SECRET = 'me-app-secret';

let fake: MelhorEnvioFake;
let carrier: Carrier;
const delivered: FakeMeDelivery[] = [];

beforeAll(async () => {
  fake = await startMelhorEnvioFake({ accessToken: TOKEN, webhookSecret: SECRET, notify: async (d) => void delivered.push(d) });
  carrier = createMelhorEnvioCarrier({ baseUrl: fake.baseUrl, accessToken: TOKEN, webhookSecret: SECRET, userAgent: 'Big E-Commerce (dev@example.com)', timeoutMs: 2_000 });
});

afterAll(() => fake.stop());

afterEach(() => {
  fake.delay(0);
  fake.failNext(0);
});

const PARCEL = { weightGrams: 1_200, heightCm: 11, widthCm: 16, lengthCm: 20 };
let seq = 0;
const party = { name: 'Big E-Commerce', street: 'Rua Vergueiro', number: '1000', district: 'Liberdade', city: 'São Paulo', state: 'SP', cep: '01504001', document: '11.222.333/0001-81', phone: '(11) 3000-0000', email: 'envios@example.com' };

function shipmentInput(extra: Partial<CreateShipmentInput> = {}): CreateShipmentInput {
  return {
    shipmentId: `shp-${Date.now()}-${++seq}`, orderId: `ord-${seq}`, service: '1', fromCep: '01504001', toCep: '20040002', packages: [PARCEL], declaredValueCents: 15_990,
    sender: party,
    recipient: { name: 'Ana Souza', street: 'Avenida Rio Branco', number: '1', complement: 'sala 2', district: 'Centro', city: 'Rio de Janeiro', state: 'RJ', cep: '20040002' },
    contents: [{ name: 'Cafeteira Expresso', quantity: 1, unitValueCents: 15_990 }],
    ...extra,
  };
}

describe('Melhor Envio values', () => {
  it('converts grams to kilograms, cents to and from BRL, and ME dates (Brasília) to UTC', () => {
    expect(gramsToKg(1_250)).toBe(1.25);
    expect(brlToCents('23.45')).toBe(2345);
    expect(brlToCents(19.9)).toBe(1990);
    expect(() => brlToCents('abc')).toThrow();
    expect(meDate('2026-11-27 10:00:00', new Date(0))).toBe('2026-11-27T13:00:00.000Z');
    expect(meDate(null, new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('quote (POST /api/v2/me/shipment/calculate)', () => {
  it('answers every service that can carry the parcel, cheapest first, in cents and days', async () => {
    const quotes = await carrier.quote({ fromCep: '01504-001', toCep: '20040002', packages: [PARCEL] });
    expect(quotes).toEqual([
      { service: '1', name: 'Correios PAC', priceCents: 2790, minDays: 5, maxDays: 8 },
      { service: '3', name: 'Jadlog .Package', priceCents: 2930, minDays: 4, maxDays: 7 },
      { service: '2', name: 'Correios SEDEX', priceCents: 4630, minDays: 1, maxDays: 3 },
    ]);
  });

  it('leaves out the services ME answers with an error (too heavy for Correios)', async () => {
    const quotes = await carrier.quote({ fromCep: '01504001', toCep: '20040002', packages: [{ ...PARCEL, weightGrams: 40_000 }] });
    expect(quotes.map((q) => q.service)).toEqual(['3']);
  });

  it('maps ME 422 validation errors to CarrierRejectedError with the fields', async () => {
    const error = await carrier.quote({ fromCep: '01504001', toCep: '2004', packages: [PARCEL] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect((error as CarrierRejectedError).details).toEqual([{ field: 'to.postal_code', message: expect.stringContaining('8 dígitos') }]);
  });
});

describe('createShipment (cart -> checkout -> generate -> print)', () => {
  it('buys a label tagged with our shipment id and answers its tracking code, price and print link', async () => {
    const input = shipmentInput();
    const bought = await carrier.createShipment(input);
    const [label] = fake.labels().filter((l) => l.tags.some((t) => t.tag === input.shipmentId));
    expect(label).toMatchObject({ status: 'generated', service_id: 1 });
    expect(bought).toEqual({ carrierShipmentId: label.id, trackingCode: label.tracking, service: '1', priceCents: 2790, carrierLabelUrl: `${fake.baseUrl}/imprimir/${label.id}` });
    expect(bought.trackingCode).toMatch(/^AA\d{9}BR$/);
    expect(label.body).toMatchObject({
      service: 1,
      from: { name: 'Big E-Commerce', company_document: '11222333000181', phone: '1130000000', postal_code: '01504001', state_abbr: 'SP' },
      to: { name: 'Ana Souza', address: 'Avenida Rio Branco', complement: 'sala 2', postal_code: '20040002' },
      volumes: [{ height: 11, width: 16, length: 20, weight: 1.2 }],
      options: { insurance_value: 159.9, non_commercial: true, tags: [{ tag: input.shipmentId, url: null }] },
    });
  });

  it('a purchase that failed after the cart step is resumed on retry: one label, paid once', async () => {
    const input = shipmentInput();
    fake.failNext(1, 500, '/shipment/checkout');
    await expect(carrier.createShipment(input)).rejects.toThrow(/checkout answered HTTP 500/);
    const bought = await carrier.createShipment(input);
    const labels = fake.labels().filter((l) => l.tags.some((t) => t.tag === input.shipmentId));
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ id: bought.carrierShipmentId, status: 'generated' });
  });

  it('a purchase whose answer was lost is answered again with the same label, nothing bought twice', async () => {
    const input = shipmentInput();
    const first = await carrier.createShipment(input);
    const again = await carrier.createShipment(input);
    expect(again).toEqual(first);
    expect(fake.labels().filter((l) => l.tags.some((t) => t.tag === input.shipmentId))).toHaveLength(1);
  });

  it('refuses a service that is not an ME service id, before any cart item exists', async () => {
    const input = shipmentInput({ service: 'standard' });
    await expect(carrier.createShipment(input)).rejects.toBeInstanceOf(CarrierRejectedError);
    expect(fake.labels().filter((l) => l.tags.some((t) => t.tag === input.shipmentId))).toHaveLength(0);
  });

  it('an incomplete recipient is ME\'s 422, mapped with its fields', async () => {
    const input = shipmentInput();
    const error = await carrier.createShipment({ ...input, recipient: { ...input.recipient, number: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect((error as CarrierRejectedError).details.map((d) => d.field)).toEqual(['to.number']);
  });
});

describe('cancelShipment (POST /shipment/cancel)', () => {
  it('cancels a label not yet posted, again without error (idempotent), and refuses a posted one as CarrierRejectedError', async () => {
    const a = await carrier.createShipment(shipmentInput());
    await carrier.cancelShipment(a.carrierShipmentId);
    expect(fake.labels().find((l) => l.id === a.carrierShipmentId)?.status).toBe('canceled');
    await carrier.cancelShipment(a.carrierShipmentId);
    expect(fake.labels().find((l) => l.id === a.carrierShipmentId)?.status).toBe('canceled');
    const b = await carrier.createShipment(shipmentInput());
    await fake.post(b.carrierShipmentId);
    const refused = await carrier.cancelShipment(b.carrierShipmentId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CarrierRejectedError);
    expect((refused as Error).message).toMatch(/is posted; it cannot be cancelled/);
  });
});

describe('tracking webhooks (X-ME-Signature)', () => {
  const request = (d: FakeMeDelivery) => ({ headers: d.headers, rawBody: d.body });

  it('turns order.posted and order.delivered into POSTED and DELIVERED notices keyed by label and event', async () => {
    const bought = await carrier.createShipment(shipmentInput());
    const posted = carrier.verifyWebhook(request(await fake.post(bought.carrierShipmentId)), Date.now());
    expect(posted).toEqual({ eventId: `${bought.carrierShipmentId}:order.posted`, carrierShipmentId: bought.carrierShipmentId, code: 'POSTED', at: expect.any(String), location: null });
    const done = carrier.verifyWebhook(request(await fake.deliver(bought.carrierShipmentId)), Date.now());
    expect(done).toMatchObject({ eventId: `${bought.carrierShipmentId}:order.delivered`, code: 'DELIVERED' });
    expect(delivered.slice(-2).map((d) => JSON.parse(d.body).event)).toEqual(['order.posted', 'order.delivered']);
  });

  it('refuses a forged, altered or unsigned body', async () => {
    const bought = await carrier.createShipment(shipmentInput());
    const real = await fake.post(bought.carrierShipmentId);
    expect(() => carrier.verifyWebhook({ headers: signMelhorEnvioWebhook(real.body, 'wrong-secret'), rawBody: real.body }, Date.now())).toThrow(CarrierSignatureError);
    expect(() => carrier.verifyWebhook({ headers: real.headers, rawBody: real.body.replace('order.posted', 'order.delivered') }, Date.now())).toThrow(CarrierSignatureError);
    expect(() => carrier.verifyWebhook({ headers: {}, rawBody: real.body }, Date.now())).toThrow(/Missing x-me-signature/);
    expect(() => carrier.verifyWebhook({ headers: { 'x-me-signature': 'not base64 at all' }, rawBody: real.body }, Date.now())).toThrow(CarrierSignatureError);
  });

  it('acknowledges signed events that are not tracking events (order.released) as null', () => {
    const body = JSON.stringify({ event: 'order.released', data: { id: 'abc', status: 'released' } });
    expect(carrier.verifyWebhook({ headers: signMelhorEnvioWebhook(body, SECRET), rawBody: body }, Date.now())).toBeNull();
  });
});

describe('error mapping', () => {
  it('a bad token (401), an outage (500) and a timeout are errors to retry, never CarrierRejectedError', async () => {
    const wrong = createMelhorEnvioCarrier({ baseUrl: fake.baseUrl, accessToken: 'expired', webhookSecret: SECRET, userAgent: 'x (y@example.com)' });
    const unauthorized = await wrong.quote({ fromCep: '01504001', toCep: '20040002', packages: [PARCEL] }).catch((e: unknown) => e);
    expect(unauthorized).not.toBeInstanceOf(CarrierRejectedError);
    expect(String(unauthorized)).toMatch(/HTTP 401: Unauthenticated/);

    fake.failNext(1, 503);
    await expect(carrier.quote({ fromCep: '01504001', toCep: '20040002', packages: [PARCEL] })).rejects.toThrow(/HTTP 503/);

    const impatient = createMelhorEnvioCarrier({ baseUrl: fake.baseUrl, accessToken: TOKEN, webhookSecret: SECRET, userAgent: 'x (y@example.com)', timeoutMs: 100 });
    fake.delay(1_000);
    await expect(impatient.quote({ fromCep: '01504001', toCep: '20040002', packages: [PARCEL] })).rejects.toThrow(/quote failed/);
  });
});
