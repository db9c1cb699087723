/**
 * The flash-sale report: per window, the units, what was claimed, paid and expired (the window's own
 * header and shards), and how long the window took to sell out.
 *
 * Sell-out time: the sales-aggregates consumer records, per shard, the first time a claim took its
 * last unit (`shardSoldOut`, from the stream record's time); the window sold out when every shard
 * that held units has run out once, at the latest of those times. A unit given back later does not
 * undo it (the window did sell out then).
 */
import type { ShardState } from '#domain/flash-sale/invariant.js';
import type { FlashSaleRepository, WindowHeader } from '#domain/flash-sale/ports.js';
import { shardUnits } from '#domain/flash-sale/windows.js';
import { NotFoundError } from '#shared/errors.js';
import type { SellOutStore } from './ports.js';

type Item = Record<string, unknown>;

/** A shard that ran out by a claim: the sale, the window, the shard and when. */
export interface ShardSoldOut {
  saleId: string;
  windowStart: string;
  shard: number;
  at: string;
}

const size = (value: unknown) => (value instanceof Set ? value.size : Array.isArray(value) ? value.length : 0);

/** The change of a FlashShard item that is a claim taking its last unit (a window closing also empties shards: not a sale). */
export function shardSoldOut(next: Item | undefined, previous: Item | undefined, at: string): ShardSoldOut | undefined {
  if (next?.entity !== 'FlashShard' || !previous) return undefined;
  if (next.remaining !== 0 || !((previous.remaining as number) > 0) || size(next.claimTokens) <= size(previous.claimTokens)) return undefined;
  const [saleId, windowStart] = String(next.windowId).split('@');
  if (!saleId || !windowStart) return undefined;
  return { saleId, windowStart, shard: next.shard as number, at };
}

export interface FlashWindowFigures {
  windowStart: string;
  windowEnd: string;
  units: number;
  claimed: number;
  paid: number;
  expired: number;
  remaining: number;
  secondsToSellOut: number | null;
}

/** One window's figures from its header, its shards and the times its shards first ran out. */
export function windowFigures(header: WindowHeader, shards: ShardState[], soldOutAt: ReadonlyMap<number, string>): FlashWindowFigures {
  const holding = shardUnits(header.unitsPerWindow, header.shards).flatMap((units, shard) => (units > 0 ? [shard] : []));
  const times = holding.map((shard) => soldOutAt.get(shard));
  const soldOut = holding.length > 0 && times.every((t) => t !== undefined);
  const last = soldOut ? Math.max(...times.map((t) => Date.parse(t as string))) : undefined;
  return {
    windowStart: header.startsAt,
    windowEnd: header.endsAt,
    units: header.unitsPerWindow,
    claimed: shards.reduce((sum, s) => sum + s.claimTokens.length, 0),
    paid: header.paid,
    expired: header.expired,
    remaining: shards.reduce((sum, s) => sum + s.remaining, 0),
    secondsToSellOut: last === undefined ? null : Math.max(0, Math.round((last - Date.parse(header.startsAt)) / 1000)),
  };
}

export interface FlashReportDeps {
  flashSales: Pick<FlashSaleRepository, 'listSales' | 'getSale' | 'windowHeaders' | 'shards'>;
  sellOuts: Pick<SellOutStore, 'times'>;
}

/** Each sale (or the one asked for) with its latest `limit` windows, newest first. */
export async function flashSalesReport(deps: FlashReportDeps, saleId: string | undefined, limit: number) {
  const sales = saleId ? [await deps.flashSales.getSale(saleId)].filter((s) => s !== undefined) : await deps.flashSales.listSales();
  if (saleId && !sales.length) throw new NotFoundError('Flash sale');
  return {
    items: await Promise.all(sales.map(async (sale) => {
      const headers = await deps.flashSales.windowHeaders(sale.id, limit);
      const times = headers.length
        ? await deps.sellOuts.times(sale.id, headers[headers.length - 1].startsAt, headers[0].startsAt)
        : new Map<string, Map<number, string>>();
      const windows = await Promise.all(headers.map(async (header) => {
        const shards = await deps.flashSales.shards({ saleId: sale.id, id: header.windowId, startsAt: header.startsAt, endsAt: header.endsAt }, header.shards, false);
        return windowFigures(header, shards, times.get(header.startsAt) ?? new Map());
      }));
      return { saleId: sale.id, name: sale.name, sku: sale.sku, priceCents: sale.priceCents, windows };
    })),
  };
}
