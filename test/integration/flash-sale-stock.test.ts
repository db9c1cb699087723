/**
 * Flash units are physical units of the variant: a window takes them from the variant's stock when it
 * opens (a regular cart can no longer sell them), units of an order that ends go back to the window while
 * it is open and to the stock once it has closed, and the window's unsold units go back to the stock once
 * it closes. At every step: variant stock + window remaining + reserved unpaid + paid stays constant.
 * A window closed unsold is one FlashSaleWindowUnsold with its totals and one e-mail to every admin.
 */
import { adminToken, api, eventually, newCustomer, type OutboxMessage, type TestUser } from '../helpers/api.js';
import { checkFlashSale, type FlashWindowReport } from '../helpers/flash.js';
import { addressOf, fillCart, setClock, stockedSku, stockOf } from '../helpers/shop.js';

const HOUR = 3_600_000;

async function windowReport(windowId: string): Promise<FlashWindowReport> {
  return (await checkFlashSale()).windows.find((w) => w.windowId === windowId) as FlashWindowReport;
}

const runSchedule = async (name: string) => {
  const response = await api('POST', `/_local/schedules/${name}/run`);
  expect(response.status).toBe(200);
  return response.body.result;
};

async function payByPix(user: TestUser, orderId: string) {
  const payment = await api('POST', `/orders/${orderId}/payments`, { token: user.accessToken, body: { method: 'pix' } });
  expect(payment.status).toBe(201);
  expect((await api('POST', `/_local/sandbox/payments/${payment.body.paymentId}/pix-paid`)).body.webhook.status).toBe(200);
}

/** An approved card is confirmed by the payment function itself (a Pix by the webhook): for a flash order, that counts the unit in its window. */
async function payByCard(user: TestUser, orderId: string) {
  const card = await api('POST', '/_local/sandbox/cards', { body: { number: '4111111111111111', expMonth: 12, expYear: 2031, cvc: '123', holder: 'ANA SOUZA' } });
  const payment = await api('POST', `/orders/${orderId}/payments`, { token: user.accessToken, body: { method: 'card', cardToken: card.body.cardToken, installments: 1 } });
  expect(payment.status).toBe(201);
  expect(payment.body.status).toBe('APPROVED');
}

afterEach(async () => {
  await setClock();
});

