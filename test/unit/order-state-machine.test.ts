import fc from 'fast-check';
import {
  OPEN_STATUSES, ORDER_STATUSES, type OrderEvent, type OrderStatus,
  canTransition, isTerminal, nextStatuses, timelineDescription, transitionEffects,
} from '#domain/orders/state-machine.js';

/**
 * The contract's transition matrix, written out independently of the module: rows are `from`,
 * columns are `to`, in ORDER_STATUSES order (PENDING_PAYMENT, PAID, SHIPPED, DELIVERED,
 * CANCELLED, EXPIRED).
 */
const MATRIX: Record<OrderStatus, readonly (0 | 1)[]> = {
  //               PEND PAID SHIP DELV CANC EXPD
  PENDING_PAYMENT: [0,   1,   0,   0,   1,   1],
  PAID:            [0,   0,   1,   0,   1,   0],
  SHIPPED:         [0,   0,   0,   1,   0,   0],
  DELIVERED:       [0,   0,   0,   0,   0,   0],
  CANCELLED:       [0,   0,   0,   0,   0,   0],
  EXPIRED:         [0,   0,   0,   0,   0,   0],
};

const PAIRS = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to, j) => [from, to, MATRIX[from][j] === 1] as const));

describe('transitions', () => {
  it('covers all 36 pairs', () => expect(PAIRS).toHaveLength(36));

  it.each(PAIRS)('%s -> %s legal: %s', (from, to, legal) => {
    expect(canTransition(from, to)).toBe(legal);
    if (legal) expect(() => transitionEffects(from, to)).not.toThrow();
    else expect(() => transitionEffects(from, to)).toThrow(expect.objectContaining({ reason: 'conflict', code: 'INVALID_ORDER_TRANSITION' }));
  });

  it.each([
    ['PENDING_PAYMENT', 'PAID', { releaseStock: false, refund: false, event: 'OrderPaid' }],
    ['PENDING_PAYMENT', 'CANCELLED', { releaseStock: true, refund: false, event: 'OrderCancelled' }],
    ['PENDING_PAYMENT', 'EXPIRED', { releaseStock: true, refund: false, event: 'OrderExpired' }],
    ['PAID', 'SHIPPED', { releaseStock: false, refund: false, event: 'OrderShipped' }],
    ['PAID', 'CANCELLED', { releaseStock: false, refund: true, event: 'OrderCancelled' }],
    ['SHIPPED', 'DELIVERED', { releaseStock: false, refund: false, event: 'OrderDelivered' }],
  ] as const)('%s -> %s has effects %j', (from, to, effects) => {
    expect(transitionEffects(from, to)).toEqual(effects);
  });

  it('returns a copy of the effects', () => {
    transitionEffects('PAID', 'CANCELLED').refund = false;
    expect(transitionEffects('PAID', 'CANCELLED').refund).toBe(true);
  });

  it('lists next statuses and terminal statuses', () => {
    expect(nextStatuses('PENDING_PAYMENT')).toEqual(['PAID', 'CANCELLED', 'EXPIRED']);
    expect(nextStatuses('PAID')).toEqual(['SHIPPED', 'CANCELLED']);
    expect(nextStatuses('SHIPPED')).toEqual(['DELIVERED']);
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['DELIVERED', 'CANCELLED', 'EXPIRED']);
    for (const s of ['DELIVERED', 'CANCELLED', 'EXPIRED'] as const) expect(nextStatuses(s)).toEqual([]);
  });

  it('open statuses are exactly the non-terminal ones', () => {
    expect([...OPEN_STATUSES]).toEqual(ORDER_STATUSES.filter((s) => !isTerminal(s)));
  });

  it.each([
    ['PENDING_PAYMENT', 'Pedido recebido, aguardando pagamento'],
    ['PAID', 'Pagamento confirmado'],
    ['SHIPPED', 'Pedido enviado'],
    ['DELIVERED', 'Pedido entregue'],
    ['CANCELLED', 'Pedido cancelado'],
    ['EXPIRED', 'Pedido expirado: pagamento não recebido no prazo'],
  ] as const)('describes %s on the timeline as %j', (status, text) => {
    expect(timelineDescription(status)).toBe(text);
  });
});

/**
 * Model-based property: several orders, a random sequence of attempted transitions by workers
 * that read the order status (possibly a stale read) and then write conditionally ("status is
 * still what I read"). Each attempt may be delivered more than once, as concurrent duplicates
 * (two handlers of the same event, or a retried message). The store applies an attempt only
 * when the condition holds and the state machine allows it, performing its effects.
 */
