/**
 * The report routes' use cases (docs/reports.md): every figure is read from the aggregate items
 * (Queries, no Scan), for a bounded range of São Paulo days.
 */
import { ValidationError } from '#shared/errors.js';
import { addDays, dayCount, daysOf, isDay, type Period, periodOf, periodsOf, storeDay } from './days.js';
import type { Counters, Dimension } from './facts.js';
import type { AggregateReader, AggregateRow, ExportStore, InventoryReader } from './ports.js';
import type { KpisView, SalesQueryInput, SalesReportView, StockReportView } from './schemas.js';

/** The longest range a report reads, in days (a year, leap or not). */
export const MAX_RANGE_DAYS = 366;
/** Variants at or under this stock are low (the low-stock admin route's default). */
export const LOW_STOCK_THRESHOLD = 5;

/** Checks a range: real dates, `from` not after `to`, at most MAX_RANGE_DAYS days; the field at fault is named. */
export function checkRange(from: string, to: string): void {
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!isDay(value)) throw new ValidationError('Invalid request query', [{ field, message: `${field} is not a calendar date` }]);
  }
  if (from > to) throw new ValidationError('Invalid request query', [{ field: 'from', message: 'from must not be after to' }]);
  if (dayCount(from, to) > MAX_RANGE_DAYS) {
    throw new ValidationError('Invalid request query', [{ field: 'to', message: `the range covers at most ${MAX_RANGE_DAYS} days` }]);
  }
}

const sum = (rows: Counters[]): Required<Counters> => {
  const total: Record<string, number> = {
    placedOrders: 0, paidOrders: 0, paidCents: 0, units: 0, refunds: 0, refundedCents: 0, refundedUnits: 0,
    cancelledOrders: 0, expiredOrders: 0, newCustomers: 0, pixOrders: 0, pixCents: 0, cardOrders: 0, cardCents: 0, pixCharges: 0,
  };
  for (const row of rows) for (const [name, value] of Object.entries(row)) total[name] += value ?? 0;
  return total as Required<Counters>;
};

/** Revenue is what was paid less what was refunded; units likewise; orders are the orders paid. */
const figures = (c: Required<Counters>) => ({ revenueCents: c.paidCents - c.refundedCents, orders: c.paidOrders, units: c.units - c.refundedUnits });

function byKey(rows: AggregateRow[], keyOf: (row: AggregateRow) => string) {
  const groups = new Map<string, { label: string; counters: Counters[] }>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? { label: row.label, counters: [] };
    group.counters.push(row.counters);
    groups.set(key, group);
  }
  return groups;
}

const DIMENSION_OF: Record<string, Exclude<Dimension, 'store'>> = {
  product: 'product', category: 'category', customer: 'customer', state: 'state', paymentMethod: 'paymentMethod',
};

