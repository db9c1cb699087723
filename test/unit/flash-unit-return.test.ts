/**
 * Where a flash-sale order's unit goes when the order ends: back to its window while the window is
 * open (it can sell again), to the variant's stock once it has closed (the window took it from there).
 */
import { changeStatus } from '#domain/orders/orders.js';
import type { OrderRecord, OrderRepository } from '#domain/orders/ports.js';

const order = (flash: boolean): OrderRecord => ({
  id: 'o1', customerId: 'c1', status: 'PENDING_PAYMENT',
  items: [{ sku: 'IPHONE', productId: 'p', name: 'iPhone', attributes: {}, quantity: 1, unitPriceCents: 100, lineTotalCents: 100 }],
  subtotalCents: 100, discountCents: 0, shippingCents: 0, totalCents: 100, coupon: null, address: {} as OrderRecord['address'], shipping: null,
  paymentDeadline: '2026-11-27T12:15:00.000Z', carrier: null, trackingCode: null, flashSaleId: flash ? 's' : null,
  flashSale: flash ? { saleId: 's', windowStart: '2026-11-27T12:00:00.000Z', windowEnd: '2026-11-27T13:00:00.000Z', shard: 0, claimId: 'o1' } : null,
  timeline: [], correlationId: 'x', createdAt: '2026-11-27T12:05:00.000Z', updatedAt: '2026-11-27T12:05:00.000Z',
});

async function returnOf(o: OrderRecord, at: string) {
  const seen: Parameters<OrderRepository['transition']>[2][] = [];
  const orders = { transition: async (_o: OrderRecord, _to: string, options: (typeof seen)[number]) => { seen.push(options); return true; }, get: async () => o } as unknown as OrderRepository;
  await changeStatus({ orders, now: () => new Date(at) }, o, 'CANCELLED', { correlationId: 'x' });
  return { releaseStock: seen[0].releaseStock, returnFlashUnit: seen[0].returnFlashUnit };
}

it('a flash unit goes back to its window while the window is open', async () => {
  expect(await returnOf(order(true), '2026-11-27T12:59:59.999Z')).toEqual({ releaseStock: false, returnFlashUnit: 'window' });
});

it('a flash unit goes back to the variant\'s stock once its window has closed', async () => {
  expect(await returnOf(order(true), '2026-11-27T13:00:00.000Z')).toEqual({ releaseStock: false, returnFlashUnit: 'stock' });
});

it('a regular order releases its stock and has no flash unit', async () => {
  expect(await returnOf(order(false), '2026-11-27T13:00:00.000Z')).toEqual({ releaseStock: true, returnFlashUnit: false });
});
