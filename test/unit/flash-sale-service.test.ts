/**
 * The claim path's database budget, on an in-memory repository that counts calls: which claims
 * touch the database and how often. Correctness against DynamoDB Local (conditional writes, the
 * invariant, real concurrency) is proven by the integration tests.
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import { httpStatusOf } from '#http/responses.js';
import { AppError } from '#shared/errors.js';
import type { ShardState } from '#domain/flash-sale/invariant.js';
import type { FlashSaleRepository, UnsoldWindowNotice } from '#domain/flash-sale/ports.js';
import { SlidingWindowLimiter } from '#domain/flash-sale/rate-limit.js';
import type { FlashSale } from '#domain/flash-sale/schemas.js';
import { EMPTY_SHARD_MS, SOLD_OUT_RECHECK_MS, FlashSaleService, unsoldNotice } from '#domain/flash-sale/service.js';
import { type SaleWindow, shardUnits, windowAt } from '#domain/flash-sale/windows.js';

const NOW = new Date('2026-11-27T12:05:00.000Z');

function memoryRepo(sale: FlashSale) {
  const calls = { reads: 0, writes: 0, unitAttempts: [] as number[] };
  const hooks: { beforeOrderStates?: () => void; takeUnit?: () => void; beforeOrder?: () => void; afterOrder?: () => void } = {};
  const shards: ShardState[] = [];
  const stock = { units: 0 };
  const markers = new Map<string, { claimId: string; status: 'CLAIMING' | 'CLAIMED' }>();
  const orders = new Map<string, OrderRecord>();
  const notices = new Map<string, UnsoldWindowNotice>();
  const repo: FlashSaleRepository = {
    createSale: async () => 'created',
    listSales: async () => {
      calls.reads++;
      return [sale];
    },
    getSale: async () => sale,
    openWindow: async () => {
      calls.writes++;
      if (shards.length) return 'already-open';
      shards.push(...shardUnits(sale.unitsPerWindow, sale.shards).map((remaining, shard) => ({ shard, remaining, claimTokens: [], returnedTokens: [], restocked: 0 })));
      return 'opened';
    },
    windowHeader: async () => {
      calls.reads++;
      return shards.length ? { windowId: 'w', startsAt: '', endsAt: '', unitsPerWindow: sale.unitsPerWindow, shards: sale.shards, paid: 0, expired: 0 } : undefined;
    },
    windowHeaders: async () => [],
    shards: async () => {
      calls.reads++;
      return structuredClone(shards);
    },
    putMarker: async (_w, userId, slot, claimId, at) => {
      calls.writes++;
      const key = `${userId}#${slot}`;
      const holder = markers.get(key);
      if (holder) return { ok: false, existing: { ...holder, createdAt: at } };
      markers.set(key, { claimId, status: 'CLAIMING' });
      return { ok: true };
    },
    takeOverMarker: async () => false,
    deleteMarker: async (_w, userId, slot, claimId) => {
      calls.writes++;
      const marker = markers.get(`${userId}#${slot}`);
      return marker?.claimId === claimId && marker.status === 'CLAIMING' && markers.delete(`${userId}#${slot}`);
    },
    takeUnit: async (_w, shard, claimId) => {
      calls.writes++;
      hooks.takeUnit?.();
      calls.unitAttempts.push(shard);
      const s = shards[shard];
      if (s.remaining <= 0) return false;
      s.remaining--;
      s.claimTokens.push(claimId);
      return true;
    },
    createClaimOrder: async (order, { userId, slot }) => {
      calls.writes++;
      hooks.beforeOrder?.();
      orders.set(order.id, order);
      markers.set(`${userId}#${slot}`, { claimId: order.id, status: 'CLAIMED' });
      hooks.afterOrder?.();
    },
    releaseUnit: async (_w, shard, claimId) => {
      calls.writes++;
      shards[shard].remaining++;
      shards[shard].returnedTokens.push(claimId);
      return true;
    },
    restockShard: async (_w, _sku, shard, units) => {
      calls.writes++;
      if (shards[shard].remaining !== units) return false;
      shards[shard].remaining = 0;
      shards[shard].restocked += units;
      stock.units += units;
      return true;
    },
    orderStates: async (claimIds) => {
      hooks.beforeOrderStates?.();
      return new Map(claimIds.map((id) => {
        const order = orders.get(id);
        return [id, order && { status: order.status, customerId: order.customerId }];
      }));
    },
    recordReconciliation: async () => undefined,
    noteUnsoldWindow: async (notice) => {
      calls.writes++;
      if (notices.has(notice.windowId)) return false;
      notices.set(notice.windowId, notice);
      return true;
    },
  };
  return { repo, calls, shards, orders, hooks, stock, notices };
}

/** `random` picks each claim's first shard; by default every claim starts at shard 0. */
function setup(shards: number, units: number, random: () => number = () => 0, now: () => Date = () => NOW) {
  const sale: FlashSale = {
    id: 'sale', name: 'iPhone', productId: 'p', sku: 'IPHONE', priceCents: 100, unitsPerWindow: units, paymentWindowMinutes: 10,
    perCustomerLimit: 1, shards, startsAt: '2026-11-27T00:00:00.000Z', endsAt: '2026-11-28T00:00:00.000Z', createdAt: '2026-11-01T00:00:00.000Z',
  };
  const memory = memoryRepo(sale);
  let realNow = 1_000_000;
  const service = new FlashSaleService({
    repo: memory.repo,
    addresses: { get: async () => undefined, first: async () => ({ id: 'a', label: 'Casa' }) as never },
    now,
    realNowMs: () => realNow,
    limits: { perCustomer: new SlidingWindowLimiter(1_000, 10_000), perIp: new SlidingWindowLimiter(1_000_000, 10_000) },
    random,
  });
  const claim = async (userId: string) => {
    const input = { userId, ip: '10.0.0.1' };
    try {
      service.screen(input, { fromMemory: true });
      return { status: 201, result: await service.claim(input) };
    } catch (error) {
      return { status: error instanceof AppError ? httpStatusOf(error) : 500, error };
    }
  };
  return { ...memory, service, claim, advance: (ms: number) => { realNow += ms; } };
}

