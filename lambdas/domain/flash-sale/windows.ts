/**
 * Sale windows: every hour, on the hour (UTC clock hours, i.e. on the hour in every Brazilian
 * time zone too), within the sale's [startsAt, endsAt). Pure functions over the business clock.
 */
export interface SaleTimes {
  id: string;
  startsAt: string;
  endsAt: string;
}

export interface SaleWindow {
  saleId: string;
  /** Stable id: `<saleId>@<windowStart>`. */
  id: string;
  startsAt: string;
  endsAt: string;
}

const HOUR = 3_600_000;

const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;

/** The window open at `now`, or undefined outside the sale. A window never extends past the sale's end. */
export function windowAt(sale: SaleTimes, now: Date): SaleWindow | undefined {
  const t = now.getTime();
  const start = Date.parse(sale.startsAt);
  const end = Date.parse(sale.endsAt);
  if (t < start || t >= end) return undefined;
  const windowStart = Math.max(start, floorHour(t));
  const windowEnd = Math.min(end, floorHour(t) + HOUR);
  return windowFrom(sale.id, windowStart, windowEnd);
}

export function windowFrom(saleId: string, startMs: number, endMs: number): SaleWindow {
  const startsAt = new Date(startMs).toISOString();
  return { saleId, id: `${saleId}@${startsAt}`, startsAt, endsAt: new Date(endMs).toISOString() };
}

/** When the next window opens after `now` (null when the sale has no more windows). */
export function nextWindowAt(sale: SaleTimes, now: Date): string | null {
  const t = now.getTime();
  const start = Date.parse(sale.startsAt);
  const end = Date.parse(sale.endsAt);
  if (t < start) return new Date(start).toISOString();
  const next = floorHour(t) + HOUR;
  return next < end ? new Date(next).toISOString() : null;
}

/** Windows that began in the last `lookbackMs` (for reconciliation), oldest first. */
export function recentWindows(sale: SaleTimes, now: Date, lookbackMs: number): SaleWindow[] {
  const start = Date.parse(sale.startsAt);
  const end = Date.parse(sale.endsAt);
  const windows: SaleWindow[] = [];
  for (let h = floorHour(Math.max(start, now.getTime() - lookbackMs)); h <= now.getTime() && h < end; h += HOUR) {
    const ws = Math.max(start, h);
    if (ws <= now.getTime()) windows.push(windowFrom(sale.id, ws, Math.min(end, h + HOUR)));
  }
  return windows;
}

/** Units per shard: as even as possible, the first shards take the remainder. */
export function shardUnits(units: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => Math.floor(units / shards) + (i < units % shards ? 1 : 0));
}

/** Shard visiting order for one claim: a random start, then the others in turn. */
export function shardOrder(shards: number, random: () => number = Math.random): number[] {
  const first = Math.floor(random() * shards);
  return Array.from({ length: shards }, (_, i) => (first + i) % shards);
}
