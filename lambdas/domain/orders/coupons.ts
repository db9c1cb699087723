/**
 * Coupon management (admin): create, list, read, update (disable is an update of `status`) and
 * delete one never redeemed. Redemption stays in the order's transaction (pattern 21).
 */
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.js';
import type { CouponAdminRepository, CouponRecord } from './ports.js';
import { type CouponView, type CreateCouponInput, couponRuleProblems, type UpdateCouponInput } from './coupon-schemas.js';

export interface CouponAdminDeps {
  coupons: CouponAdminRepository;
  now: () => Date;
}

export function toCouponView(record: CouponRecord): CouponView {
  return {
    code: record.code,
    type: record.type,
    value: record.value,
    minSubtotalCents: record.minSubtotalCents,
    maxUses: record.maxUses,
    perCustomerLimit: record.perCustomerLimit,
    usedCount: record.usedCount,
    remainingUses: record.maxUses === null ? null : Math.max(0, record.maxUses - record.usedCount),
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    status: record.status,
    firstPurchaseOnly: record.firstPurchaseOnly,
    scope: record.scope,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt || record.createdAt,
  };
}

export async function createCoupon(deps: CouponAdminDeps, input: CreateCouponInput): Promise<CouponView> {
  const at = deps.now().toISOString();
  const record: CouponRecord = { ...input, usedCount: 0, status: 'active', createdAt: at, updatedAt: at };
  if (!(await deps.coupons.create(record))) throw new ConflictError('COUPON_EXISTS', `Coupon ${input.code} already exists`);
  return toCouponView(record);
}

export async function listCoupons(deps: Pick<CouponAdminDeps, 'coupons'>, limit: number, cursor?: string) {
  const page = await deps.coupons.list(limit, cursor);
  return { items: page.items.map(toCouponView), nextCursor: page.nextCursor };
}

export async function getCoupon(deps: Pick<CouponAdminDeps, 'coupons'>, code: string): Promise<CouponView> {
  const found = await deps.coupons.get(code);
  if (!found) throw new NotFoundError('Coupon');
  return toCouponView(found);
}

/**
 * Changes some fields of a coupon (`status: "disabled"` disables it: carts stop applying it and
 * checkout refuses it in its transaction). The merged coupon must still be valid; the write is
 * conditional on the version read, so two concurrent updates never mix (the second is 409).
 * Orders already placed keep the discount they got.
 */
export async function updateCoupon(deps: CouponAdminDeps, code: string, changes: UpdateCouponInput): Promise<CouponView> {
  const current = await deps.coupons.get(code);
  if (!current) throw new NotFoundError('Coupon');
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as UpdateCouponInput;
  const merged: CouponRecord = { ...current, ...defined };
  const problems = couponRuleProblems(merged);
  if (problems.length) throw new ValidationError('The coupon would be invalid', problems.map((p) => ({ field: p.path, message: p.message })));
  const at = deps.now().toISOString();
  if ((await deps.coupons.update(code, defined, current.updatedAt, at)) === 'changed') {
    throw new ConflictError('COUPON_CHANGED', 'The coupon was changed or deleted meanwhile; read it again and retry');
  }
  return toCouponView({ ...merged, updatedAt: at });
}

/** Deletes a coupon no order ever redeemed; one that was is 409 (disable it instead). */
export async function deleteCoupon(deps: Pick<CouponAdminDeps, 'coupons'>, code: string): Promise<void> {
  const outcome = await deps.coupons.delete(code);
  if (outcome === 'not-found') throw new NotFoundError('Coupon');
  if (outcome === 'used') {
    throw new ConflictError('COUPON_USED', 'The coupon was redeemed by orders; disable it instead (PATCH with status "disabled")', [{ code }]);
  }
}