describe('flash-sale claims: database calls', () => {
  it('sells every unit across ten shards, moving on from an empty shard to one with units', async () => {
    const { claim, shards } = setup(10, 10);
    // Everyone starts at shard 0: after its one unit goes, claims must find the other shards.
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await claim(`c${i * 10}`));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(shards.every((s) => s.remaining === 0)).toBe(true);
    expect((await claim('late')).status).toBe(410);
  });

  it('a burst on a fresh container reads the sale list and the window header once, not once per claim', async () => {
    const { claim, calls } = setup(1, 100);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => claim(`c${i}`)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    // 1 sale list + 1 header; the window is opened once (the hourly rule was late); then only a
    // claim's own writes (marker, unit, order).
    expect(calls.reads).toBe(2);
    expect(calls.writes).toBe(1 + 50 * 3);
  });

  it('a claim that meets an empty shard reads the shards once and tries only those with units', async () => {
    const { claim, calls, shards } = setup(10, 10, () => 0.3);
    await claim('first'); // opens the window
    for (const s of shards) s.remaining = s.shard === 7 ? 1 : 0;
    calls.unitAttempts.length = 0;
    const reads = calls.reads;
    expect((await claim('c')).status).toBe(201);
    expect(calls.unitAttempts).toEqual([3, 7]);
    expect(calls.reads - reads).toBe(1);
  });

  it('a container skips the shards it saw empty for EMPTY_SHARD_MS: the next claim starts on one with units', async () => {
    const { claim, calls, advance } = setup(10, 20, () => 0);
    for (const c of ['a', 'b']) expect((await claim(c)).status).toBe(201); // shard 0's two units
    expect((await claim('c')).status).toBe(201); // fails on shard 0, reads the shards, takes shard 1
    calls.unitAttempts.length = 0;
    const reads = calls.reads;
    expect((await claim('d')).status).toBe(201);
    expect(calls.unitAttempts).toEqual([1]);
    expect(calls.reads - reads).toBe(0);

    // The memory ends: shard 0 is tried again (a unit may have come back), then the shards are read.
    advance(EMPTY_SHARD_MS);
    calls.unitAttempts.length = 0;
    expect((await claim('e')).status).toBe(201);
    expect(calls.unitAttempts).toEqual([0, 2]);
    expect(calls.reads - reads).toBe(1);
  });

  it('a unit back on a shard known empty is still sold: no 410 before a read of every shard', async () => {
    const { claim, repo, calls } = setup(2, 2, () => 0);
    const first = await claim('a'); // shard 0
    expect((await claim('b')).status).toBe(201); // fails on shard 0 (now known empty), takes shard 1
    await repo.releaseUnit({ saleId: 'sale', id: 'w', startsAt: '', endsAt: '' }, 0, first.result?.claimId ?? '');
    calls.unitAttempts.length = 0;
    expect((await claim('c')).status).toBe(201);
    expect(calls.unitAttempts).toEqual([1, 0]);
  });

  it('after sell-out: the next claim costs no database call, and one claim per second re-checks', async () => {
    const { claim, calls, advance } = setup(10, 10);
    for (let i = 0; i < 10; i++) expect((await claim(`w${i}`)).status).toBe(201);
    const last = await claim('loser'); // finds every shard empty and raises the flag
    expect(last.status).toBe(410);

    const before = { ...calls, unitAttempts: calls.unitAttempts.length };
    const crowd = await Promise.all(Array.from({ length: 500 }, (_, i) => claim(`crowd${i}`)));
    expect(crowd.every((r) => r.status === 410)).toBe(true);
    expect(calls.writes - before.writes).toBe(0);
    expect(calls.reads - before.reads).toBe(0);

    // A second later exactly one claim re-checks (one read); the rest still answer from memory.
    advance(SOLD_OUT_RECHECK_MS);
    const next = await Promise.all(Array.from({ length: 100 }, (_, i) => claim(`next${i}`)));
    expect(next.every((r) => r.status === 410)).toBe(true);
    expect(calls.writes - before.writes).toBe(0);
    expect(calls.reads - before.reads).toBe(1);
  });

  it('a unit that comes back is claimable after the next re-check', async () => {
    const { claim, repo, shards, advance } = setup(1, 1);
    const won = await claim('w');
    expect((await claim('x')).status).toBe(410);
    await repo.releaseUnit({ saleId: 'sale', id: 'w', startsAt: '', endsAt: '' }, 0, won.result?.claimId ?? '');
    expect((await claim('y')).status).toBe(410); // still trusting memory
    advance(SOLD_OUT_RECHECK_MS);
    expect((await claim('z')).status).toBe(201);
    expect(shards[0].remaining).toBe(0);
  });

  it('a claim with an Idempotency-Key is never refused from memory (its first answer may be a 201)', async () => {
    const { service, claim } = setup(1, 1);
    await claim('w');
    await claim('x');
    expect(() => service.screen({ userId: 'k', ip: '10.0.0.2' }, { fromMemory: true })).toThrow(expect.objectContaining({ reason: 'gone' }));
    expect(() => service.screen({ userId: 'k', ip: '10.0.0.2' }, { fromMemory: false })).not.toThrow();
  });

  it('hands out the session check only for the marker write, and a sold-out re-check reads nothing else', async () => {
    const { service, claim, calls, advance } = setup(1, 1);
    const rider = { userId: 'u', issuedAtMs: 0, settle: jest.fn(), held: jest.fn() };
    const session = jest.fn(() => rider);
    service.screen({ userId: 'winner', ip: '10.0.0.1' }, { fromMemory: true });
    await service.claim({ userId: 'winner', session });
    expect(session).toHaveBeenCalledTimes(1);
    expect(rider.held).toHaveBeenCalledTimes(1);
    expect((await claim('late')).status).toBe(410);
    advance(SOLD_OUT_RECHECK_MS + 1);
    const before = { ...calls };
    service.screen({ userId: 'again', ip: '10.0.0.1' }, { fromMemory: true });
    await expect(service.claim({ userId: 'again', session })).rejects.toMatchObject({ code: 'SOLD_OUT' });
    expect(session).toHaveBeenCalledTimes(1);
    expect({ reads: calls.reads - before.reads, writes: calls.writes - before.writes }).toEqual({ reads: 1, writes: 0 });
  });

  it('a claim without an address gives its unit and its marker back before the 400', async () => {
    const { service, shards, claim } = setup(1, 1);
    await expect(service.claim({ userId: 'homeless', addressId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(shards[0]).toMatchObject({ remaining: 1, returnedTokens: shards[0].claimTokens });
    expect((await claim('homeless')).status).toBe(201);
  });
});

describe('flash-sale claims: failures', () => {
  it('a throttled unit write frees the marker, so the customer can retry at once', async () => {
    const { claim, hooks, shards } = setup(1, 10);
    await claim('first'); // opens the window
    hooks.takeUnit = () => {
      hooks.takeUnit = undefined;
      throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
    };
    expect((await claim('c')).status).toBe(500);
    const retry = await claim('c');
    expect(retry.status).toBe(201);
    expect(shards[0].remaining).toBe(8);
  });

  const throttled = () => Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });

  it('an order write that failed gives the unit and the marker back at once: the retry wins, no unit is held', async () => {
    const { claim, hooks, shards, orders } = setup(1, 10);
    await claim('first');
    hooks.beforeOrder = () => {
      hooks.beforeOrder = undefined;
      throw throttled();
    };
    expect((await claim('c')).status).toBe(500);
    expect(shards[0].remaining).toBe(9);
    const retry = await claim('c');
    expect(retry.status).toBe(201);
    expect(shards[0].remaining).toBe(8);
    expect([...orders.values()].filter((o) => o.customerId === 'c')).toHaveLength(1);
  });

  it('an order written whose answer was lost stands: the claim is answered with it, the unit stays sold', async () => {
    const { claim, hooks, shards, orders } = setup(1, 10);
    await claim('first');
    hooks.afterOrder = () => {
      hooks.afterOrder = undefined;
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    const won = await claim('c');
    expect(won.status).toBe(201);
    expect(orders.get(won.result?.orderId ?? '')?.customerId).toBe('c');
    expect(shards[0].remaining).toBe(8);
    expect((await claim('c')).status).toBe(409);
  });
});

describe('flash-sale audit', () => {
  it('does not mistake an expiry that lands between its reads for a violation', async () => {
    const { service, claim, orders, shards, hooks } = setup(1, 2);
    const won = await claim('w');
    const sale = (await service.currentSale(NOW)) as FlashSale;
    const window = windowAt(sale, NOW) as SaleWindow;
    // The expiry sweeper's transaction (order EXPIRED + unit back) commits after the audit read
    // the shards and before it reads the orders.
    hooks.beforeOrderStates = () => {
      hooks.beforeOrderStates = undefined;
      const order = orders.get(won.result?.orderId ?? '') as OrderRecord;
      orders.set(order.id, { ...order, status: 'EXPIRED' });
      shards[0].remaining++;
      shards[0].returnedTokens.push(order.id);
    };
    expect(await service.audit(sale, window)).toMatchObject({ violations: [], remaining: 2, reservedUnpaid: 0 });
  });
});

describe('flash-sale units and the variant\'s stock', () => {
  it('a closed window gives its unsold units back to the stock once; an open one keeps them', async () => {
    let now = NOW;
    const { claim, service, shards, stock } = setup(2, 10, () => 0, () => now);
    expect((await claim('a')).status).toBe(201);
    // The memory repository has one window's shards: each look-back reaches only the 12:00 window.
    expect((await service.reconcile(5 * 60_000)).restocked).toEqual([]);
    expect(stock.units).toBe(0);

    now = new Date('2026-11-27T13:00:00.000Z');
    const first = await service.reconcile(60 * 60_000 - 1);
    expect(first.restocked).toHaveLength(2);
    expect(stock.units).toBe(9);
    expect(shards.map((s) => [s.remaining, s.restocked])).toEqual([[0, 4], [0, 5]]);
    expect((await service.reconcile(60 * 60_000 - 1)).restocked).toEqual([]);
    expect(stock.units).toBe(9);
  });

  it('notes a closed window\'s unsold units once, with the totals over its shards, after every shard gave them back', async () => {
    let now = NOW;
    const { claim, service, notices, repo } = setup(2, 10, () => 0, () => now);
    expect((await claim('a')).status).toBe(201);
    expect((await service.reconcile(5 * 60_000)).unsold).toEqual([]);

    now = new Date('2026-11-27T13:00:00.000Z');
    // Shard 1's restock loses to a concurrent move this time: the notice waits for the next run.
    const restock = repo.restockShard;
    repo.restockShard = async (window, sku, shard, units) => (shard === 1 ? false : restock(window, sku, shard, units));
    expect((await service.reconcile(60 * 60_000 - 1)).unsold).toEqual([]);
    expect(notices.size).toBe(0);
    repo.restockShard = restock;
    const id = 'sale@2026-11-27T12:00:00.000Z';
    expect((await service.reconcile(60 * 60_000 - 1)).unsold).toEqual([`${id}: 9 of 10 unit(s) unsold`]);
    expect(notices.get(id)).toEqual({
      saleId: 'sale', windowId: id, sku: 'IPHONE', productName: 'iPhone', startsAt: '2026-11-27T12:00:00.000Z', endsAt: '2026-11-27T13:00:00.000Z',
      windowUnits: 10, unsoldUnits: 9, claimedUnits: 1, at: '2026-11-27T13:00:00.000Z',
    });
    expect((await service.reconcile(60 * 60_000 - 1)).unsold).toEqual([]);
    expect(notices.size).toBe(1);
  });

  it('notes nothing for a window that sold out', () => {
    const sale = { id: 's', sku: 'X', name: 'X' } as FlashSale;
    const window = { saleId: 's', id: 's@t', startsAt: 't', endsAt: 'u' };
    const sold = [{ shard: 0, remaining: 0, claimTokens: ['a', 'b'], returnedTokens: [], restocked: 0 }];
    expect(unsoldNotice(sale, window, sold, 'now')).toBeUndefined();
    expect(unsoldNotice(sale, window, [{ ...sold[0], remaining: 1 }], 'now')).toBeUndefined();
  });
});

it('the hourly rule reports windows opened short of stock and those without stock', async () => {
  const { service, repo } = setup(1, 10);
  for (const opening of ['opened', 'opened-short', 'already-open', 'no-stock'] as const) {
    repo.openWindow = async () => opening;
    const result = await service.openCurrentWindows();
    const id = 'sale@2026-11-27T12:00:00.000Z';
    expect(result).toEqual({
      opened: opening === 'opened' || opening === 'opened-short' ? [id] : [],
      alreadyOpen: opening === 'already-open' ? [id] : [],
      short: opening === 'opened-short' ? [id] : [],
      noStock: opening === 'no-stock' ? [id] : [],
    });
  }
});
