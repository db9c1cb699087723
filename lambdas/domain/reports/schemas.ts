/** The report routes' query and response shapes (../shared/API.md "Sales reports (v2)"). */
import * as z from '#shared/zod.js';

const Day = (field: string) => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${field} must be a date YYYY-MM-DD` }));

export const GROUP_BYS = ['day', 'week', 'month', 'product', 'category', 'customer', 'state', 'paymentMethod'] as const;

export const SalesQuery = z.object({
  from: Day('from'),
  to: Day('to'),
  groupBy: z._default(z.enum(GROUP_BYS, { message: `groupBy must be one of ${GROUP_BYS.join(', ')}` }), 'day'),
  format: z._default(z.enum(['json', 'csv'], { message: 'format must be json or csv' }), 'json'),
});
export type SalesQueryInput = z.infer<typeof SalesQuery>;

/** A big export's link (`303 See Other`; Location holds the same URL). */
export const ExportLink = z.object({ url: z.string(), expiresAt: z.string(), bytes: z.number() });

export const KpisQuery = z.object({ from: Day('from'), to: Day('to') });

export const StockQuery = z.object({
  lowOnly: z._default(z.pipe(z.enum(['true', 'false'], { message: 'lowOnly must be true or false' }), z.transform((v) => v === 'true')), false),
  threshold: z.optional(z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,6}$/, { message: 'threshold must be a non-negative integer' })), z.transform(Number)), z.number())),
});

const Totals = z.object({
  revenueCents: z.number(), orders: z.number(), units: z.number(), averageOrderCents: z.number(), refundedCents: z.number(), cancelledOrders: z.number(),
});
const Row = z.object({ key: z.string(), label: z.string(), revenueCents: z.number(), orders: z.number(), units: z.number() });

export const SalesReport = z.object({
  from: z.string(), to: z.string(), groupBy: z.enum(GROUP_BYS), currency: z.literal('BRL'), totals: Totals, rows: z.array(Row),
});
export type SalesReportView = z.infer<typeof SalesReport>;

const Figure = z.object({ current: z.nullable(z.number()), previous: z.nullable(z.number()), change: z.nullable(z.number()) });
const TopProduct = z.object({ productId: z.string(), name: z.string(), revenueCents: z.number(), units: z.number() });

export const Kpis = z.object({
  from: z.string(), to: z.string(), previousFrom: z.string(), previousTo: z.string(), currency: z.literal('BRL'),
  revenueCents: Figure, orders: Figure, averageOrderCents: Figure, units: Figure, paidConversion: Figure,
  pixShare: Figure, pixCharges: Figure, pixChargesPaid: Figure, cardShare: Figure, refundRate: Figure, newCustomers: Figure,
  topProducts: z.object({ current: z.array(TopProduct), previous: z.array(TopProduct) }),
});
export type KpisView = z.infer<typeof Kpis>;

export const StockReport = z.object({
  asOf: z.string(),
  items: z.array(z.object({
    sku: z.string(), productId: z.string(), name: z.string(), stock: z.number(),
    unitsSold7d: z.number(), unitsSold30d: z.number(), daysOfCover: z.nullable(z.number()),
  })),
});
export type StockReportView = z.infer<typeof StockReport>;

export const FlashSalesQuery = z.object({
  saleId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  limit: z._default(z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,3}$/, { message: 'limit must be an integer from 1 to 168' })), z.transform(Number)), z.number().check(z.gte(1, { message: 'limit must be an integer from 1 to 168' }), z.lte(168, { message: 'limit must be an integer from 1 to 168' }))), 24),
});

export const FlashSalesReport = z.object({
  items: z.array(z.object({
    saleId: z.string(), name: z.string(), sku: z.string(), priceCents: z.number(),
    windows: z.array(z.object({
      windowStart: z.string(), windowEnd: z.string(), units: z.number(), claimed: z.number(), paid: z.number(), expired: z.number(),
      remaining: z.number(), secondsToSellOut: z.nullable(z.number()),
    })),
  })),
});
