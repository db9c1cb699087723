import { ulid } from 'ulid';
import type { AddressView } from '#domain/identity/schemas.js';
import { newOrder } from '#domain/orders/order-factory.js';
import type { VariantReader } from '#domain/orders/ports.js';
import { ConflictError, GoneError, NotFoundError, TooManyRequestsError, ValidationError } from '#shared/errors.js';
import type { SessionRider } from '#shared/sessions.js';
import { checkWindow, claimTimeMs, type ShardState, type WindowReport } from './invariant.js';
import type { FlashSaleRepository, UnsoldWindowNotice } from './ports.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import type { CreateFlashSaleInput, FlashSale } from './schemas.js';
import { nextWindowAt, recentWindows, type SaleWindow, shardOrder, windowAt } from './windows.js';

export interface FlashSaleDeps {
  repo: FlashSaleRepository;
  addresses: { get(userId: string, addressId: string): Promise<AddressView | undefined>; first(userId: string): Promise<AddressView | undefined> };
  /** Business clock (windows, deadlines). */
  now: () => Date;
  /** Wall clock (caches, claim ages: claim ids are ULIDs stamped with real time). */
  realNowMs: () => number;
  limits: { perCustomer: SlidingWindowLimiter; perIp: SlidingWindowLimiter };
  random?: () => number;
  /** Test hook: throw between the steps of a claim to prove crash safety. */
  faults?: { afterMarker?: () => void; afterUnit?: () => void };
  /** Overrides of STALE_CLAIM_MS and ORPHAN_GRACE_MS (tests). */
  timing?: { staleClaimMs?: number; orphanGraceMs?: number };
}

/** A CLAIMING marker older than this belongs to an attempt that died (Lambda times out at 10 s). */
export const STALE_CLAIM_MS = 30_000;
/** A unit taken without an order for longer than this is given back by the reconciler. */
export const ORPHAN_GRACE_MS = 60_000;
/** How long a container answers "sold out" from memory before looking again (reads only). */
export const SOLD_OUT_RECHECK_MS = 1_000;
/**
 * How long a container skips a shard it saw empty when it picks a claim's first shard. Only a
 * preference: a claim that finds no shard left to try still reads them all before a 410.
 */
export const EMPTY_SHARD_MS = 1_000;
const SALES_CACHE_MS = 5_000;
const REMAINING_CACHE_MS = 1_000;
/** The admin view shows the newest windows (two days of an hourly sale); the checker reads them all. */
export const ADMIN_VIEW_WINDOWS = 48;

export interface ClaimResult {
  claimId: string;
  orderId: string;
  priceCents: number;
  paymentDeadline: string;
  windowId: string;
}

const skuNotOfProduct = () =>
  new ValidationError('The SKU does not belong to the product', [{ field: 'sku', message: 'no such variant of productId' }]);

/** How many times audit() re-reads a window whose shards keep moving before reporting what it saw. */
const AUDIT_ATTEMPTS = 5;

const sameShards = (a: ShardState[], b: ShardState[]): boolean =>
  a.length === b.length && a.every((s, i) => s.remaining === b[i].remaining && s.claimTokens.length === b[i].claimTokens.length && s.returnedTokens.length === b[i].returnedTokens.length);

/** The sale to show at `now`: the one with an open window, else the next to start, else the last to end. */
function pickSale(sales: FlashSale[], now: Date): FlashSale | undefined {
  const t = now.getTime();
  const active = sales.filter((s) => windowAt(s, now));
  if (active.length) return active.sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  const upcoming = sales.filter((s) => Date.parse(s.startsAt) > t).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (upcoming.length) return upcoming[0];
  return [...sales].sort((a, b) => b.endsAt.localeCompare(a.endsAt))[0];
}

