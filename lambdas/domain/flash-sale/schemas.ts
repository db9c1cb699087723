import * as z from '#shared/zod.js';

const isoDate = z.pipe(z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO-8601 timestamp' })), z.transform((v) => new Date(v).toISOString()));

/**
 * Each shard item records the claim ids it gave units to (~27 bytes each), so it grows with its
 * units and every claim rewrites it: 1,000 units end near 28 KB (28 WCU per claim at the end of the
 * window, ~14 on average) and stay far below the 400 KB item limit. Bigger windows need more shards.
 */
export const MAX_UNITS_PER_SHARD = 1_000;

export const CreateFlashSaleBody = z
  .object({
    productId: z.string().check(z.minLength(1), z.maxLength(64)),
    sku: z.string().check(z.minLength(1), z.maxLength(64)),
    priceCents: z.number().check(z.int(), z.gte(1), z.lte(100_000_000)),
    unitsPerWindow: z.number().check(z.int(), z.gte(1), z.lte(100_000)),
    startsAt: isoDate,
    endsAt: isoDate,
    paymentWindowMinutes: z.number().check(z.int(), z.gte(1), z.lte(120)),
    perCustomerLimit: z._default(z.number().check(z.int(), z.gte(1), z.lte(10)), 1),
    /** Counter shards per window: 1 is enough below ~1,000 claims/s (docs/flash-sale.md). */
    shards: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 1),
  }).check(z.superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    if (s.shards > s.unitsPerWindow) ctx.addIssue({ code: 'custom', path: ['shards'], message: 'shards cannot exceed unitsPerWindow' });
    if (Math.ceil(s.unitsPerWindow / s.shards) > MAX_UNITS_PER_SHARD) {
      ctx.addIssue({ code: 'custom', path: ['shards'], message: `at most ${MAX_UNITS_PER_SHARD} units per shard: use at least ${Math.ceil(s.unitsPerWindow / MAX_UNITS_PER_SHARD)} shards` });
    }
  }));

export const FlashSaleConfig = z.object({
  id: z.string(), productId: z.string(), sku: z.string(), name: z.string(), priceCents: z.number().check(z.int()), unitsPerWindow: z.number().check(z.int()),
  startsAt: z.string(), endsAt: z.string(), paymentWindowMinutes: z.number().check(z.int()), perCustomerLimit: z.number().check(z.int()), shards: z.number().check(z.int()),
  createdAt: z.string(),
});

export const CurrentFlashSale = z.object({
  saleId: z.string(),
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().check(z.int()),
  unitsPerWindow: z.number().check(z.int()),
  window: z.nullable(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() })),
  remainingUnits: z.number().check(z.int()),
  status: z.enum(['OPEN', 'SOLD_OUT', 'NOT_STARTED', 'ENDED']),
  nextWindowAt: z.nullable(z.string()),
});

export const ClaimBody = z.object({ addressId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });

export const ClaimResponse = z.object({
  claimId: z.string(), orderId: z.string(), priceCents: z.number().check(z.int()), paymentDeadline: z.string(), windowId: z.string(),
});

export const FlashSaleIdParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

export const FlashSaleAdminView = z.extend(FlashSaleConfig, {
  windows: z.array(z.object({
    id: z.string(), startsAt: z.string(), endsAt: z.string(), unitsPerWindow: z.number().check(z.int()),
    claimed: z.number().check(z.int()), paid: z.number().check(z.int()), expired: z.number().check(z.int()), remaining: z.number().check(z.int()), reservedUnpaid: z.number().check(z.int()),
    /** Units given back to the variant's stock after the window closed. */
    restocked: z.number().check(z.int()),
  })),
});

export type CreateFlashSaleInput = z.infer<typeof CreateFlashSaleBody>;
export type FlashSale = z.infer<typeof FlashSaleConfig>;