export async function salesReport(reader: AggregateReader, query: SalesQueryInput): Promise<SalesReportView> {
  const { from, to, groupBy } = query;
  checkRange(from, to);
  const storeRows = await reader.storeDays(from, to);
  const total = sum(storeRows.map((r) => r.counters));
  const totals = {
    ...figures(total),
    averageOrderCents: total.paidOrders ? Math.round(total.paidCents / total.paidOrders) : 0,
    refundedCents: total.refundedCents,
    cancelledOrders: total.cancelledOrders,
  };
  let rows: SalesReportView['rows'];
  if (groupBy === 'day' || groupBy === 'week' || groupBy === 'month') {
    const groups = byKey(storeRows, (row) => periodOf(row.day, groupBy as Period));
    rows = periodsOf(from, to, groupBy).map((key) => ({ key, label: key, ...figures(sum(groups.get(key)?.counters ?? [])) }));
  } else {
    const groups = byKey(await reader.dimensionDays(DIMENSION_OF[groupBy], daysOf(from, to)), (row) => row.value);
    rows = [...groups].map(([key, group]) => ({ key, label: group.label, ...figures(sum(group.counters)) }))
      .sort((a, b) => b.revenueCents - a.revenueCents || a.key.localeCompare(b.key));
  }
  return { from, to, groupBy, currency: 'BRL', totals, rows };
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The report as CSV (UTF-8, CRLF, a header row; amounts in cents), its totals as a last row keyed TOTAL. */
export function salesCsv(report: SalesReportView): string {
  const lines = [['key', 'label', 'revenueCents', 'orders', 'units']];
  for (const row of report.rows) lines.push([row.key, row.label, String(row.revenueCents), String(row.orders), String(row.units)]);
  lines.push(['TOTAL', 'Total', String(report.totals.revenueCents), String(report.totals.orders), String(report.totals.units)]);
  return `${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * The most a CSV export answers inline, in bytes. A Lambda response holds at most 6 MB (and API
 * Gateway's payload 10 MB); a year by customer on a big store is more, so bigger exports are written
 * to storage and answered with a short-lived link (303 See Other).
 */
export const INLINE_CSV_MAX_BYTES = 1_000_000;

export type CsvDelivery =
  | { inline: string; fileName: string }
  | { link: { url: string; expiresAt: string; bytes: number }; fileName: string };

/** The report as a CSV answer: inline up to `maxInlineBytes`, else saved and linked. */
export async function salesCsvDelivery(report: SalesReportView, deps: { exports: ExportStore; now: () => Date }, maxInlineBytes = INLINE_CSV_MAX_BYTES): Promise<CsvDelivery> {
  const csv = salesCsv(report);
  const fileName = `sales-${report.groupBy}-${report.from}-${report.to}.csv`;
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes <= maxInlineBytes) return { inline: csv, fileName };
  const saved = await deps.exports.save(fileName, csv, 'text/csv; charset=utf-8');
  return { link: { url: saved.url, expiresAt: new Date(deps.now().getTime() + saved.expiresInSeconds * 1000).toISOString(), bytes }, fileName };
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);
const figure = (current: number | null, previous: number | null) => ({
  current, previous, change: current !== null && previous ? Math.round(((current - previous) / previous) * 10_000) / 10_000 : null,
});

async function topProducts(reader: AggregateReader, from: string, to: string) {
  const groups = byKey(await reader.dimensionDays('product', daysOf(from, to)), (row) => row.value);
  // Products that only had orders placed, cancelled or expired in the period sold nothing: not "top".
  return [...groups].map(([productId, group]) => {
    const f = figures(sum(group.counters));
    return { productId, name: group.label, revenueCents: f.revenueCents, units: f.units };
  }).filter((p) => p.units > 0 || p.revenueCents > 0).sort((a, b) => b.revenueCents - a.revenueCents || a.productId.localeCompare(b.productId)).slice(0, 5);
}

/** KPIs of `from`..`to`, each next to the previous period of as many days (ending the day before `from`). */
export async function kpis(reader: AggregateReader, from: string, to: string): Promise<KpisView> {
  checkRange(from, to);
  const days = dayCount(from, to);
  const previousTo = addDays(from, -1);
  const previousFrom = addDays(from, -days);
  const [currentRows, previousRows, currentTop, previousTop] = await Promise.all([
    reader.storeDays(from, to), reader.storeDays(previousFrom, previousTo), topProducts(reader, from, to), topProducts(reader, previousFrom, previousTo),
  ]);
  const [c, p] = [sum(currentRows.map((r) => r.counters)), sum(previousRows.map((r) => r.counters))];
  const [fc, fp] = [figures(c), figures(p)];
  const average = (t: Required<Counters>) => (t.paidOrders ? Math.round(t.paidCents / t.paidOrders) : 0);
  return {
    from, to, previousFrom, previousTo, currency: 'BRL',
    revenueCents: figure(fc.revenueCents, fp.revenueCents),
    orders: figure(fc.orders, fp.orders),
    averageOrderCents: figure(average(c), average(p)),
    units: figure(fc.units, fp.units),
    paidConversion: figure(ratio(c.paidOrders, c.placedOrders), ratio(p.paidOrders, p.placedOrders)),
    pixShare: figure(ratio(c.pixOrders, c.paidOrders), ratio(p.pixOrders, p.paidOrders)),
    pixCharges: figure(c.pixCharges, p.pixCharges),
    pixChargesPaid: figure(ratio(c.pixOrders, c.pixCharges), ratio(p.pixOrders, p.pixCharges)),
    cardShare: figure(ratio(c.cardOrders, c.paidOrders), ratio(p.cardOrders, p.paidOrders)),
    refundRate: figure(ratio(c.refunds, c.paidOrders), ratio(p.refunds, p.paidOrders)),
    newCustomers: figure(c.newCustomers, p.newCustomers),
    topProducts: { current: currentTop, previous: previousTop },
  };
}

/**
 * Each variant's stock next to its units sold (net of refunds) in the last 7 and 30 São Paulo days
 * (today included) and its days of cover: stock ÷ the 30-day daily average (null without sales).
 */
export async function stockReport(deps: { reader: AggregateReader; inventory: InventoryReader; now: () => Date }, lowOnly: boolean, threshold = LOW_STOCK_THRESHOLD): Promise<StockReportView> {
  const today = storeDay(deps.now());
  const days = daysOf(addDays(today, -29), today);
  const weekFrom = addDays(today, -6);
  const [variants, sold] = await Promise.all([deps.inventory.variants(lowOnly ? threshold : undefined), deps.reader.dimensionDays('variant', days)]);
  const units = new Map<string, { d7: number; d30: number }>();
  for (const row of sold) {
    const n = (row.counters.units ?? 0) - (row.counters.refundedUnits ?? 0);
    const entry = units.get(row.value) ?? { d7: 0, d30: 0 };
    entry.d30 += n;
    if (row.day >= weekFrom) entry.d7 += n;
    units.set(row.value, entry);
  }
  const items = variants.map((variant) => {
    const { d7, d30 } = units.get(variant.sku) ?? { d7: 0, d30: 0 };
    return {
      ...variant, unitsSold7d: d7, unitsSold30d: d30,
      daysOfCover: d30 > 0 ? Math.round((variant.stock / (d30 / 30)) * 10) / 10 : null,
    };
  }).sort((a, b) => (a.daysOfCover ?? Number.POSITIVE_INFINITY) - (b.daysOfCover ?? Number.POSITIVE_INFINITY) || a.stock - b.stock || a.sku.localeCompare(b.sku));
  return { asOf: today, items };
}
