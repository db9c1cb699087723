/**
 * Sales reports through the local stack (docs/reports.md): orders placed and paid by Pix and card,
 * one cancelled after payment (refunded) on the next day, one expired; the aggregates the stream
 * consumer keeps must give exactly those figures by day, product, state and payment method, as JSON
 * and CSV, and replaying a stream record must change nothing.
 *
 * Everything happens on a São Paulo day of its own, far from the other tests' (the business clock),
 * so the figures of that day are this test's alone.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from '../../local/handlers.js';
import { adminToken, api, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { runScript } from '../helpers/scripts.js';
import { ADDRESS, addressOf, fillCart, setClock, stockedSku } from '../helpers/shop.js';
import { client, inProcessAdapters } from '../helpers/table.js';

let admin: string;
// A random day of the first half of 2030 (the sandbox's test cards expire in 2031), noon in São Paulo.
const D = `2030-0${1 + Math.floor(Math.random() * 6)}-${String(10 + Math.floor(Math.random() * 18))}`;
const next = (day: string, n = 1) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const D1 = next(D);
const at = (day: string, time: string) => `${day}T${time}-03:00`;

beforeAll(async () => {
  admin = await adminToken();
});
afterAll(async () => {
  await setClock();
});

const cardToken = async () => (await api('POST', '/_local/sandbox/cards', { body: { number: '4111111111111111', expMonth: 12, expYear: 2031, cvc: '123', holder: 'ANA SOUZA' } })).body.cardToken;

async function placeOrder(customer: TestUser, addressId: string, sku: string, quantity: number) {
  await fillCart(customer, [{ sku, quantity }]);
  const response = await api('POST', '/orders', { token: customer.accessToken, body: { addressId } });
  expect(response.status).toBe(201);
  return response.body as { id: string; totalCents: number; paymentDeadline: string };
}

async function payPix(customer: TestUser, orderId: string) {
  const started = await api('POST', `/orders/${orderId}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
  expect(started.status).toBe(201);
  expect((await api('POST', `/_local/sandbox/payments/${started.body.paymentId}/pix-paid`)).body.webhook.status).toBe(200);
  return started.body.paymentId as string;
}

async function payCard(customer: TestUser, orderId: string) {
  const paid = await api('POST', `/orders/${orderId}/payments`, { token: customer.accessToken, body: { method: 'card', cardToken: await cardToken(), installments: 1 } });
  expect(paid.body.status).toBe('APPROVED');
  return paid.body.paymentId as string;
}

const report = async (query: string) => api('GET', `/admin/reports/sales?${query}`, { token: admin });

describe('sales reports', () => {
  const placed: { t1: number; t2: number; t3: number; order1: string; order3: string; pay1: string; pay3: string; productX: string; productY: string } = {} as never;

  beforeAll(async () => {
    const ana = await newCustomer();
    const bia = await newCustomer();
    const anaAddress = await addressOf(ana);
    const biaAddress = await addressOf(bia, { ...ADDRESS, state: 'RJ', city: 'Rio de Janeiro', cep: '20040-020' });
    const x = await stockedSku(admin, 10, 10_000);
    const y = await stockedSku(admin, 10, 5_000);
    placed.productX = x.productId;
    placed.productY = y.productId;

    await setClock(new Date(at(D, '12:00:00')).toISOString());
    const order1 = await placeOrder(ana, anaAddress, x.sku, 2);
    placed.pay1 = await payPix(ana, order1.id);
    const order2 = await placeOrder(bia, biaAddress, y.sku, 1);
    await payCard(bia, order2.id);
    const order3 = await placeOrder(ana, anaAddress, x.sku, 1);
    placed.pay3 = await payCard(ana, order3.id);
    const order4 = await placeOrder(bia, biaAddress, y.sku, 1);
    Object.assign(placed, { t1: order1.totalCents, t2: order2.totalCents, t3: order3.totalCents, order1: order1.id, order3: order3.id });

    // Order 4 gets a Pix charge that is never paid: it expires on day D.
    expect((await api('POST', `/orders/${order4.id}/payments`, { token: bia.accessToken, body: { method: 'pix' } })).status).toBe(201);
    await setClock(new Date(Date.parse(order4.paymentDeadline) + 120_000).toISOString());
    await api('POST', '/_local/schedules/payment-reconciliation/run');
    await api('POST', '/_local/schedules/order-expiry/run');
    expect((await api('GET', `/orders/${order4.id}`, { token: bia.accessToken })).body.status).toBe('EXPIRED');

    // Order 3 is cancelled after payment on the next day: refunded then.
    await setClock(new Date(at(D1, '09:00:00')).toISOString());
    expect((await api('DELETE', `/orders/${order3.id}`, { token: admin })).body.status).toBe('CANCELLED');
    await setClock();
  }, 120_000);

  const expectedByDay = () => [
    { key: D, label: D, revenueCents: placed.t1 + placed.t2 + placed.t3, orders: 3, units: 4 },
    { key: D1, label: D1, revenueCents: -placed.t3, orders: 0, units: -1 },
  ];

  it('by day: revenue on the day paid, the refund on the day refunded, totals and every day present', async () => {
    const body = await eventually(async () => {
      const response = await report(`from=${D}&to=${D1}&groupBy=day`);
      return JSON.stringify(response.body.rows) === JSON.stringify(expectedByDay()) && response.body.totals.cancelledOrders === 1 ? response.body : undefined;
    }, 30_000);
    expect(body).toEqual({
      from: D, to: D1, groupBy: 'day', currency: 'BRL', rows: expectedByDay(),
      totals: {
        revenueCents: placed.t1 + placed.t2, orders: 3, units: 3, refundedCents: placed.t3, cancelledOrders: 1,
        averageOrderCents: Math.round((placed.t1 + placed.t2 + placed.t3) / 3),
      },
    });
    const padded = (await report(`from=${next(D, -1)}&to=${next(D, 2)}&groupBy=day`)).body.rows;
    expect(padded.map((r: { key: string }) => r.key)).toEqual([next(D, -1), D, D1, next(D, 2)]);
    expect(padded[0]).toEqual({ key: next(D, -1), label: next(D, -1), revenueCents: 0, orders: 0, units: 0 });
  });

  it('by product, state and payment method', async () => {
    const rows = async (groupBy: string) => (await report(`from=${D}&to=${D1}&groupBy=${groupBy}`)).body.rows;
    // The expiry run at day D also expires other tests' unpaid orders (their products show as rows of zeros).
    const ours = (await rows('product')).filter((r: { key: string }) => r.key === placed.productX || r.key === placed.productY);
    expect(ours).toEqual([
      expect.objectContaining({ key: placed.productX, revenueCents: 20_000, orders: 2, units: 2 }),
      expect.objectContaining({ key: placed.productY, revenueCents: 5_000, orders: 1, units: 1 }),
    ]);
    expect(await rows('state')).toEqual(expect.arrayContaining([
      { key: 'SP', label: 'SP', revenueCents: placed.t1, orders: 2, units: 2 },
      { key: 'RJ', label: 'RJ', revenueCents: placed.t2, orders: 1, units: 1 },
    ]));
    expect(await rows('paymentMethod')).toEqual(expect.arrayContaining([
      { key: 'pix', label: 'Pix', revenueCents: placed.t1, orders: 1, units: 2 },
      { key: 'card', label: 'Card', revenueCents: placed.t2, orders: 2, units: 1 },
    ]));
  });

  it('CSV: text/csv, a header row, the same numbers', async () => {
    const response = await report(`from=${D}&to=${D1}&groupBy=day&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = response.text.trimEnd().split('\r\n').map((line: string) => line.split(','));
    expect(lines).toEqual([
      ['key', 'label', 'revenueCents', 'orders', 'units'],
      ...expectedByDay().map((r) => [r.key, r.label, String(r.revenueCents), String(r.orders), String(r.units)]),
      ['TOTAL', 'Total', String(placed.t1 + placed.t2), '3', '3'],
    ]);
  });

  it('a big CSV export (the test stack links over 4 KB; AWS over 1 MB) is 303 See Other to a short-lived link that downloads the same file', async () => {
    const from = next(D, -365);
    const response = await fetch(`${process.env.API_URL}/admin/reports/sales?from=${from}&to=${D}&groupBy=day&format=csv`, {
      headers: { authorization: `Bearer ${admin}` }, redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const link = await response.json() as { url: string; expiresAt: string; bytes: number };
    expect(response.headers.get('location')).toBe(link.url);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(200_000);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="sales-day-${from}-${D}.csv"`);
    const text = await file.text();
    expect(Buffer.byteLength(text)).toBe(link.bytes);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 366 + 1);
    expect(lines[0]).toBe('key,label,revenueCents,orders,units');
    expect(lines.at(-2)).toBe(`${D},${D},${placed.t1 + placed.t2 + placed.t3},3,4`);
    expect(lines.at(-1)).toBe(`TOTAL,Total,${placed.t1 + placed.t2 + placed.t3},3,4`);
  });

  it('KPIs against the previous period of as many days (empty here)', async () => {
    const body = (await api('GET', `/admin/reports/kpis?from=${D}&to=${D1}`, { token: admin })).body;
    expect(body).toMatchObject({
      previousFrom: next(D, -2), previousTo: next(D, -1),
      revenueCents: { current: placed.t1 + placed.t2, previous: 0, change: null },
      orders: { current: 3, previous: 0 },
      paidConversion: { current: 0.75, previous: null },
      pixShare: { current: Math.round((1 / 3) * 10_000) / 10_000 },
      pixCharges: { current: 2, previous: 0 },
      pixChargesPaid: { current: 0.5, previous: null },
      refundRate: { current: Math.round((1 / 3) * 10_000) / 10_000 },
    });
    expect(body.topProducts.current[0]).toMatchObject({ productId: placed.productX, revenueCents: 20_000, units: 2 });
  });

  it('reports:check finds no difference on its days; a tampered figure is found (exit 1) and reports:rebuild repairs it', async () => {
    const days = ['--from', D, '--to', D1];
    const clean = await runScript('reports.ts', ['check', ...days]);
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toMatch(/ 0 difference\(s\)/);

    await client().send(new UpdateCommand({
      TableName: process.env.TABLE_NAME, Key: { PK: `SALES#product#${D}`, SK: placed.productX },
      UpdateExpression: 'ADD paidCents :drift', ExpressionAttributeValues: { ':drift': 7 },
    }));
    const drifted = await runScript('reports.ts', ['check', ...days]);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain(`DIFF product|${D}|${placed.productX} paidCents: stored 30007, recomputed 30000`);

    expect((await runScript('reports.ts', ['rebuild', ...days])).code).toBe(0);
    expect((await runScript('reports.ts', ['check', ...days])).code).toBe(0);
    expect((await report(`from=${D}&to=${D1}&groupBy=day`)).body.rows).toEqual(expectedByDay());
  }, 120_000);

  it('a replayed stream record (the sale and the refund, each delivered twice more) changes nothing', async () => {
    inProcessAdapters();
    const { handler } = await import('../../lambdas/handlers/reports/record-sales.js');
    const stored = async (orderId: string, paymentId: string) => (await client().send(new GetCommand({
      TableName: process.env.TABLE_NAME, Key: { PK: `ORDER#${orderId}`, SK: `PAYMENT#${paymentId}` },
    }))).Item as Record<string, unknown>;
    const record = (nextImage: Record<string, unknown>, oldImage: Record<string, unknown>, id: string) => ({
      eventID: id, eventName: 'MODIFY' as const, eventSource: 'aws:dynamodb', awsRegion: 'local',
      dynamodb: {
        Keys: marshall({ PK: nextImage.PK, SK: nextImage.SK }), SequenceNumber: id, StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
        NewImage: marshall(nextImage, { removeUndefinedValues: true }) as never, OldImage: marshall(oldImage, { removeUndefinedValues: true }) as never,
      },
    });
    const pay1 = await stored(placed.order1, placed.pay1);
    const pay3 = await stored(placed.order3, placed.pay3);
    expect(pay3.status).toBe('REFUNDED');
    const event = {
      Records: [
        record({ ...pay1, status: 'APPROVED' }, { ...pay1, status: 'PENDING' }, '1'),
        record(pay3, { ...pay3, status: 'REFUND_PENDING' }, '2'),
      ],
    } as DynamoDBStreamEvent;
    const context = lambdaContext('reports-replay');
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect((await report(`from=${D}&to=${D1}&groupBy=day`)).body.rows).toEqual(expectedByDay());
    expect((await report(`from=${D}&to=${D1}&groupBy=paymentMethod`)).body.rows).toEqual(expect.arrayContaining([
      { key: 'pix', label: 'Pix', revenueCents: placed.t1, orders: 1, units: 2 },
    ]));
  });

  it('a refund of a payment whose sale was never counted (a late Pix returned) counts nothing', async () => {
    inProcessAdapters();
    const { handler } = await import('../../lambdas/handlers/reports/record-sales.js');
    const pay3 = (await client().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: `ORDER#${placed.order3}`, SK: `PAYMENT#${placed.pay3}` } }))).Item as Record<string, unknown>;
    const late: Record<string, unknown> = { ...pay3, SK: 'PAYMENT#LATE-1', paymentId: `LATE-${Date.now()}` };
    const event = {
      Records: [{
        eventID: 'late', eventName: 'MODIFY', eventSource: 'aws:dynamodb', awsRegion: 'local',
        dynamodb: {
          Keys: marshall({ PK: late.PK, SK: late.SK }), SequenceNumber: '9', StreamViewType: 'NEW_AND_OLD_IMAGES',
          NewImage: marshall(late, { removeUndefinedValues: true }), OldImage: marshall({ ...late, status: 'REFUND_PENDING' }, { removeUndefinedValues: true }),
        },
      }],
    } as unknown as DynamoDBStreamEvent;
    expect(await handler(event, lambdaContext('reports-late'))).toEqual({ batchItemFailures: [] });
    expect((await report(`from=${D}&to=${D1}&groupBy=day`)).body.rows).toEqual(expectedByDay());
  });

  it('a fact with more increments than one transaction holds is split into parts, each counted once', async () => {
    inProcessAdapters();
    const { aggregateWriter, aggregateReader } = await import('#adapters/dynamodb/reports.js');
    const day = next(D, 5);
    const many = Array.from({ length: 150 }, (_, i) => ({ dimension: 'variant' as const, value: `SKU-${i}`, label: `v${i}`, counters: { units: 1 } }));
    const list = [{ dimension: 'store' as const, value: '', label: 'Store', counters: { placedOrders: 1 } }, ...many];
    const fact = { id: `test:many:${Date.now()}`, day };
    expect(await aggregateWriter.count(fact, list)).toBe('counted');
    expect(await aggregateWriter.count(fact, list)).toBe('duplicate');
    const rows = await aggregateReader.dimensionDays('variant', [day]);
    expect(rows).toHaveLength(150);
    expect(rows.every((row) => row.counters.units === 1)).toBe(true);
    expect((await aggregateReader.storeDays(day, day)).map((row) => row.counters.placedOrders)).toEqual([1]);
  });

  it('stock: per variant, units sold (net of refunds) in the last 7 and 30 days and days of cover', async () => {
    await setClock(new Date(at(D1, '18:00:00')).toISOString());
    try {
      const items = (await api('GET', '/admin/reports/stock', { token: admin })).body.items as { productId: string; stock: number; unitsSold7d: number; unitsSold30d: number; daysOfCover: number | null }[];
      expect(items.find((i) => i.productId === placed.productX)).toMatchObject({ stock: 7, unitsSold7d: 2, unitsSold30d: 2, daysOfCover: 105 });
      expect(items.find((i) => i.productId === placed.productY)).toMatchObject({ stock: 9, unitsSold7d: 1, unitsSold30d: 1, daysOfCover: 270 });
      const low = (await api('GET', '/admin/reports/stock?lowOnly=true&threshold=7', { token: admin })).body.items as { productId: string; stock: number }[];
      expect(low.some((i) => i.productId === placed.productX)).toBe(true);
      expect(low.some((i) => i.productId === placed.productY)).toBe(false);
      expect(low.every((i) => i.stock <= 7)).toBe(true);
    } finally {
      await setClock();
    }
  });

  it('bad ranges are 400 with the field named; a customer is 403', async () => {
    const field = async (query: string) => (await report(query)).body.error?.details?.[0]?.field;
    expect(await field('from=2026-02-30&to=2026-03-01')).toBe('from');
    expect(await field('from=2026-03-01&to=tomorrow')).toBe('to');
    expect(await field('from=2026-03-02&to=2026-03-01')).toBe('from');
    expect(await field('from=2025-01-01&to=2026-03-01')).toBe('to');
    expect(await field('from=2026-03-01&to=2026-03-02&groupBy=weekday')).toBe('groupBy');
    expect((await report('from=2026-03-01&to=2026-03-02')).status).toBe(200);
    const customer = await newCustomer();
    expect((await api('GET', '/admin/reports/sales?from=2026-03-01&to=2026-03-02', { token: customer.accessToken })).status).toBe(403);
  });
});

describe('flash-sale report', () => {
  it('per window: units, claimed, paid, expired, remaining; seconds to sell out once every shard ran out, null otherwise', async () => {
    inProcessAdapters();
    const { flashSaleRepository } = await import('#adapters/dynamodb/flash-sales.js');
    const { windowAt } = await import('#domain/flash-sale/windows.js');
    const seeded = (await flashSaleRepository.getSale((await api('GET', '/flash-sales/current')).body.saleId))!;
    // A campaign in the past, so it never becomes the current sale of the other tests.
    const startMs = Date.parse('2025-10-01T00:00:00.000Z');
    const sale = { ...seeded, id: `REPORT-${Date.now()}`, unitsPerWindow: 2, shards: 2, startsAt: new Date(startMs).toISOString(), endsAt: new Date(startMs + 2 * 3_600_000).toISOString() };
    expect(await flashSaleRepository.createSale(sale)).toBe('created');
    const first = windowAt(sale, new Date(startMs + 60_000))!;
    const second = windowAt(sale, new Date(startMs + 3_600_000 + 60_000))!;
    expect(await flashSaleRepository.openWindow(sale, first)).toBe('opened');
    expect(await flashSaleRepository.openWindow(sale, second)).toBe('opened');
    expect(await flashSaleRepository.takeUnit(first, 0, 'claim-a')).toBe(true);
    expect(await flashSaleRepository.takeUnit(first, 1, 'claim-b')).toBe(true);
    expect(await flashSaleRepository.takeUnit(second, 0, 'claim-c')).toBe(true);

    const body = await eventually(async () => {
      const response = await api('GET', `/admin/reports/flash-sales?saleId=${sale.id}`, { token: admin });
      return response.body.items?.[0]?.windows?.[1]?.secondsToSellOut !== null ? response.body : undefined;
    }, 20_000);
    const [newest, oldest] = body.items[0].windows;
    expect(oldest).toEqual({
      windowStart: first.startsAt, windowEnd: first.endsAt, units: 2, claimed: 2, paid: 0, expired: 0, remaining: 0, secondsToSellOut: expect.any(Number),
    });
    expect(oldest.secondsToSellOut).toBeGreaterThan(0);
    expect(newest).toEqual({
      windowStart: second.startsAt, windowEnd: second.endsAt, units: 2, claimed: 1, paid: 0, expired: 0, remaining: 1, secondsToSellOut: null,
    });
    expect((await api('GET', '/admin/reports/flash-sales?saleId=NOPE', { token: admin })).status).toBe(404);
    expect((await api('GET', '/admin/reports/flash-sales?limit=0', { token: admin })).body.error.details[0].field).toBe('limit');
  });
});
