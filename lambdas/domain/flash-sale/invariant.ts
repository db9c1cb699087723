/**
 * The flash sale's accounting rule, checked from independent sources:
 *   remaining (shard counters) + reservedUnpaid (pending orders) + paid (paid orders)
 *     + restocked (units given back to the variant's stock after the window closed) == unitsPerWindow
 * where unitsPerWindow is what the window took from the variant's stock when it opened.
 * plus: every unit taken by a claim has exactly one order, no counter below zero, and no customer
 * holds more than the per-customer limit in a window.
 */
export interface ShardState {
  shard: number;
  remaining: number;
  /** Claims that took a unit from this shard. */
  claimTokens: string[];
  /** Claims whose unit came back (expired, cancelled, or released by the reconciler). */
  returnedTokens: string[];
  /** Units this shard gave back to the variant's stock once the window had closed. */
  restocked: number;
}

export interface ClaimOrder {
  status: string;
  customerId: string;
}

export interface WindowAccount {
  windowId: string;
  unitsPerWindow: number;
  perCustomerLimit: number;
  shards: ShardState[];
  /** Order of each claim id (undefined when the claim has no order). */
  orders: Map<string, ClaimOrder | undefined>;
  /** A claim younger than this may hold a unit before its order is written (in flight). */
  inFlightGraceMs: number;
  nowMs: number;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Claim ids are ULIDs: their first ten characters are the creation time in ms. */
export function claimTimeMs(claimId: string): number {
  let ms = 0;
  for (const char of claimId.slice(0, 10).toUpperCase()) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

export interface WindowReport {
  windowId: string;
  unitsPerWindow: number;
  remaining: number;
  reservedUnpaid: number;
  paid: number;
  restocked: number;
  released: number;
  inFlight: number;
  violations: string[];
}

const PAID_STATUSES = new Set(['PAID', 'SHIPPED', 'DELIVERED']);

export function checkWindow(account: WindowAccount): WindowReport {
  const violations: string[] = [];
  let remaining = 0;
  let restocked = 0;
  const held = new Set<string>();
  let released = 0;
  for (const s of account.shards) {
    if (s.remaining < 0) violations.push(`shard ${s.shard} has remaining ${s.remaining} < 0`);
    remaining += s.remaining;
    restocked += s.restocked;
    const returned = new Set(s.returnedTokens);
    for (const r of returned) if (!s.claimTokens.includes(r)) violations.push(`shard ${s.shard} returned ${r} which it never gave out`);
    for (const c of s.claimTokens) {
      if (returned.has(c)) released++;
      else if (held.has(c)) violations.push(`claim ${c} holds units in two shards`);
      else held.add(c);
    }
  }
  let reservedUnpaid = 0;
  let paid = 0;
  let inFlight = 0;
  const perCustomer = new Map<string, number>();
  for (const claimId of held) {
    const order = account.orders.get(claimId);
    if (!order) {
      if (account.nowMs - claimTimeMs(claimId) < account.inFlightGraceMs) {
        inFlight++;
        reservedUnpaid++;
      } else violations.push(`claim ${claimId} holds a unit but has no order`);
      continue;
    }
    if (order.status === 'PENDING_PAYMENT') reservedUnpaid++;
    else if (PAID_STATUSES.has(order.status)) paid++;
    else violations.push(`claim ${claimId} holds a unit but its order is ${order.status}`);
    perCustomer.set(order.customerId, (perCustomer.get(order.customerId) ?? 0) + 1);
  }
  for (const [customer, units] of perCustomer) {
    if (units > account.perCustomerLimit) violations.push(`customer ${customer} holds ${units} units (limit ${account.perCustomerLimit})`);
  }
  if (remaining + reservedUnpaid + paid + restocked !== account.unitsPerWindow) {
    violations.push(`remaining ${remaining} + reservedUnpaid ${reservedUnpaid} + paid ${paid} + restocked ${restocked} != unitsPerWindow ${account.unitsPerWindow}`);
  }
  return { windowId: account.windowId, unitsPerWindow: account.unitsPerWindow, remaining, reservedUnpaid, paid, restocked, released, inFlight, violations };
}