/**
 * The Black Friday flash sale. One instance per container: it holds the per-container caches
 * (sale list, opened windows, sold-out flags) that keep the hot path cheap.
 *
 * A claim is three writes, each safe to die after:
 *   1. a per-customer marker (`attribute_not_exists`): one claim per customer per window;
 *   2. a conditional decrement of one counter shard (`remaining > 0`), recording the claim id;
 *   3. the order and the marker's CLAIMED state, in one transaction.
 * Dying after 1 leaves a marker that a retry takes over once stale; dying after 2 leaves a unit
 * with no order, which the reconciler gives back. Once a window is sold out, each container
 * answers 410 from memory (screen(), before any database call), re-checking with a read at most
 * once a second.
 */
export class FlashSaleService {
  private sales: { at: number; sales: FlashSale[] } | undefined;
  /** The sale-list read in progress: concurrent requests of one container share it. */
  private salesLoad: Promise<FlashSale[]> | undefined;
  /** Per window: the check (and, if the hourly rule was late, the opening) done once per container. */
  private readonly openWindows = new Map<string, Promise<void>>();
  private readonly soldOutUntil = new Map<string, number>();
  /** Per window: the shards this container saw empty (a failed decrement or a read), until when it skips them. */
  private readonly emptyShards = new Map<string, Map<number, number>>();
  private readonly remaining = new Map<string, { at: number; units: number }>();

  private readonly staleClaimMs: number;
  private readonly orphanGraceMs: number;

  constructor(private readonly deps: FlashSaleDeps) {
    this.staleClaimMs = deps.timing?.staleClaimMs ?? STALE_CLAIM_MS;
    this.orphanGraceMs = deps.timing?.orphanGraceMs ?? ORPHAN_GRACE_MS;
  }

  private async allSales(): Promise<FlashSale[]> {
    if (this.sales && this.deps.realNowMs() - this.sales.at <= SALES_CACHE_MS) return this.sales.sales;
    if (!this.salesLoad) {
      const load = this.deps.repo.listSales().then((sales) => {
        if (this.salesLoad === load) this.sales = { at: this.deps.realNowMs(), sales };
        return sales;
      }).finally(() => {
        if (this.salesLoad === load) this.salesLoad = undefined;
      });
      this.salesLoad = load;
    }
    return this.salesLoad;
  }

  /** pickSale() over the sale list this container holds (re-read every 5 s). */
  async currentSale(now: Date): Promise<FlashSale | undefined> {
    return pickSale(await this.allSales(), now);
  }

  /** `variants` reads the SKU (a dependency of this use case only: the claim path never bundles it). */
  async createSale(input: CreateFlashSaleInput, variants: Pick<VariantReader, 'variants'>): Promise<FlashSale> {
    const variant = (await variants.variants([input.sku])).get(input.sku);
    if (!variant || variant.productId !== input.productId) throw skuNotOfProduct();
    const sale: FlashSale = { id: ulid(), name: variant.name, ...input, createdAt: this.deps.now().toISOString() };
    if ((await this.deps.repo.createSale(sale)) === 'variant-mismatch') throw skuNotOfProduct();
    this.sales = undefined;
    this.salesLoad = undefined;
    return sale;
  }

  private async remainingUnits(sale: FlashSale, window: SaleWindow): Promise<number> {
    const cached = this.remaining.get(window.id);
    const t = this.deps.realNowMs();
    if (cached && t - cached.at < REMAINING_CACHE_MS) return cached.units;
    const shards = await this.deps.repo.shards(window, sale.shards, false);
    const units = shards.length ? shards.reduce((sum, s) => sum + s.remaining, 0) : sale.unitsPerWindow;
    this.remaining.set(window.id, { at: t, units });
    return units;
  }

  async current() {
    const now = this.deps.now();
    const sale = await this.currentSale(now);
    if (!sale) throw new NotFoundError('Flash sale');
    const window = windowAt(sale, now);
    const base = {
      saleId: sale.id, productId: sale.productId, sku: sale.sku, name: sale.name, priceCents: sale.priceCents, unitsPerWindow: sale.unitsPerWindow,
      nextWindowAt: nextWindowAt(sale, now),
    };
    if (!window) {
      const status = now.getTime() < Date.parse(sale.startsAt) ? 'NOT_STARTED' as const : 'ENDED' as const;
      return { ...base, window: null, remainingUnits: 0, status };
    }
    const remainingUnits = await this.remainingUnits(sale, window);
    return {
      ...base,
      window: { id: window.id, startsAt: window.startsAt, endsAt: window.endsAt },
      remainingUnits,
      status: remainingUnits > 0 ? 'OPEN' as const : 'SOLD_OUT' as const,
    };
  }

