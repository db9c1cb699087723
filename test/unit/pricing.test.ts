import fc from 'fast-check';
import { type CartLine, type Coupon, evaluateCoupon, priceCart } from '#domain/orders/pricing.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');

const coupon = (extra: Partial<Coupon> = {}): Coupon => ({
  code: 'BLACK10',
  type: 'percent',
  value: 10,
  minSubtotalCents: 0,
  maxUses: null,
  usedCount: 0,
  perCustomerLimit: null,
  validFrom: '2026-11-01T00:00:00.000Z',
  validUntil: '2026-12-01T00:00:00.000Z',
  status: 'active',
  firstPurchaseOnly: false,
  scope: null,
  ...extra,
});

const evaluate = (c: Coupon | undefined, subtotalCents: number, extra: { now?: Date; customerUses?: number } = {}) =>
  evaluateCoupon(c, { subtotalCents, now: extra.now ?? NOW, customerUses: extra.customerUses ?? 0 });

const line = (sku: string, unitPriceCents: number, quantity: number): CartLine => ({ sku, productId: `p-${sku}`, name: `Produto ${sku}`, quantity, unitPriceCents });

describe('evaluateCoupon: discounts', () => {
  it.each([
    [10, 999, 99], // 99.9 rounds down
    [10, 1000, 100],
    [15, 1999, 299], // 299.85
    [33, 100, 33],
    [1, 99, 0], // 0.99 rounds down to nothing
    [100, 12_345, 12_345],
    [50, 0, 0],
  ])('%i%% of %i is %i', (percent, subtotal, discount) => {
    expect(evaluate(coupon({ value: percent }), subtotal)).toEqual({ applies: true, discountCents: discount });
  });

  it.each([
    [2000, 10_000, 2000],
    [2000, 2000, 2000],
    [2000, 1500, 1500], // never more than the merchandise
  ])('fixed %i on %i is %i', (value, subtotal, discount) => {
    expect(evaluate(coupon({ type: 'fixed', value }), subtotal)).toEqual({ applies: true, discountCents: discount });
  });
});

