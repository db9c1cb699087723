import { createMelhorEnvioCarrier } from '#adapters/logistics/melhorenvio.js';
import type { AddressView } from '#domain/identity/schemas.js';
import type { CarrierQuote } from '#domain/logistics/ports.js';
import { viewCart } from '#domain/orders/cart.js';
import { type PlaceOrderDeps, placeOrder } from '#domain/orders/orders.js';
import { promisedDeliveryDate } from '#domain/orders/order-view.js';
import type { CartContents, OrderRecord } from '#domain/orders/ports.js';
import { carrierShippingQuoter, parcelOf, type ShippingRequest, tableOnlyShippingQuoter, tableShippingQuoter } from '#domain/orders/shipping.js';
import { type MelhorEnvioFake, startMelhorEnvioFake } from '../../local/melhorenvio-fake.js';

/**
 * Checkout quotes from the carrier port, with the CEP table as the fallback: the real Melhor Envio
 * adapter against its local fake, healthy, slow and down.
 */
const TOKEN = 'me-token';
let fake: MelhorEnvioFake;
let fallbacks: string[];

const carrier = () => createMelhorEnvioCarrier({ baseUrl: fake.baseUrl, accessToken: TOKEN, webhookSecret: 's', userAgent: 'Big E-Commerce (dev@example.com)', timeoutMs: 5_000 });
const quoter = (timeoutMs = 1_000, quote?: (i: Parameters<ReturnType<typeof carrier>['quote']>[0]) => Promise<CarrierQuote[]>) =>
  carrierShippingQuoter({ quote: quote ?? ((input) => carrier().quote(input)), fromCep: '01504001', timeoutMs, onFallback: (reason) => void fallbacks.push(reason) });

const coffeeMaker = { weightGrams: 1_800, heightCm: 30, widthCm: 20, lengthCm: 25, quantity: 1 };
const request = (extra: Partial<ShippingRequest> = {}): ShippingRequest => ({ cep: '20040002', items: [coffeeMaker], merchandiseCents: 15_990, ...extra });

beforeAll(async () => {
  fake = await startMelhorEnvioFake({ accessToken: TOKEN, webhookSecret: 's' });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fallbacks = [];
  fake.delay(0);
  fake.failNext(0);
});

it('packs the cart as one parcel: weights added, boxes stacked, never below the smallest box', () => {
  expect(parcelOf([coffeeMaker, { weightGrams: 300, heightCm: 5, widthCm: 12, lengthCm: 30, quantity: 2 }])).toEqual({ weightGrams: 2_400, heightCm: 40, widthCm: 20, lengthCm: 30 });
  expect(parcelOf([{ weightGrams: 50, heightCm: 1, widthCm: 5, lengthCm: 5, quantity: 1 }])).toEqual({ weightGrams: 50, heightCm: 2, widthCm: 11, lengthCm: 16 });
});

it('quotes the carrier\'s services, cheapest first and chosen by default, with the order\'s parcel', async () => {
  const quote = await quoter().quote(request());
  expect(quote).toEqual({
    cep: '20040002', uf: 'RJ', region: 'Sudeste', source: 'carrier', service: 'Correios PAC', serviceId: '1', priceCents: 2790, freeShipping: false, minDays: 5, maxDays: 8,
    options: [
      { serviceId: '1', service: 'Correios PAC', priceCents: 2790, minDays: 5, maxDays: 8 },
      { serviceId: '3', service: 'Jadlog .Package', priceCents: 2930, minDays: 4, maxDays: 7 },
      { serviceId: '2', service: 'Correios SEDEX', priceCents: 4630, minDays: 1, maxDays: 3 },
    ],
  });
  expect(fallbacks).toEqual([]);
});

it('answers the service the customer chose, and refuses one the carrier does not offer (400)', async () => {
  await expect(quoter().quote(request({ service: '2' }))).resolves.toMatchObject({ service: 'Correios SEDEX', serviceId: '2', priceCents: 4630, source: 'carrier' });
  await expect(quoter().quote(request({ service: '99' }))).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: [expect.objectContaining({ field: 'shippingService' })] });
});

it('makes the cheapest service free from the free-shipping threshold, the others keep their price', async () => {
  const quote = await quoter().quote(request({ merchandiseCents: 29_900 }));
  expect(quote).toMatchObject({ serviceId: '1', priceCents: 0, freeShipping: true });
  expect(quote?.options.map((o) => o.priceCents)).toEqual([0, 2930, 4630]);
  await expect(quoter().quote(request({ merchandiseCents: 29_900, service: '2' }))).resolves.toMatchObject({ priceCents: 4630, freeShipping: false });
});

it('a slow carrier: the CEP table answers once the timeout passes (no error)', async () => {
  fake.delay(3_000);
  const quote = await quoter(200).quote(request({ service: '2' }));
  expect(quote).toEqual(tableShippingQuoter.quote(request()));
  expect(quote).toMatchObject({ source: 'table', service: 'Entrega padrão', serviceId: null });
  expect(fallbacks).toEqual([expect.stringMatching(/^QuoteTimeout/)]);
});

it('a carrier that is down (HTTP 500) or unreachable: the CEP table answers', async () => {
  fake.failNext(1, 500);
  await expect(quoter().quote(request())).resolves.toMatchObject({ source: 'table', priceCents: tableShippingQuoter.quote(request())?.priceCents });
  const unreachable = await quoter(1_000, (input) => createMelhorEnvioCarrier({ baseUrl: 'http://127.0.0.1:9', accessToken: TOKEN, webhookSecret: 's', userAgent: 'x (y@example.com)' }).quote(input)).quote(request());
  expect(unreachable).toMatchObject({ source: 'table' });
  expect(fallbacks).toHaveLength(2);
  expect(fallbacks[0]).toMatch(/HTTP 500/);
});

