import { checkWindow, claimTimeMs } from '#domain/flash-sale/invariant.js';
import { clientIpFrom, clientIpSource } from '#http/client-ip.js';
import { SlidingWindowLimiter } from '#domain/flash-sale/rate-limit.js';
import { nextWindowAt, recentWindows, shardOrder, shardUnits, windowAt } from '#domain/flash-sale/windows.js';
import { CreateFlashSaleBody } from '#domain/flash-sale/schemas.js';

const sale = { id: 's1', startsAt: '2026-11-27T10:30:00.000Z', endsAt: '2026-11-27T14:00:00.000Z' };

describe('windows', () => {
  it('opens on the hour, clipped to the sale', () => {
    expect(windowAt(sale, new Date('2026-11-27T10:29:59Z'))).toBeUndefined();
    expect(windowAt(sale, new Date('2026-11-27T10:45:00Z'))).toMatchObject({ startsAt: '2026-11-27T10:30:00.000Z', endsAt: '2026-11-27T11:00:00.000Z' });
    expect(windowAt(sale, new Date('2026-11-27T11:00:00Z'))).toMatchObject({ id: 's1@2026-11-27T11:00:00.000Z', endsAt: '2026-11-27T12:00:00.000Z' });
    expect(windowAt(sale, new Date('2026-11-27T14:00:00Z'))).toBeUndefined();
  });
  it('tells when the next window opens', () => {
    expect(nextWindowAt(sale, new Date('2026-11-27T09:00:00Z'))).toBe('2026-11-27T10:30:00.000Z');
    expect(nextWindowAt(sale, new Date('2026-11-27T11:59:59Z'))).toBe('2026-11-27T12:00:00.000Z');
    expect(nextWindowAt(sale, new Date('2026-11-27T13:10:00Z'))).toBeNull();
  });
  it('lists recent windows for reconciliation', () => {
    expect(recentWindows(sale, new Date('2026-11-27T12:10:00Z'), 2 * 3_600_000).map((w) => w.startsAt))
      .toEqual(['2026-11-27T10:30:00.000Z', '2026-11-27T11:00:00.000Z', '2026-11-27T12:00:00.000Z']);
  });
  it('splits units over shards and visits every shard once per claim', () => {
    expect(shardUnits(100, 1)).toEqual([100]);
    expect(shardUnits(100, 3)).toEqual([34, 33, 33]);
    expect(shardUnits(5, 10).reduce((a, b) => a + b, 0)).toBe(5);
    expect(shardOrder(4, () => 0.6)).toEqual([2, 3, 0, 1]);
  });
});

describe('client IP for the per-IP limit', () => {
  const forged = { 'x-forwarded-for': '1.2.3.4, 203.0.113.9', 'cloudfront-viewer-address': '198.51.100.7:51234' };

  it('uses API Gateway\'s source IP by default, never a header the client can write', () => {
    expect(clientIpFrom(clientIpSource(undefined), forged, '203.0.113.9')).toBe('203.0.113.9');
  });

  it('behind CloudFront, the viewer address without its port (IPv4 and IPv6)', () => {
    expect(clientIpFrom('cloudfront', forged, '130.176.0.1')).toBe('198.51.100.7');
    expect(clientIpFrom('cloudfront', { 'cloudfront-viewer-address': '2001:db8::7:443' }, '130.176.0.1')).toBe('2001:db8::7');
    expect(clientIpFrom('cloudfront', {}, '130.176.0.1')).toBe('130.176.0.1');
  });

  it('reads X-Forwarded-For only when told to (the local stack), and refuses unknown sources', () => {
    expect(clientIpFrom('x-forwarded-for', forged, '127.0.0.1')).toBe('1.2.3.4');
    expect(() => clientIpSource('first-header')).toThrow(/CLIENT_IP_SOURCE/);
  });
});

describe('rate limiter', () => {
  it('allows the limit per window, then says how long to wait', () => {
    const limiter = new SlidingWindowLimiter(3, 10_000);
    expect([0, 1, 2].map((i) => limiter.hit('a', 1_000 + i))).toEqual([0, 0, 0]);
    expect(limiter.hit('a', 1_005)).toBe(10);
    expect(limiter.hit('b', 1_005)).toBe(0);
    expect(limiter.hit('a', 11_001)).toBe(0);
  });
});