  private soldOut(sale: FlashSale, now: Date): never {
    throw new GoneError('SOLD_OUT', 'This window is sold out; try the next one', [{ nextWindowAt: nextWindowAt(sale, now) }]);
  }

  /** True when this container saw the window sold out less than SOLD_OUT_RECHECK_MS ago (memory only). */
  private soldOutInMemory(window: SaleWindow): boolean {
    return this.deps.realNowMs() < (this.soldOutUntil.get(window.id) ?? 0);
  }

  private markSoldOut(window: SaleWindow): void {
    this.soldOutUntil.set(window.id, this.deps.realNowMs() + SOLD_OUT_RECHECK_MS);
  }

  /**
   * Whether a window this container once saw sold out still is (one eventually consistent read of
   * its shards). Only claims that screen() let through get here: one per second per container
   * once the window is sold out, and the claims that were already past screen() at sell-out.
   */
  private async stillSoldOut(sale: FlashSale, window: SaleWindow): Promise<boolean> {
    if (!this.soldOutUntil.has(window.id)) return false;
    const shards = await this.deps.repo.shards(window, sale.shards, false);
    if (shards.every((s) => s.remaining <= 0)) {
      this.markSoldOut(window);
      return true;
    }
    this.soldOutUntil.delete(window.id);
    return false;
  }

  /**
   * The refusals of a claim that need no database: the rate limits (429) and, from what this
   * container already knows, a closed window (409) or a sold-out one (410). The claim handler runs
   * it right after the token's signature check, before the session check's read, so the crowd that
   * arrives after sell-out costs no database call. A refusal grants nothing, so a revoked token
   * learning that the window is sold out leaks nothing that `GET /flash-sales/current` does not say.
   * Once a second one claim goes through to re-check a sold-out window (a unit may have come back).
   * `fromMemory: false` skips the window checks (a retry with an Idempotency-Key must replay its
   * first answer, which may be a 201).
   */
  screen(input: { userId: string; ip: string }, options: { fromMemory: boolean }): void {
    const t = this.deps.realNowMs();
    const wait = Math.max(this.deps.limits.perCustomer.hit(input.userId, t), this.deps.limits.perIp.hit(input.ip, t));
    if (wait > 0) throw new TooManyRequestsError('Too many claims; slow down', wait);
    if (!options.fromMemory || !this.sales) return;
    const now = this.deps.now();
    const sale = pickSale(this.sales.sales, now);
    const window = sale && windowAt(sale, now);
    // A stale list could miss a sale created since: "not active" only from a fresh one.
    if ((!sale || !window) && t - this.sales.at <= SALES_CACHE_MS) this.notActive(sale, now);
    if (!sale || !window || !this.soldOutUntil.has(window.id)) return;
    if (this.soldOutInMemory(window)) this.soldOut(sale, now);
    // This claim re-checks; the others keep answering from memory for another second.
    this.markSoldOut(window);
  }

  private notActive(sale: FlashSale | undefined, now: Date): never {
    throw new ConflictError('SALE_NOT_ACTIVE', 'No flash-sale window is open now', [{ nextWindowAt: sale ? nextWindowAt(sale, now) : null }]);
  }

  /** A shard seen empty: claims of this container start elsewhere for EMPTY_SHARD_MS. */
  private markShardEmpty(window: SaleWindow, shard: number): void {
    let empty = this.emptyShards.get(window.id);
    if (!empty) {
      // One window at a time is claimed: the memory of earlier windows goes.
      this.emptyShards.clear();
      empty = new Map();
      this.emptyShards.set(window.id, empty);
    }
    empty.set(shard, this.deps.realNowMs() + EMPTY_SHARD_MS);
  }

