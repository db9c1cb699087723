import * as z from 'zod';

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO-8601 timestamp' })
  .transform((v) => new Date(v).toISOString());

/**
 * Each shard item records the claim ids it gave units to (~27 bytes each), so it grows with its
 * units and every claim rewrites it: 1,000 units end near 28 KB (28 WCU per claim at the end of the
 * window, ~14 on average) and stay far below the 400 KB item limit. Bigger windows need more shards.
 */
export const MAX_UNITS_PER_SHARD = 1_000;

export const CreateFlashSaleBody = z
  .object({
    productId: z.string().min(1).max(64),
    sku: z.string().min(1).max(64),
    priceCents: z.number().int().min(1).max(100_000_000),
    unitsPerWindow: z.number().int().min(1).max(100_000),
    startsAt: isoDate,
    endsAt: isoDate,
    paymentWindowMinutes: z.number().int().min(1).max(120),
    perCustomerLimit: z.number().int().min(1).max(10).default(1),
    /** Counter shards per window: 1 is enough below ~1,000 claims/s (docs/flash-sale.md). */
    shards: z.number().int().min(1).max(50).default(1),
  })
  .superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    if (s.shards > s.unitsPerWindow) ctx.addIssue({ code: 'custom', path: ['shards'], message: 'shards cannot exceed unitsPerWindow' });
    if (Math.ceil(s.unitsPerWindow / s.shards) > MAX_UNITS_PER_SHARD) {
      ctx.addIssue({ code: 'custom', path: ['shards'], message: `at most ${MAX_UNITS_PER_SHARD} units per shard: use at least ${Math.ceil(s.unitsPerWindow / MAX_UNITS_PER_SHARD)} shards` });
    }
  });

export const FlashSaleConfig = z.object({
  id: z.string(), productId: z.string(), sku: z.string(), name: z.string(), priceCents: z.number().int(), unitsPerWindow: z.number().int(),
  startsAt: z.string(), endsAt: z.string(), paymentWindowMinutes: z.number().int(), perCustomerLimit: z.number().int(), shards: z.number().int(),
  createdAt: z.string(),
});

export const CurrentFlashSale = z.object({
  saleId: z.string(),
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  unitsPerWindow: z.number().int(),
  window: z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() }).nullable(),
  remainingUnits: z.number().int(),
  status: z.enum(['OPEN', 'SOLD_OUT', 'NOT_STARTED', 'ENDED']),
  nextWindowAt: z.string().nullable(),
});

export const ClaimBody = z.object({ addressId: z.string().min(1).max(64).optional() });

export const ClaimResponse = z.object({
  claimId: z.string(), orderId: z.string(), priceCents: z.number().int(), paymentDeadline: z.string(), windowId: z.string(),
});

export const FlashSaleIdParams = z.object({ id: z.string().min(1).max(64) });

export const FlashSaleAdminView = FlashSaleConfig.extend({
  windows: z.array(z.object({
    id: z.string(), startsAt: z.string(), endsAt: z.string(), unitsPerWindow: z.number().int(),
    claimed: z.number().int(), paid: z.number().int(), expired: z.number().int(), remaining: z.number().int(), reservedUnpaid: z.number().int(),
  })),
});

export type CreateFlashSaleInput = z.infer<typeof CreateFlashSaleBody>;
export type FlashSale = z.infer<typeof FlashSaleConfig>;