describe('window invariant', () => {
  const base = { windowId: 'w', unitsPerWindow: 3, perCustomerLimit: 1, inFlightGraceMs: 60_000, nowMs: claimTimeMs('01M8500000000000000000000Z') + 120_000 };
  const old = (n: number) => `01M8500000000000000000000${n}`;

  it('balances remaining + reservedUnpaid + paid', () => {
    const report = checkWindow({
      ...base,
      shards: [{ shard: 0, remaining: 1, claimTokens: [old(1), old(2), old(3)], returnedTokens: [old(3)], restocked: 0 }],
      orders: new Map([[old(1), { status: 'PENDING_PAYMENT', customerId: 'a' }], [old(2), { status: 'PAID', customerId: 'b' }], [old(3), { status: 'EXPIRED', customerId: 'c' }]]),
    });
    expect(report).toMatchObject({ remaining: 1, reservedUnpaid: 1, paid: 1, released: 1, violations: [] });
  });
  it('counts units given back to the variant\'s stock after the window closed as restocked', () => {
    const closed = { ...base, shards: [{ shard: 0, remaining: 0, claimTokens: [old(1), old(2)], returnedTokens: [old(2)], restocked: 2 }], orders: new Map([[old(1), { status: 'PAID', customerId: 'a' }], [old(2), { status: 'EXPIRED', customerId: 'b' }]]) };
    expect(checkWindow(closed)).toMatchObject({ remaining: 0, paid: 1, restocked: 2, violations: [] });
    // A unit both back on the shard and restocked would be counted twice.
    const twice = checkWindow({ ...closed, shards: [{ ...closed.shards[0], remaining: 1 }] });
    expect(twice.violations).toEqual([expect.stringMatching(/restocked 2 != unitsPerWindow 3/)]);
  });
  it('flags a unit without an order once the grace period is over, and oversell and double holding', () => {
    const report = checkWindow({
      ...base,
      shards: [{ shard: 0, remaining: -1, claimTokens: [old(1), old(2)], returnedTokens: [], restocked: 0 }, { shard: 1, remaining: 0, claimTokens: [old(2)], returnedTokens: [], restocked: 0 }],
      orders: new Map([[old(1), undefined], [old(2), { status: 'PAID', customerId: 'a' }]]),
    });
    expect(report.violations).toEqual(expect.arrayContaining([
      expect.stringMatching(/remaining -1 < 0/),
      expect.stringMatching(/holds units in two shards/),
      expect.stringMatching(/holds a unit but has no order/),
    ]));
  });
  it('counts a young claim without an order as in flight', () => {
    const young = checkWindow({ ...base, nowMs: claimTimeMs(old(1)) + 1_000, shards: [{ shard: 0, remaining: 2, claimTokens: [old(1)], returnedTokens: [], restocked: 0 }], orders: new Map([[old(1), undefined]]) });
    expect(young).toMatchObject({ inFlight: 1, reservedUnpaid: 1, violations: [] });
  });
  it('flags a customer over the per-customer limit', () => {
    const report = checkWindow({
      ...base,
      shards: [{ shard: 0, remaining: 1, claimTokens: [old(1), old(2)], returnedTokens: [], restocked: 0 }],
      orders: new Map([[old(1), { status: 'PENDING_PAYMENT', customerId: 'a' }], [old(2), { status: 'PENDING_PAYMENT', customerId: 'a' }]]),
    });
    expect(report.violations).toEqual([expect.stringMatching(/customer a holds 2 units/)]);
  });
});

describe('sale configuration', () => {
  const base = { productId: 'p1', sku: 'IPHONE', priceCents: 100, startsAt: '2026-11-27T00:00:00Z', endsAt: '2026-11-28T00:00:00Z', paymentWindowMinutes: 10 };
  const issues = (body: object) => {
    const result = CreateFlashSaleBody.safeParse(body);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('keeps every shard item small: at most 1,000 units per shard', () => {
    expect(issues({ ...base, unitsPerWindow: 1_000 })).toEqual([]);
    expect(issues({ ...base, unitsPerWindow: 1_001 })).toEqual(['shards: at most 1000 units per shard: use at least 2 shards']);
    expect(issues({ ...base, unitsPerWindow: 20_000, shards: 20 })).toEqual([]);
    expect(issues({ ...base, unitsPerWindow: 20_001, shards: 20 })).toEqual(['shards: at most 1000 units per shard: use at least 21 shards']);
  });

  it('refuses more shards than units and an end before the start', () => {
    expect(issues({ ...base, unitsPerWindow: 5, shards: 6 })).toEqual(['shards: shards cannot exceed unitsPerWindow']);
    expect(issues({ ...base, unitsPerWindow: 5, endsAt: base.startsAt })).toEqual(['endsAt: endsAt must be after startsAt']);
  });
});