  /** A random shard among those this container has not seen empty lately; undefined when it saw them all empty. */
  private pickShard(sale: FlashSale, window: SaleWindow): number | undefined {
    const t = this.deps.realNowMs();
    const empty = this.emptyShards.get(window.id);
    const open = Array.from({ length: sale.shards }, (_, shard) => shard).filter((shard) => !(t < (empty?.get(shard) ?? 0)));
    return open.length ? open[Math.floor((this.deps.random ?? Math.random)() * open.length)] : undefined;
  }

  /**
   * Step 2: one unit from a random shard, chosen among those this container has not seen empty in
   * the last EMPTY_SHARD_MS. When that shard is empty (or all are known empty), one consistent read
   * of all shards says which still have units, and only those are tried, so a claim that arrives at
   * sell-out costs one failed write, not one per shard, and the claims after it start on a shard
   * with units. A 410 is answered only after that read (or one shard's failed decrement).
   */
  private async takeUnit(sale: FlashSale, window: SaleWindow, claimId: string): Promise<number | undefined> {
    const first = this.pickShard(sale, window);
    if (first !== undefined) {
      if (await this.deps.repo.takeUnit(window, first, claimId)) return first;
      this.markShardEmpty(window, first);
      if (sale.shards === 1) return undefined;
    }
    if (this.soldOutInMemory(window)) return undefined;
    const shards = await this.deps.repo.shards(window, sale.shards, true);
    for (const s of shards) if (s.remaining <= 0) this.markShardEmpty(window, s.shard);
    const withUnits = new Set(shards.filter((s) => s.remaining > 0).map((s) => s.shard));
    for (const candidate of shardOrder(sale.shards, this.deps.random)) {
      if (!withUnits.has(candidate) || this.soldOutInMemory(window)) continue;
      if (await this.deps.repo.takeUnit(window, candidate, claimId)) return candidate;
      this.markShardEmpty(window, candidate);
    }
    return undefined;
  }

  private ensureOpen(sale: FlashSale, window: SaleWindow): Promise<void> {
    let opened = this.openWindows.get(window.id);
    if (!opened) {
      // Heals a late or missed hourly rule: the first claim opens the window (idempotent).
      opened = this.deps.repo.windowHeader(window).then(async (header) => {
        if (!header) await this.deps.repo.openWindow(sale, window);
      });
      this.openWindows.set(window.id, opened);
      opened.catch(() => this.openWindows.delete(window.id));
    }
    return opened;
  }

  /**
   * Takes one of the customer's marker slots for this window, or says which claim holds them. The
   * caller's session rides in the first marker write (a revoked token: 401, nothing written).
   */
  private async takeSlot(sale: FlashSale, window: SaleWindow, userId: string, claimId: string, at: string, rider: SessionRider | undefined): Promise<number | undefined> {
    for (let slot = 0; slot < sale.perCustomerLimit; slot++) {
      const session = rider && slot === 0 ? { userId: rider.userId, issuedAtMs: rider.issuedAtMs } : undefined;
      const outcome = await this.deps.repo.putMarker(window, userId, slot, claimId, at, session);
      if ('revoked' in outcome) {
        rider?.settle(outcome.revoked);
        throw new Error('A failed session check settled a live session');
      }
      if (session) rider?.held();
      if (outcome.ok) return slot;
      const { existing } = outcome;
      // Our own marker: the put was applied and its answer lost, and the SDK's retry met it.
      if (existing.claimId === claimId) return slot;
      const stale = existing.status === 'CLAIMING' && this.deps.realNowMs() - claimTimeMs(existing.claimId) > this.staleClaimMs;
      if (stale) {
        const shards = await this.deps.repo.shards(window, sale.shards, true);
        const tookUnit = shards.some((s) => s.claimTokens.includes(existing.claimId) && !s.returnedTokens.includes(existing.claimId));
        // If the dead attempt took a unit, the reconciler settles it; the slot stays taken meanwhile.
        if (!tookUnit && (await this.deps.repo.takeOverMarker(window, userId, slot, existing.claimId, claimId, at))) return slot;
      }
    }
    return undefined;
  }