it('a parcel no carrier service takes: the CEP table answers', async () => {
  await expect(quoter().quote(request({ items: [{ ...coffeeMaker, weightGrams: 150_000 }] }))).resolves.toMatchObject({ source: 'table' });
  expect(fallbacks).toEqual(['the carrier has no service for this parcel']);
});

it('a CEP outside every state is no quote, and the carrier is not asked', async () => {
  const before = fake.requestCount();
  await expect(quoter().quote(request({ cep: '00000000' }))).resolves.toBeUndefined();
  expect(fake.requestCount()).toBe(before);
});

describe('GET /cart keeps the carrier quote; POST /orders charges it with the chosen service', () => {
  const variant = { sku: 'CAF-1', productId: 'p1', name: 'Cafeteira Expresso', attributes: {}, priceCents: 15_990, stock: 10, active: true, ncm: null, ...coffeeMaker };
  const address = { id: 'a1', label: 'Casa', recipient: 'Ana Souza', street: 'Avenida Rio Branco', number: '1', district: 'Centro', city: 'Rio de Janeiro', state: 'RJ', cep: '20040002' };
  let clockNow: Date;
  let cart: CartContents;
  let created: OrderRecord[];

  function deps(shipping: PlaceOrderDeps['shipping']): PlaceOrderDeps {
    return {
      carts: {
        get: async (_userId, options) => ({ ...structuredClone(cart), ...(options?.addressId === address.id ? { address: address as AddressView } : {}) }),
        add: async () => ({ quantity: 1 }),
        set: async () => true,
        setCoupon: async () => {},
      },
      shippingQuotes: {
        save: async (_userId, quote) => {
          cart.shippingQuote = quote;
        },
      },
      variants: { variants: async () => new Map([['CAF-1', variant]]) },
      coupons: { get: async () => undefined, customerUses: async () => 0 },
      purchases: { hasOrdered: async () => false },
      productCategories: { categoriesOf: async () => new Map() },
      shipping,
      now: () => clockNow,
      orders: {
        create: async (order) => {
          created.push(order);
          return { ok: true as const };
        },
      },
      taxTables: { current: async () => undefined, version: async () => undefined },
      paymentWindowMinutes: 30,
    };
  }
  const getCart = () => viewCart(deps(quoter(200)), 'u1', '20040002');
  const placeWith = (shippingService?: string) => placeOrder(deps(tableOnlyShippingQuoter), { userId: 'u1', addressId: 'a1', correlationId: 'c1', shippingService });
  const table = () => tableShippingQuoter.quote(request()) as NonNullable<ReturnType<typeof tableShippingQuoter.quote>>;

  beforeEach(() => {
    clockNow = new Date('2026-11-27T12:00:00Z');
    cart = { lines: [{ sku: 'CAF-1', quantity: 1 }], couponCode: null };
    created = [];
  });

  it('the carrier\'s quote seen in the cart is the order\'s: service id, name, days and price', async () => {
    expect((await getCart()).shipping).toMatchObject({ source: 'carrier', serviceId: '1' });
    const order = await placeWith('2');
    expect(created[0].shipping).toEqual({ service: 'Correios SEDEX', carrierService: '2', source: 'carrier', minDays: 1, maxDays: 3 });
    expect(promisedDeliveryDate(created[0])).toBe('2026-12-02');
    expect(order).toMatchObject({ shippingCents: 4630, totalCents: 15_990 + 4630 });
    await placeWith();
    expect(created[1]).toMatchObject({ shippingCents: 2790, shipping: { carrierService: '1' } });
  });

  it('the cart prices the service the shopper picked, as the order will; one it does not offer falls back to the cheapest', async () => {
    const sedex = await viewCart(deps(quoter(200)), 'u1', '20040002', '2');
    expect(sedex).toMatchObject({ shippingCents: 4630, totalCents: 15_990 + 4630, shipping: { serviceId: '2', service: 'Correios SEDEX', freeShipping: false, maxDays: 3 } });
    expect(sedex.shipping?.options.map((o) => o.serviceId)).toEqual(['1', '3', '2']);
    const order = await placeWith('2');
    expect(order).toMatchObject({ shippingCents: sedex.shippingCents, totalCents: sedex.totalCents });
    expect(await viewCart(deps(quoter(200)), 'u1', '20040002', '99')).toMatchObject({ shippingCents: 2790, shipping: { serviceId: '1' } });
  });

  it('a service the cart\'s quote does not offer is a 400, and nothing is ordered', async () => {
    await getCart();
    await expect(placeWith('99')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(created).toEqual([]);
  });

  it('the carrier down when the cart was quoted: the cart shows the table, and the order is priced by it', async () => {
    fake.failNext(1, 503);
    expect((await getCart()).shipping).toMatchObject({ source: 'table' });
    await placeWith('2');
    expect(created[0].shipping).toEqual({ service: 'Entrega padrão', carrierService: null, source: 'table', minDays: table().minDays, maxDays: table().maxDays });
    expect(promisedDeliveryDate(created[0])).toBe('2026-12-04');
    expect(created[0].shippingCents).toBe(table().priceCents);
  });

  it('a quote older than 30 minutes, or for another cart, is not charged: the table prices the order', async () => {
    await getCart();
    clockNow = new Date(clockNow.getTime() + 31 * 60_000);
    await placeWith('2');
    expect(created[0].shipping?.source).toBe('table');
    clockNow = new Date('2026-11-27T12:00:00Z');
    await getCart();
    cart.lines = [{ sku: 'CAF-1', quantity: 2 }];
    await placeWith('2');
    expect(created[1].shipping?.source).toBe('table');
  });
});
