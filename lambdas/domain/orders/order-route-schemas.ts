/**
 * The order routes' other schemas (status changes, tracking, the admin list), apart from ./schemas.ts:
 * zod/mini schemas are built when their module loads, so checkout does not carry these.
 */
import * as z from '#shared/zod.js';
import { Limit } from '#domain/list-query.js';
import { ORDER_STATUS_VALUES } from './status.js';

const ISO_BOUND = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const BOUND_MESSAGE = 'must be an ISO-8601 date or timestamp (2026-11-27, 2026-11-27T13:00:00Z, 2026-11-27T10:00:00-03:00)';

/** How long the instant a bound names lasts: a day, a minute, a second, or exact (with a fraction). */
function boundLengthMs(value: string): number {
  if (value.length === 10) return 86_400_000;
  if (/T\d{2}:\d{2}(?:Z|[+-])/.test(value)) return 60_000;
  return /\.\d/.test(value) ? 1 : 1000;
}

/**
 * A range bound as the canonical UTC timestamp the order indexes sort by (`toISOString`), so that
 * comparing as text is comparing in time whatever offset or precision the client wrote. `to` is
 * inclusive up to the end of the instant it names (`to=2026-11-27` covers that whole day).
 */
const rangeBound = (end: 'from' | 'to') => z.pipe(
  z.string().check(z.regex(ISO_BOUND, { message: BOUND_MESSAGE }), z.refine((v) => !Number.isNaN(Date.parse(v)), { message: BOUND_MESSAGE })),
  z.transform((v) => new Date(Date.parse(v) + (end === 'to' ? boundLengthMs(v) - 1 : 0)).toISOString()),
);

export const AdminOrdersQuery = z.object({
  /** One customer's orders (their own order index: by creation time, so not with `status`). */
  customerId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'customerId must be a user id (letters, digits and hyphens, at most 64)' }))),
  status: z.optional(z.enum(ORDER_STATUS_VALUES, { message: `status must be one of ${ORDER_STATUS_VALUES.join(', ')}` })),
  from: z.optional(rangeBound('from')),
  to: z.optional(rangeBound('to')),
  limit: z.optional(Limit),
  // One position per index shard (per status and shard without a status); a key of the customer's index with customerId.
  cursor: z.optional(z.string().check(z.maxLength(8192))),
}).check(z.superRefine((q, ctx) => {
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be later than to' });
  }
  if (q.customerId !== undefined && q.status !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['status'], message: 'status cannot be combined with customerId: a customer\'s orders are listed by creation time only (from, to)' });
  }
}));

export const UpdateOrderBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('SHIPPED'), carrier: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)), trackingCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)) }),
  z.object({ status: z.literal('DELIVERED') }),
], { message: 'status must be SHIPPED (with carrier and trackingCode) or DELIVERED' });

export const Tracking = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUS_VALUES),
  carrier: z.nullable(z.string()),
  trackingCode: z.nullable(z.string()),
  events: z.array(z.object({
    status: z.enum(ORDER_STATUS_VALUES), at: z.string(), description: z.string(),
    /** Carrier tracking events carry their code (POSTED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, DELIVERY_FAILED) and location. */
    code: z.optional(z.string()), location: z.optional(z.string()),
  })),
});