  /**
   * A claim after screen() (which the caller runs first; it holds the rate limits). `session` hands
   * out the caller's session check, which rides in the marker's write: refusals found before it
   * (closed or sold-out window, both public) cost no session read, and every refusal after it
   * (already claimed, sold out, no address) is answered on a settled session.
   *
   * A winner's round trips: the marker (with the session), then the shard and the address in
   * parallel, then the order. The address is read only once the marker is ours; a claim that
   * took a unit and finds no address gives the unit and the marker back before its 400.
   */
  async claim(input: { userId: string; addressId?: string; session?: () => SessionRider }): Promise<ClaimResult> {
    const now = this.deps.now();
    const sale = await this.currentSale(now);
    const window = sale && windowAt(sale, now);
    if (!sale || !window) this.notActive(sale, now);
    if (await this.stillSoldOut(sale, window)) this.soldOut(sale, now);

    await this.ensureOpen(sale, window);
    // Another claim of this container may have seen the sell-out while this one was reading.
    if (this.soldOutInMemory(window) || (await this.stillSoldOut(sale, window))) this.soldOut(sale, now);

    const claimId = ulid();
    const at = now.toISOString();
    const slot = await this.takeSlot(sale, window, input.userId, claimId, at, input.session?.());
    if (slot === undefined) throw new ConflictError('ALREADY_CLAIMED', 'You already claimed in this window', [{ windowId: window.id }]);
    this.deps.faults?.afterMarker?.();

    const addressRead = input.addressId
      ? this.deps.addresses.get(input.userId, input.addressId)
      : this.deps.addresses.first(input.userId);
    // Settled below; a failing takeUnit must not leave it unhandled.
    addressRead.catch(() => undefined);
    const shard = await this.takeUnit(sale, window, claimId).catch(async (error: unknown) => {
      // A throttle or timeout: if no shard recorded this claim, free the marker so the customer's
      // retry works at once instead of meeting ALREADY_CLAIMED until the marker is stale.
      const shards = await this.deps.repo.shards(window, sale.shards, true);
      if (!shards.some((s) => s.claimTokens.includes(claimId))) await this.deps.repo.deleteMarker(window, input.userId, slot, claimId);
      throw error;
    });
    if (shard === undefined) {
      this.markSoldOut(window);
      await this.deps.repo.deleteMarker(window, input.userId, slot, claimId);
      this.soldOut(sale, now);
    }
    this.deps.faults?.afterUnit?.();
    const giveBack = async () => {
      // The unit first: once the marker is gone the customer may claim again at once.
      await this.deps.repo.releaseUnit(window, shard, claimId);
      await this.deps.repo.deleteMarker(window, input.userId, slot, claimId);
    };
    const address = await addressRead.catch(async (error: unknown) => {
      await giveBack();
      throw error;
    });
    if (!address) {
      await giveBack();
      throw new ValidationError('A delivery address is required to claim', [{ field: 'addressId', message: input.addressId ? 'no such address in your account' : 'add an address first' }]);
    }

    const order = newOrder({
      id: claimId,
      customerId: input.userId,
      items: [{ sku: sale.sku, productId: sale.productId, name: sale.name, attributes: {}, quantity: 1, unitPriceCents: sale.priceCents, lineTotalCents: sale.priceCents }],
      subtotalCents: sale.priceCents,
      discountCents: 0,
      shippingCents: 0,
      totalCents: sale.priceCents,
      coupon: null,
      // Not computed on the claim path (no rate read during the rush): docs/decisions.md "Approximate taxes".
      taxes: null,
      address,
      shipping: { service: 'Frete grátis Black Friday', minDays: 3, maxDays: 10 },
      paymentWindowMinutes: sale.paymentWindowMinutes,
      flashSale: { saleId: sale.id, windowStart: window.startsAt, windowEnd: window.endsAt, shard, claimId },
      correlationId: claimId,
      now,
    });
    await this.deps.repo.createClaimOrder(order, { window, userId: input.userId, slot }).catch(async (error: unknown) => {
      // The order's transaction failed, or its answer was lost. Deleting the CLAIMING marker first
      // decides which: if it goes, the order can never be written (its transaction requires the
      // marker), so the unit goes back at once and the customer's retry works now, not after the
      // reconciler's grace; if it does not, the order was written and this claim stands.
      if (!(await this.deps.repo.deleteMarker(window, input.userId, slot, claimId))) return;
      await this.deps.repo.releaseUnit(window, shard, claimId);
      throw error;
    });
    return { claimId, orderId: order.id, priceCents: sale.priceCents, paymentDeadline: order.paymentDeadline, windowId: window.id };
  }

