/**
 * The coupon management schemas (admin routes), apart from ./schemas.ts: zod/mini schemas are built
 * when their module loads, so the checkout and order functions do not carry these.
 */
import * as z from '#shared/zod.js';

const isoDate = z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO-8601 timestamp' }));

const CouponCode = z.pipe(
  z.string().check(z.trim(), z.minLength(3), z.maxLength(40), z.regex(/^[A-Za-z0-9_-]+$/, { message: 'code may contain letters, digits, _ and -' })),
  z.transform((c) => c.toUpperCase()),
);
const Id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const IdList = z.array(Id).check(z.maxLength(100, { message: 'at most 100 ids' }));

/**
 * What a coupon applies to: lines of the listed products or of products in the listed categories.
 * null (or absent) is every product; a scope naming nothing is refused.
 */
const CouponScopeBody = z.nullable(z.pipe(
  z.object({ productIds: z._default(IdList, []), categoryIds: z._default(IdList, []) })
    .check(z.refine((s) => s.productIds.length + s.categoryIds.length > 0, { message: 'scope must name at least one product or category (null for every product)' })),
  z.transform((s) => ({ productIds: [...new Set(s.productIds)], categoryIds: [...new Set(s.categoryIds)] })),
));
const CouponStatus = z.enum(['active', 'disabled'], { message: 'status must be active or disabled' });

/** The rules of a whole coupon that no single field shows (also checked after an update, on the merged coupon). */
export function couponRuleProblems(c: { type: string; value: number; validFrom: string; validUntil: string }): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.type === 'percent' && c.value > 100) problems.push({ path: 'value', message: 'a percent coupon is at most 100' });
  if (Date.parse(c.validUntil) <= Date.parse(c.validFrom)) problems.push({ path: 'validUntil', message: 'validUntil must be after validFrom' });
  return problems;
}

export const CreateCouponBody = z
  .object({
    code: CouponCode,
    type: z.enum(['percent', 'fixed']),
    value: z.number().check(z.int(), z.gte(1)),
    minSubtotalCents: z._default(z.number().check(z.int(), z.gte(0)), 0),
    maxUses: z._default(z.nullable(z.number().check(z.int(), z.gte(1))), null),
    perCustomerLimit: z._default(z.nullable(z.number().check(z.int(), z.gte(1))), null),
    validFrom: isoDate,
    validUntil: isoDate,
    firstPurchaseOnly: z._default(z.boolean(), false),
    scope: z._default(CouponScopeBody, null),
  }).check(z.superRefine((c, ctx) => {
    for (const problem of couponRuleProblems(c)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  }));

/** Every field optional; `null` clears a limit or the scope. The merged coupon must still be valid. */
export const UpdateCouponBody = z.object({
  type: z.optional(z.enum(['percent', 'fixed'])),
  value: z.optional(z.number().check(z.int(), z.gte(1))),
  minSubtotalCents: z.optional(z.number().check(z.int(), z.gte(0))),
  maxUses: z.optional(z.nullable(z.number().check(z.int(), z.gte(1)))),
  perCustomerLimit: z.optional(z.nullable(z.number().check(z.int(), z.gte(1)))),
  validFrom: z.optional(isoDate),
  validUntil: z.optional(isoDate),
  firstPurchaseOnly: z.optional(z.boolean()),
  scope: z.optional(CouponScopeBody),
  status: z.optional(CouponStatus),
});

export const CouponParams = z.object({ code: CouponCode });

export const CouponResponse = z.object({
  code: z.string(), type: z.enum(['percent', 'fixed']), value: z.number().check(z.int()), minSubtotalCents: z.number().check(z.int()),
  maxUses: z.nullable(z.number().check(z.int())), perCustomerLimit: z.nullable(z.number().check(z.int())),
  /** Orders that redeemed it (never decreases: a cancelled order keeps its redemption). */
  usedCount: z.number().check(z.int()),
  /** maxUses − usedCount, never below 0; null when unlimited. */
  remainingUses: z.nullable(z.number().check(z.int())),
  validFrom: z.string(), validUntil: z.string(),
  status: CouponStatus,
  firstPurchaseOnly: z.boolean(),
  scope: z.nullable(z.object({ productIds: z.array(z.string()), categoryIds: z.array(z.string()) })),
  createdAt: z.string(), updatedAt: z.string(),
});

export const CouponList = z.object({ items: z.array(CouponResponse), nextCursor: z.nullable(z.string()) });

export type CreateCouponInput = z.infer<typeof CreateCouponBody>;
export type UpdateCouponInput = z.infer<typeof UpdateCouponBody>;
export type CouponView = z.infer<typeof CouponResponse>;