describe('evaluateCoupon: rejections', () => {
  it('reports a missing coupon', () => {
    expect(evaluate(undefined, 1000)).toEqual({ applies: false, reason: 'NOT_FOUND', message: 'Coupon not found' });
  });

  it('is valid from validFrom inclusive to validUntil exclusive', () => {
    const c = coupon({ validFrom: '2026-11-01T00:00:00.000Z', validUntil: '2026-12-01T00:00:00.000Z' });
    const at = (iso: string) => evaluate(c, 1000, { now: new Date(iso) });
    expect(at('2026-10-31T23:59:59.999Z')).toMatchObject({ applies: false, reason: 'NOT_YET_VALID' });
    expect(at('2026-11-01T00:00:00.000Z')).toMatchObject({ applies: true });
    expect(at('2026-11-30T23:59:59.999Z')).toMatchObject({ applies: true });
    expect(at('2026-12-01T00:00:00.000Z')).toMatchObject({ applies: false, reason: 'EXPIRED' });
  });

  it('never applies a coupon with an unreadable window', () => {
    expect(evaluate(coupon({ validFrom: 'soon' }), 1000)).toMatchObject({ applies: false, reason: 'NOT_YET_VALID' });
    expect(evaluate(coupon({ validUntil: 'later' }), 1000)).toMatchObject({ applies: false, reason: 'EXPIRED' });
  });

  it('is exhausted once usedCount reaches maxUses', () => {
    expect(evaluate(coupon({ maxUses: 100, usedCount: 99 }), 1000)).toMatchObject({ applies: true });
    expect(evaluate(coupon({ maxUses: 100, usedCount: 100 }), 1000)).toMatchObject({ applies: false, reason: 'EXHAUSTED' });
    expect(evaluate(coupon({ maxUses: 100, usedCount: 101 }), 1000)).toMatchObject({ applies: false, reason: 'EXHAUSTED' });
    expect(evaluate(coupon({ maxUses: 0 }), 1000)).toMatchObject({ applies: false, reason: 'EXHAUSTED' });
  });

  it('limits uses per customer', () => {
    const c = coupon({ perCustomerLimit: 1 });
    expect(evaluate(c, 1000, { customerUses: 0 })).toMatchObject({ applies: true });
    expect(evaluate(c, 1000, { customerUses: 1 })).toMatchObject({ applies: false, reason: 'CUSTOMER_LIMIT_REACHED' });
  });

  it('treats null limits as unlimited', () => {
    expect(evaluate(coupon({ maxUses: null, usedCount: 1_000_000, perCustomerLimit: null }), 1000, { customerUses: 500 }))
      .toEqual({ applies: true, discountCents: 100 });
  });

  it('requires the minimum subtotal, inclusive', () => {
    const c = coupon({ type: 'fixed', value: 5000, minSubtotalCents: 20_000 });
    expect(evaluate(c, 20_000)).toEqual({ applies: true, discountCents: 5000 });
    expect(evaluate(c, 19_999)).toEqual({
      applies: false, reason: 'BELOW_MINIMUM', message: 'Coupon requires a merchandise subtotal of at least BRL 200.00',
    });
  });

  it('reports the first failing rule: window, then uses, then customer, then minimum', () => {
    const broken = { maxUses: 1, usedCount: 1, perCustomerLimit: 1, minSubtotalCents: 1_000_000 };
    expect(evaluate(coupon({ ...broken, validFrom: '2027-01-01T00:00:00Z', validUntil: '2027-02-01T00:00:00Z' }), 1, { customerUses: 1 }))
      .toMatchObject({ reason: 'NOT_YET_VALID' });
    expect(evaluate(coupon({ ...broken, validUntil: '2026-11-02T00:00:00Z' }), 1, { customerUses: 1 })).toMatchObject({ reason: 'EXPIRED' });
    expect(evaluate(coupon(broken), 1, { customerUses: 1 })).toMatchObject({ reason: 'EXHAUSTED' });
    expect(evaluate(coupon({ ...broken, maxUses: null }), 1, { customerUses: 1 })).toMatchObject({ reason: 'CUSTOMER_LIMIT_REACHED' });
    expect(evaluate(coupon({ ...broken, maxUses: null }), 1, { customerUses: 0 })).toMatchObject({ reason: 'BELOW_MINIMUM' });
  });
});

describe('evaluateCoupon: status, first purchase and scope', () => {
  it('refuses a disabled coupon before any other rule', () => {
    expect(evaluate(coupon({ status: 'disabled', validUntil: '2020-01-01T00:00:00Z' }), 1000)).toEqual({ applies: false, reason: 'DISABLED', message: 'Coupon is not active' });
  });

  it('gives a first-purchase coupon only to a customer who never ordered', () => {
    const c = coupon({ firstPurchaseOnly: true });
    expect(evaluateCoupon(c, { subtotalCents: 1000, now: NOW, customerUses: 0, hasOrdered: false })).toEqual({ applies: true, discountCents: 100 });
    expect(evaluateCoupon(c, { subtotalCents: 1000, now: NOW, customerUses: 0, hasOrdered: true })).toMatchObject({ applies: false, reason: 'FIRST_PURCHASE_ONLY' });
    expect(evaluateCoupon(coupon(), { subtotalCents: 1000, now: NOW, customerUses: 0, hasOrdered: true })).toMatchObject({ applies: true });
  });

  const cart = [line('A', 10_000, 1), line('B', 3_000, 2)];

  it('discounts only the lines of the scoped products, with the minimum on the whole subtotal', () => {
    const c = coupon({ value: 10, minSubtotalCents: 15_000, scope: { productIds: ['p-B'], categoryIds: [] } });
    expect(priceCart(cart, { coupon: c, now: NOW, customerUses: 0, shippingCents: null })).toMatchObject({
      subtotalCents: 16_000, discountCents: 600, coupon: { applied: true, discountCents: 600 },
    });
  });

  it('scopes by category through the products\' categories', () => {
    const c = coupon({ type: 'fixed', value: 50_000, scope: { productIds: [], categoryIds: ['celulares'] } });
    const categoriesOf = new Map([['p-A', ['eletronicos', 'celulares']], ['p-B', ['casa']]]);
    // a fixed coupon never takes more than the lines it covers
    expect(priceCart(cart, { coupon: c, now: NOW, customerUses: 0, shippingCents: null, categoriesOf })).toMatchObject({ discountCents: 10_000 });
  });

  it('refuses a scoped coupon when no line is in its scope', () => {
    const c = coupon({ scope: { productIds: ['p-Z'], categoryIds: ['livros'] } });
    expect(priceCart(cart, { coupon: c, now: NOW, customerUses: 0, shippingCents: null, categoriesOf: new Map([['p-A', ['casa']]]) }).coupon).toEqual({
      code: 'BLACK10', applied: false, reason: 'NOT_APPLICABLE', message: 'Coupon does not apply to any item in the cart', discountCents: 0,
    });
  });
});