it('a window takes its units from the variant, gives back what it did not sell once, and the books balance', async () => {
  const admin = await adminToken();
  const { sku, productId } = await stockedSku(admin, 12, 729_900);
  const { sku: shortSku, productId: shortProductId } = await stockedSku(admin, 3, 729_900);
  const { sku: emptySku, productId: emptyProductId } = await stockedSku(admin, 0, 729_900);
  // In the past (so it never becomes the current or next sale of the other tests), apart from their
  // campaigns, one window long; of the three, the sale created first is the one claims go to.
  const startMs = Date.parse('2025-09-01T10:00:00.000Z');
  const sale = (s: string, p: string) => ({
    productId: p, sku: s, priceCents: 100, unitsPerWindow: 5, paymentWindowMinutes: 10, perCustomerLimit: 1, shards: 2,
    startsAt: new Date(startMs).toISOString(), endsAt: new Date(startMs + HOUR).toISOString(),
  });
  const created = await api('POST', '/admin/flash-sales', { token: admin, body: sale(sku, productId) });
  expect(created.status).toBe(201);
  const short = await api('POST', '/admin/flash-sales', { token: admin, body: sale(shortSku, shortProductId) });
  const empty = await api('POST', '/admin/flash-sales', { token: admin, body: sale(emptySku, emptyProductId) });
  const windowId = (saleId: string) => `${saleId}@${new Date(startMs).toISOString()}`;
  const shoppers: TestUser[] = [];
  for (let i = 0; i < 4; i++) {
    const user = await newCustomer();
    await addressOf(user);
    shoppers.push(user);
  }

  await setClock(new Date(startMs + 5 * 60_000).toISOString());
  await new Promise((resolve) => setTimeout(resolve, 5_100)); // containers re-read the sale list every 5 s
  // The local scheduler may have fired the hourly rule itself when the clock moved: opened either way.
  const opening = await runSchedule('flash-sale-open-window');
  expect([...opening.opened, ...opening.alreadyOpen]).toEqual(expect.arrayContaining([windowId(created.body.id), windowId(short.body.id)]));
  expect(opening.noStock).toEqual([windowId(empty.body.id)]);
  expect(await stockOf(productId, sku)).toBe(7);
  expect(await stockOf(shortProductId, shortSku)).toBe(0);
  expect((await windowReport(windowId(short.body.id))).unitsPerWindow).toBe(3);

  // A regular cart sells what is left of the variant, never the window's units.
  const buyer = shoppers[3];
  const over = await api('POST', '/cart', { token: buyer.accessToken, body: { sku, quantity: 8 } });
  expect(over.status).toBe(409);
  await fillCart(buyer, [{ sku, quantity: 7 }]);
  const regular = await api('POST', '/orders', { token: buyer.accessToken, body: { addressId: await addressOf(buyer) } });
  expect(regular.status).toBe(201);
  await payByPix(buyer, regular.body.id); // paid, so no expiry gives its 7 units back later
  expect(await stockOf(productId, sku)).toBe(0);

  const claims = [];
  for (const s of shoppers.slice(0, 3)) claims.push(await api('POST', '/flash-sales/current/claims', { token: s.accessToken, body: {} }));
  expect(claims.map((c) => c.status)).toEqual([201, 201, 201]);
  expect(claims.every((c) => c.body.windowId === windowId(created.body.id))).toBe(true);
  await payByCard(shoppers[0], claims[0].body.orderId);

  const books = async () => {
    const w = await windowReport(windowId(created.body.id));
    expect(w.violations).toEqual([]);
    return { stock: await stockOf(productId, sku), remaining: w.remaining, reservedUnpaid: w.reservedUnpaid, paid: w.paid, restocked: w.restocked };
  };
  const total = (b: Awaited<ReturnType<typeof books>>) => b.stock + b.remaining + b.reservedUnpaid + b.paid;
  expect(await books()).toEqual({ stock: 0, remaining: 2, reservedUnpaid: 2, paid: 1, restocked: 0 });

  // The unpaid claims expire while the window is open: their units can sell again in it, not in a cart.
  await setClock(new Date(startMs + 20 * 60_000).toISOString());
  await runSchedule('order-expiry');
  expect(await books()).toEqual({ stock: 0, remaining: 4, reservedUnpaid: 0, paid: 1, restocked: 0 });

  // The window closes: its unsold units go back to the variant, once however often the reconciler runs.
  await setClock(new Date(startMs + HOUR + 5 * 60_000).toISOString());
  expect((await runSchedule('flash-sale-reconcile')).restocked.filter((r: string) => r.startsWith(windowId(created.body.id)))).toHaveLength(2);
  expect(await books()).toEqual({ stock: 4, remaining: 0, reservedUnpaid: 0, paid: 1, restocked: 4 });
  // The sales manager hears of the unsold units: one event for the window (not one per shard), with its totals.
  const unsoldEvents = async () => ((await api('GET', '/_local/events?type=FlashSaleWindowUnsold')).body.items as { detail: { data: Record<string, unknown> } }[])
    .filter((e) => e.detail.data.windowId === windowId(created.body.id));
  const [unsold] = await eventually(async () => ((await unsoldEvents()).length ? unsoldEvents() : undefined), 30_000);
  expect(unsold.detail.data).toEqual({
    saleId: created.body.id, windowId: windowId(created.body.id), sku, productName: expect.any(String), startsAt: new Date(startMs).toISOString(),
    endsAt: new Date(startMs + HOUR).toISOString(), windowUnits: 5, unsoldUnits: 4, claimedUnits: 1,
  });
  // ... and every admin gets one e-mail about it, in pt-BR.
  const mailsAbout = async () => ((await api('GET', `/_local/outbox?type=flash-window-unsold&to=${encodeURIComponent(process.env.ADMIN_EMAIL ?? '')}`)).body.items as OutboxMessage[])
    .filter((m) => m.body.includes(sku));
  const [mail] = await eventually(async () => ((await mailsAbout()).length ? mailsAbout() : undefined), 60_000, 500);
  expect(mail.subject).toMatch(/^Oferta relâmpago não esgotou: .+ \(01\/09 07:00\)$/);
  expect(mail.body).toContain(`(SKU ${sku}) terminou com 4 unidades de 5 unidades sem vender. Elas já voltaram ao estoque do SKU.`);
  await runSchedule('flash-sale-reconcile');
  expect(await stockOf(productId, sku)).toBe(4);
  expect(await stockOf(shortProductId, shortSku)).toBe(3);

  // A paid flash order cancelled after its window closed gives its unit to the variant, not to the closed window.
  expect((await api('DELETE', `/orders/${claims[0].body.orderId}`, { token: shoppers[0].accessToken })).status).toBe(200);
  const closed = await books();
  expect(closed).toEqual({ stock: 5, remaining: 0, reservedUnpaid: 0, paid: 0, restocked: 5 });
  expect(total(closed)).toBe(5);
  // Once per window: the reconciler's later runs, and a unit given back after the close, send nothing more.
  await runSchedule('flash-sale-reconcile');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await unsoldEvents()).toHaveLength(1);
  expect(await mailsAbout()).toHaveLength(1);
}, 180_000);