  /**
   * Hourly rule: open the current window of every running sale (idempotent, never takes units
   * twice). `short` names windows that opened with fewer units than the sale promises (the
   * variant's stock held less), `noStock` those that could not open at all: both need a person.
   */
  async openCurrentWindows(): Promise<{ opened: string[]; alreadyOpen: string[]; short: string[]; noStock: string[] }> {
    const now = this.deps.now();
    const result = { opened: [] as string[], alreadyOpen: [] as string[], short: [] as string[], noStock: [] as string[] };
    for (const sale of await this.deps.repo.listSales()) {
      const window = windowAt(sale, now);
      if (!window) continue;
      const opening = await this.deps.repo.openWindow(sale, window);
      if (opening === 'opened' || opening === 'opened-short') result.opened.push(window.id);
      if (opening === 'opened-short') result.short.push(window.id);
      if (opening === 'already-open') result.alreadyOpen.push(window.id);
      if (opening === 'no-stock') result.noStock.push(window.id);
    }
    return result;
  }

  /**
   * The accounting of one window, from independent sources (shards and orders). Shards, then
   * orders, then shards again: an expiry or cancellation ends the order and returns its unit in one
   * transaction, so the two reads agree when the shards did not move while the orders were read.
   */
  async audit(sale: FlashSale, window: SaleWindow): Promise<WindowReport> {
    // The units the window took from the stock when it opened (fewer than the sale's when stock was short).
    const header = await this.deps.repo.windowHeader(window);
    let shards = await this.deps.repo.shards(window, sale.shards, true);
    for (let attempt = 1; ; attempt++) {
      const orders = await this.deps.repo.orderStates([...new Set(shards.flatMap((s) => s.claimTokens))]);
      const again = await this.deps.repo.shards(window, sale.shards, true);
      if (sameShards(shards, again) || attempt === AUDIT_ATTEMPTS) {
        return checkWindow({
          windowId: window.id,
          unitsPerWindow: header?.unitsPerWindow ?? 0,
          perCustomerLimit: sale.perCustomerLimit,
          shards,
          orders,
          inFlightGraceMs: this.orphanGraceMs,
          nowMs: this.deps.realNowMs(),
        });
      }
      shards = again;
    }
  }