describe('priceCart', () => {
  const lines = [line('A', 4990, 2), line('B', 1999, 1)];

  it('totals lines, applies the coupon to merchandise only and adds shipping', () => {
    expect(priceCart(lines, { coupon: coupon(), couponCode: 'black10', now: NOW, customerUses: 0, shippingCents: 2480 })).toEqual({
      items: [{ ...lines[0], lineTotalCents: 9980 }, { ...lines[1], lineTotalCents: 1999 }],
      subtotalCents: 11_979,
      discountCents: 1197,
      shippingCents: 2480,
      totalCents: 11_979 - 1197 + 2480,
      coupon: { code: 'BLACK10', applied: true, discountCents: 1197 },
    });
  });

  it('has no coupon block when no code was given, and prices unknown shipping as 0', () => {
    expect(priceCart(lines, { now: NOW, customerUses: 0, shippingCents: null })).toMatchObject({
      subtotalCents: 11_979, discountCents: 0, shippingCents: 0, totalCents: 11_979, coupon: null,
    });
  });

  it('reports an unknown code as NOT_FOUND', () => {
    expect(priceCart(lines, { couponCode: 'NOPE', now: NOW, customerUses: 0, shippingCents: 1000 })).toMatchObject({
      discountCents: 0,
      totalCents: 12_979,
      coupon: { code: 'NOPE', applied: false, reason: 'NOT_FOUND', message: 'Coupon not found', discountCents: 0 },
    });
  });

  it('reports a rejected coupon with its reason and charges full price', () => {
    const priced = priceCart(lines, { coupon: coupon({ minSubtotalCents: 50_000 }), now: NOW, customerUses: 0, shippingCents: 0 });
    expect(priced.coupon).toMatchObject({ code: 'BLACK10', applied: false, reason: 'BELOW_MINIMUM', discountCents: 0 });
    expect(priced.totalCents).toBe(11_979);
  });

  it('a 100% coupon leaves only shipping to pay', () => {
    const priced = priceCart(lines, { coupon: coupon({ value: 100 }), now: NOW, customerUses: 0, shippingCents: 3580 });
    expect(priced).toMatchObject({ subtotalCents: 11_979, discountCents: 11_979, shippingCents: 3580, totalCents: 3580 });
  });

  it('a fixed coupon larger than the subtotal brings merchandise to zero, never below', () => {
    const priced = priceCart([line('C', 1000, 1)], { coupon: coupon({ type: 'fixed', value: 5000 }), now: NOW, customerUses: 0, shippingCents: 1990 });
    expect(priced).toMatchObject({ subtotalCents: 1000, discountCents: 1000, totalCents: 1990 });
  });

  it('prices an empty cart at zero', () => {
    expect(priceCart([], { coupon: coupon(), now: NOW, customerUses: 0, shippingCents: null })).toMatchObject({
      items: [], subtotalCents: 0, discountCents: 0, totalCents: 0, coupon: { applied: true, discountCents: 0 },
    });
  });

  it.each([
    [[line('A', 100, -1)], 0],
    [[line('A', 100, 1.5)], 0],
    [[line('A', -100, 1)], 0],
    [[line('A', 99.9, 1)], 0],
    [[line('A', 100, 1)], -1],
    [[line('A', 100, 1)], 0.5],
  ])('rejects invalid quantities, prices and shipping %j %d', (badLines, shippingCents) => {
    expect(() => priceCart(badLines, { now: NOW, customerUses: 0, shippingCents })).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('property: 0 <= discount <= subtotal, total = subtotal - discount + shipping, all integers', () => {
    const DAY = 86_400_000;
    const lineArb = fc.record({
      sku: fc.string({ minLength: 1, maxLength: 8 }),
      productId: fc.string({ minLength: 1, maxLength: 8 }),
      name: fc.string({ maxLength: 20 }),
      quantity: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 999 })),
      unitPriceCents: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 100_000_000 })),
    });
    // Windows around `now`, mostly open, sometimes not yet open or already closed.
    const couponArb = fc.record({
      code: fc.string({ minLength: 1, maxLength: 12 }),
      type: fc.constantFrom('percent' as const, 'fixed' as const),
      value: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 1_000_000 })),
      minSubtotalCents: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })),
      maxUses: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      usedCount: fc.integer({ min: 0, max: 10 }),
      perCustomerLimit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      fromOffsetMs: fc.integer({ min: -30 * DAY, max: DAY }),
      untilOffsetMs: fc.integer({ min: -DAY, max: 30 * DAY }),
      scoped: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 10 }),
        fc.option(couponArb, { nil: undefined, freq: 4 }),
        fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        (cartLines, shape, couponCode, now, customerUses, shippingCents) => {
          const maybeCoupon: Coupon | undefined = shape && {
            code: shape.code, type: shape.type, value: shape.value, minSubtotalCents: shape.minSubtotalCents,
            maxUses: shape.maxUses, usedCount: shape.usedCount, perCustomerLimit: shape.perCustomerLimit,
            validFrom: new Date(now.getTime() + shape.fromOffsetMs).toISOString(),
            validUntil: new Date(now.getTime() + shape.untilOffsetMs).toISOString(),
            status: 'active', firstPurchaseOnly: false,
            // Some coupons cover only the first line's product: their discount is bounded by that line.
            scope: shape.scoped && cartLines.length ? { productIds: [cartLines[0].productId], categoryIds: [] } : null,
          };
          const priced = priceCart(cartLines, { coupon: maybeCoupon, couponCode, now, customerUses, shippingCents });
          const { subtotalCents, discountCents, totalCents } = priced;
          for (const n of [subtotalCents, discountCents, priced.shippingCents, totalCents, ...priced.items.map((i) => i.lineTotalCents)]) {
            expect(Number.isSafeInteger(n)).toBe(true);
          }
          expect(discountCents).toBeGreaterThanOrEqual(0);
          expect(discountCents).toBeLessThanOrEqual(subtotalCents);
          expect(priced.shippingCents).toBe(shippingCents ?? 0);
          expect(totalCents).toBe(subtotalCents - discountCents + priced.shippingCents);
          expect(totalCents).toBeGreaterThanOrEqual(0);
          expect(subtotalCents).toBe(cartLines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0));
          if (maybeCoupon === undefined && couponCode === undefined) expect(priced.coupon).toBeNull();
          else expect(priced.coupon?.discountCents).toBe(discountCents);
          if (!priced.coupon?.applied) expect(discountCents).toBe(0);
          if (maybeCoupon && priced.coupon?.applied) {
            const covered = maybeCoupon.scope
              ? priced.items.filter((i) => maybeCoupon.scope?.productIds.includes(i.productId)).reduce((sum, i) => sum + i.lineTotalCents, 0)
              : subtotalCents;
            if (maybeCoupon.type === 'percent') {
              // the floor: never more than the stated percentage of what it covers, and less by under one cent
              const percent = Math.min(100, maybeCoupon.value);
              expect(discountCents * 100).toBeLessThanOrEqual(covered * percent);
              expect((discountCents + 1) * 100).toBeGreaterThan(covered * percent);
            } else {
              expect(discountCents).toBe(Math.min(maybeCoupon.value, covered));
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