describe('order lifecycle under conditional writes', () => {
  interface Order {
    status: OrderStatus;
    /** Every status the order has been in, oldest first (what a stale reader may have seen). */
    history: OrderStatus[];
    events: OrderEvent[];
    stockReleases: number;
    refunds: number;
  }

  const newOrder = (): Order => ({ status: 'PENDING_PAYMENT', history: ['PENDING_PAYMENT'], events: [], stockReleases: 0, refunds: 0 });

  /** The conditional write: true when it applied. */
  function attempt(order: Order, readStatus: OrderStatus, to: OrderStatus): boolean {
    if (order.status !== readStatus || !canTransition(readStatus, to)) return false;
    const effects = transitionEffects(readStatus, to);
    order.status = to;
    order.history.push(to);
    order.events.push(effects.event);
    if (effects.releaseStock) order.stockReleases++;
    if (effects.refund) order.refunds++;
    return true;
  }

  /** The model: the event sequences an order may go through, independent of the module. */
  const LEGAL_EVENT_SEQUENCES = new Set([
    '',
    'OrderPaid',
    'OrderPaid,OrderShipped',
    'OrderPaid,OrderShipped,OrderDelivered',
    'OrderPaid,OrderCancelled',
    'OrderCancelled',
    'OrderExpired',
  ]);
  const STATUS_AFTER: Record<OrderEvent, OrderStatus> = {
    OrderPaid: 'PAID', OrderShipped: 'SHIPPED', OrderDelivered: 'DELIVERED', OrderCancelled: 'CANCELLED', OrderExpired: 'EXPIRED',
  };
  const TERMINAL = new Set<OrderStatus>(['DELIVERED', 'CANCELLED', 'EXPIRED']);

  /** The invariants one order breaks (plain checks: they run tens of thousands of times). */
  function violations(o: Order): string[] {
    const broken: string[] = [];
    const paid = o.events.includes('OrderPaid');
    if (!LEGAL_EVENT_SEQUENCES.has(o.events.join(','))) broken.push(`illegal path ${o.events.join(' > ')}`);
    if (o.status !== (o.events.length ? STATUS_AFTER[o.events[o.events.length - 1]] : 'PENDING_PAYMENT')) broken.push('status does not match events');
    if (o.stockReleases > 1) broken.push('stock released more than once');
    if (o.stockReleases > 0 && paid) broken.push('stock released for a paid order');
    const mustRelease = (o.status === 'CANCELLED' && !paid) || o.status === 'EXPIRED';
    if (o.stockReleases !== (mustRelease ? 1 : 0)) broken.push('stock release does not match the outcome');
    if (o.refunds > 1) broken.push('refunded more than once');
    if (o.refunds !== (o.status === 'CANCELLED' && paid ? 1 : 0)) broken.push('refund does not match the outcome');
    if (o.refunds > 0 && !o.events.slice(0, o.events.indexOf('OrderCancelled')).includes('OrderPaid')) broken.push('refund without payment');
    if (o.status === 'DELIVERED' && o.history.join() !== 'PENDING_PAYMENT,PAID,SHIPPED,DELIVERED') broken.push('delivered without paid and shipped');
    return broken;
  }

  const attemptArb = fc.record({
    order: fc.nat({ max: 1 }),
    to: fc.constantFrom(...ORDER_STATUSES),
    /** 0 = fresh read (the common case); n = the status n writes ago. */
    staleness: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 3 }), weight: 1 }),
    /** Deliveries of the same attempt (concurrent duplicates, retries). */
    copies: fc.integer({ min: 1, max: 3 }),
  });

  it('keeps every invariant', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 60, size: 'max' }), (attempts) => {
        const orders = [newOrder(), newOrder()];
        for (const a of attempts) {
          const order = orders[a.order];
          const before = order.status;
          const readStatus = order.history[Math.max(0, order.history.length - 1 - a.staleness)];
          let applied = 0;
          for (let i = 0; i < a.copies; i++) if (attempt(order, readStatus, a.to)) applied++;

          // The same attempted transition applies at most once, and only from a fresh read of a legal pair.
          const expected = readStatus === before && MATRIX[before][ORDER_STATUSES.indexOf(a.to)] === 1 ? 1 : 0;
          if (applied !== expected) throw new Error(`${readStatus} -> ${a.to} x${a.copies} applied ${applied} times, expected ${expected}`);
          // Terminal states never change.
          if (TERMINAL.has(before) && order.status !== before) throw new Error(`terminal ${before} changed to ${order.status}`);
          for (const o of orders) {
            const broken = violations(o);
            if (broken.length) throw new Error(broken.join('; '));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('of two concurrent cancellations of a paid order, one refunds', () => {
    const order = newOrder();
    attempt(order, 'PENDING_PAYMENT', 'PAID');
    const results = [attempt(order, 'PAID', 'CANCELLED'), attempt(order, 'PAID', 'CANCELLED')];
    expect(results).toEqual([true, false]);
    expect(order).toMatchObject({ status: 'CANCELLED', refunds: 1, stockReleases: 0 });
  });

  it('a payment racing the expiry: whichever writes first wins, the other is refused', () => {
    const expiredFirst = newOrder();
    expect(attempt(expiredFirst, 'PENDING_PAYMENT', 'EXPIRED')).toBe(true);
    expect(attempt(expiredFirst, 'PENDING_PAYMENT', 'PAID')).toBe(false);
    expect(expiredFirst).toMatchObject({ status: 'EXPIRED', stockReleases: 1, events: ['OrderExpired'] });

    const paidFirst = newOrder();
    expect(attempt(paidFirst, 'PENDING_PAYMENT', 'PAID')).toBe(true);
    expect(attempt(paidFirst, 'PENDING_PAYMENT', 'EXPIRED')).toBe(false);
    expect(paidFirst).toMatchObject({ status: 'PAID', stockReleases: 0, events: ['OrderPaid'] });
  });
});