  /**
   * Every minute: gives back units that a claim took without getting an order (it died between
   * steps 2 and 3), and units whose order ended without returning them; opens a window the hourly
   * rule missed; and once a window has closed, returns its unsold units to the variant's stock
   * (each shard's `remaining`, moved with a condition on the value read, so exactly once) and
   * notes, once per window, what it did not sell (the admins' FlashSaleWindowUnsold e-mail).
   * Records what it fixed on the window.
   */
  async reconcile(lookbackMs = 2 * 3_600_000): Promise<{ windows: number; fixed: string[]; restocked: string[]; unsold: string[] }> {
    const now = this.deps.now();
    const fixed: string[] = [];
    const restocked: string[] = [];
    const unsold: string[] = [];
    let windows = 0;
    for (const sale of await this.deps.repo.listSales()) {
      for (const window of recentWindows(sale, now, lookbackMs)) {
        windows++;
        let shards = await this.deps.repo.shards(window, sale.shards, true);
        if (!shards.length) {
          if (windowAt(sale, now)?.id === window.id) {
            const opening = await this.deps.repo.openWindow(sale, window);
            if (opening === 'opened' || opening === 'opened-short') fixed.push(`${window.id}: opened late${opening === 'opened-short' ? ' (short of stock)' : ''}`);
          }
          continue;
        }
        const held = shards.flatMap((s) => s.claimTokens.filter((c) => !s.returnedTokens.includes(c)).map((claimId) => ({ shard: s.shard, claimId })));
        const orders = await this.deps.repo.orderStates(held.map((h) => h.claimId));
        const windowFixes: string[] = [];
        for (const { shard, claimId } of held) {
          const order = orders.get(claimId);
          const orphan = !order && this.deps.realNowMs() - claimTimeMs(claimId) > this.orphanGraceMs;
          const ended = order && (order.status === 'EXPIRED' || order.status === 'CANCELLED');
          if ((orphan || ended) && (await this.deps.repo.releaseUnit(window, shard, claimId))) {
            windowFixes.push(`released unit of claim ${claimId} (${orphan ? 'no order' : `order ${order?.status}`}) to shard ${shard}`);
          }
        }
        if (windowFixes.length) {
          await this.deps.repo.recordReconciliation(window, windowFixes, now.toISOString());
          fixed.push(...windowFixes.map((f) => `${window.id}: ${f}`));
        }
        if (now.getTime() < Date.parse(window.endsAt)) continue;
        if (windowFixes.length) shards = await this.deps.repo.shards(window, sale.shards, true);
        const after: ShardState[] = [];
        for (const s of shards) {
          if (s.remaining > 0 && (await this.deps.repo.restockShard(window, sale.sku, s.shard, s.remaining))) {
            restocked.push(`${window.id}: ${s.remaining} unsold unit(s) of shard ${s.shard} back to ${sale.sku}`);
            after.push({ ...s, remaining: 0, restocked: s.restocked + s.remaining });
          } else {
            after.push(s);
          }
        }
        const notice = unsoldNotice(sale, window, after, now.toISOString());
        if (notice && (await this.deps.repo.noteUnsoldWindow(notice))) unsold.push(`${window.id}: ${notice.unsoldUnits} of ${notice.windowUnits} unit(s) unsold`);
      }
    }
    return { windows, fixed, restocked, unsold };
  }

  async adminView(saleId: string) {
    const sale = await this.deps.repo.getSale(saleId);
    if (!sale) throw new NotFoundError('Flash sale');
    const headers = await this.deps.repo.windowHeaders(saleId, ADMIN_VIEW_WINDOWS);
    const windows = await Promise.all(headers.map(async (h) => {
      const window: SaleWindow = { saleId, id: h.windowId, startsAt: h.startsAt, endsAt: h.endsAt };
      const shards = await this.deps.repo.shards(window, h.shards, false);
      const claimed = shards.reduce((n, s) => n + s.claimTokens.length, 0);
      const returned = shards.reduce((n, s) => n + s.returnedTokens.length, 0);
      const remaining = shards.reduce((n, s) => n + s.remaining, 0);
      const restocked = shards.reduce((n, s) => n + s.restocked, 0);
      return {
        id: h.windowId, startsAt: h.startsAt, endsAt: h.endsAt, unitsPerWindow: h.unitsPerWindow,
        claimed, paid: h.paid, expired: h.expired, remaining, reservedUnpaid: claimed - returned - h.paid, restocked,
      };
    }));
    return { ...sale, windows };
  }
}

/**
 * The unsold-units notice of a closed window whose shards have all given their units back (none
 * holds a unit any more), when some were unsold; undefined otherwise (nothing unsold, or a shard
 * still to restock: the next run notes it). Totals over the shards as they are now.
 */
export function unsoldNotice(sale: FlashSale, window: SaleWindow, shards: readonly ShardState[], at: string): UnsoldWindowNotice | undefined {
  if (shards.length === 0 || shards.some((s) => s.remaining > 0)) return undefined;
  const unsoldUnits = shards.reduce((n, s) => n + s.restocked, 0);
  if (unsoldUnits === 0) return undefined;
  const claimedUnits = shards.reduce((n, s) => n + s.claimTokens.length - s.returnedTokens.length, 0);
  return {
    saleId: sale.id, windowId: window.id, sku: sale.sku, productName: sale.name, startsAt: window.startsAt, endsAt: window.endsAt,
    windowUnits: unsoldUnits + claimedUnits, unsoldUnits, claimedUnits, at,
  };
}
