import { createCoupon, deleteCoupon, updateCoupon } from '#domain/orders/coupons.js';
import type { CouponAdminRepository, CouponChanges, CouponRecord } from '#domain/orders/ports.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');

const stored = (extra: Partial<CouponRecord> = {}): CouponRecord => ({
  code: 'BLACK10', type: 'percent', value: 10, minSubtotalCents: 0, maxUses: 5, usedCount: 2, perCustomerLimit: null,
  validFrom: '2026-11-01T00:00:00.000Z', validUntil: '2026-12-01T00:00:00.000Z', status: 'active', firstPurchaseOnly: false, scope: null,
  createdAt: '2026-10-01T00:00:00.000Z', updatedAt: '2026-10-02T00:00:00.000Z', ...extra,
});

/** An in-memory repository holding one coupon, recording the writes it is asked for. */
function repository(coupon: CouponRecord | undefined, answers: { update?: 'updated' | 'changed'; delete?: 'deleted' | 'not-found' | 'used'; create?: boolean } = {}) {
  const updates: { code: string; changes: CouponChanges; seen: string; at: string }[] = [];
  const repo: CouponAdminRepository = {
    get: async () => coupon,
    create: async () => answers.create ?? true,
    list: async () => ({ items: coupon ? [coupon] : [], nextCursor: null }),
    update: async (code, changes, seen, at) => {
      updates.push({ code, changes, seen, at });
      return answers.update ?? 'updated';
    },
    delete: async () => answers.delete ?? 'deleted',
  };
  return { repo, updates };
}

describe('coupon management', () => {
  it('creates an active coupon with no uses and shows its remaining uses', async () => {
    const { repo } = repository(undefined);
    const view = await createCoupon({ coupons: repo, now: () => NOW }, {
      code: 'NOVO', type: 'fixed', value: 500, minSubtotalCents: 0, maxUses: 3, perCustomerLimit: 1,
      validFrom: '2026-11-01T00:00:00Z', validUntil: '2026-12-01T00:00:00Z', firstPurchaseOnly: true, scope: { productIds: ['p1'], categoryIds: [] },
    });
    expect(view).toMatchObject({ status: 'active', usedCount: 0, remainingUses: 3, firstPurchaseOnly: true, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
  });

  it('writes only the given fields, conditional on the version it read', async () => {
    const { repo, updates } = repository(stored());
    const view = await updateCoupon({ coupons: repo, now: () => NOW }, 'BLACK10', { status: 'disabled', maxUses: null, value: undefined });
    expect(updates).toEqual([{ code: 'BLACK10', changes: { status: 'disabled', maxUses: null }, seen: '2026-10-02T00:00:00.000Z', at: NOW.toISOString() }]);
    expect(view).toMatchObject({ status: 'disabled', maxUses: null, remainingUses: null, value: 10, updatedAt: NOW.toISOString() });
  });

  it('refuses a change that leaves the coupon invalid as a whole (400), before writing', async () => {
    const { repo, updates } = repository(stored());
    await expect(updateCoupon({ coupons: repo, now: () => NOW }, 'BLACK10', { validUntil: '2026-10-01T00:00:00Z' }))
      .rejects.toMatchObject({ reason: 'invalid', details: [{ field: 'validUntil', message: 'validUntil must be after validFrom' }] });
    await expect(updateCoupon({ coupons: repo, now: () => NOW }, 'BLACK10', { value: 150 })).rejects.toMatchObject({ reason: 'invalid' });
    expect(updates).toEqual([]);
  });

  it('answers 409 COUPON_CHANGED when another update won, and 404 for an unknown coupon', async () => {
    const { repo } = repository(stored(), { update: 'changed' });
    await expect(updateCoupon({ coupons: repo, now: () => NOW }, 'BLACK10', { value: 20 })).rejects.toMatchObject({ reason: 'conflict', code: 'COUPON_CHANGED' });
    await expect(updateCoupon({ coupons: repository(undefined).repo, now: () => NOW }, 'NADA', { value: 20 })).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('deletes a coupon never redeemed; a redeemed one is 409 COUPON_USED', async () => {
    await expect(deleteCoupon({ coupons: repository(stored(), { delete: 'deleted' }).repo }, 'BLACK10')).resolves.toBeUndefined();
    await expect(deleteCoupon({ coupons: repository(stored(), { delete: 'used' }).repo }, 'BLACK10')).rejects.toMatchObject({ reason: 'conflict', code: 'COUPON_USED' });
    await expect(deleteCoupon({ coupons: repository(undefined, { delete: 'not-found' }).repo }, 'NADA')).rejects.toMatchObject({ reason: 'not-found' });
  });
});
