/**
 * Crash safety of a claim: the claim use case runs in this process against the local stack's
 * DynamoDB Local, with a failure injected between its steps. After the reconciler (or the
 * customer's retry) the window's books balance again and no unit is lost or duplicated.
 */
import type { FlashSaleService as Service } from '#domain/flash-sale/service.js';
import { api, newCustomer, type TestUser } from '../helpers/api.js';
import { addressOf } from '../helpers/shop.js';
import { inProcessAdapters } from '../helpers/table.js';

const HOUR = 3_600_000;
let saleStartMs: number;
let customer: TestUser;

class Crash extends Error {}

async function service(now: Date, faults: { afterMarker?: () => void; afterUnit?: () => void } = {}): Promise<Service> {
  inProcessAdapters();
  const { FlashSaleService } = await import('#domain/flash-sale/service.js');
  const { SlidingWindowLimiter } = await import('#domain/flash-sale/rate-limit.js');
  const { flashSaleRepository } = await import('#adapters/dynamodb/flash-sales.js');
  const { userRepository } = await import('#adapters/dynamodb/users.js');
  return new FlashSaleService({
    repo: flashSaleRepository,
    addresses: {
      get: (userId, id) => userRepository.getAddress(userId, id),
      first: async (userId) => (await userRepository.listAddresses(userId, 1)).items[0],
    },
    now: () => now,
    realNowMs: Date.now,
    limits: { perCustomer: new SlidingWindowLimiter(1_000, 10_000), perIp: new SlidingWindowLimiter(1_000, 10_000) },
    faults,
    // No waiting in tests: a claim is stale, and an orphan unit reclaimable, at once.
    timing: { staleClaimMs: 0, orphanGraceMs: 0 },
  });
}

async function audit(svc: Service, now: Date) {
  const sale = (await svc.currentSale(now))!;
  const { windowAt } = await import('#domain/flash-sale/windows.js');
  return svc.audit(sale, windowAt(sale, now)!);
}

beforeAll(async () => {
  const current = (await api('GET', '/flash-sales/current')).body;
  saleStartMs = Date.parse(current.window?.startsAt ?? current.nextWindowAt);
  customer = await newCustomer();
  await addressOf(customer);
});

it('dies after taking a unit, before writing the order: the reconciler gives the unit back once, the customer can claim again', async () => {
  const now = new Date(saleStartMs + 20 * HOUR + 60_000);
  const crashing = await service(now, { afterUnit: () => { throw new Crash('died after step 2'); } });
  await expect(crashing.claim({ userId: customer.userId })).rejects.toBeInstanceOf(Crash);

  const healthy = await service(now);
  const before = await audit(healthy, now);
  expect(before.violations).toEqual([
    expect.stringMatching(/holds a unit but has no order/),
    'remaining 99 + reservedUnpaid 0 + paid 0 + restocked 0 != unitsPerWindow 100',
  ]);
  expect(before.remaining).toBe(99);

  const first = await healthy.reconcile(30 * HOUR);
  expect(first.fixed).toEqual([expect.stringMatching(/released unit of claim .* \(no order\) to shard 0/)]);
  expect((await healthy.reconcile(30 * HOUR)).fixed).toEqual([]); // twice is harmless
  const after = await audit(healthy, now);
  expect(after).toMatchObject({ violations: [], remaining: 100, reservedUnpaid: 0, released: 1 });

  const retried = await healthy.claim({ userId: customer.userId });
  expect(retried.orderId).toBe(retried.claimId);
  expect(await audit(healthy, now)).toMatchObject({ violations: [], remaining: 99, reservedUnpaid: 1 });
});

it('dies after writing the marker, before taking a unit: nothing is lost and a retry takes over the stale marker', async () => {
  const now = new Date(saleStartMs + 21 * HOUR + 60_000);
  const crashing = await service(now, { afterMarker: () => { throw new Crash('died after step 1'); } });
  await expect(crashing.claim({ userId: customer.userId })).rejects.toBeInstanceOf(Crash);

  const healthy = await service(now);
  expect(await audit(healthy, now)).toMatchObject({ violations: [], remaining: 100 });
  const retried = await healthy.claim({ userId: customer.userId });
  expect(retried.priceCents).toBe(100);
  expect(await audit(healthy, now)).toMatchObject({ violations: [], remaining: 99, reservedUnpaid: 1 });
  await expect(healthy.claim({ userId: customer.userId })).rejects.toMatchObject({ code: 'ALREADY_CLAIMED' });
});
