/**
 * The order state machine.
 *
 * ```
 * PENDING_PAYMENT ──► PAID ──► SHIPPED ──► DELIVERED
 *        │              │
 *        ├─► EXPIRED     └─► CANCELLED (refund)
 *        └─► CANCELLED (stock released)
 * ```
 *
 * Writers apply a transition as a conditional write ("status = from"), so of two concurrent
 * attempts at the same transition exactly one succeeds, and its effects happen once.
 */
import { ConflictError } from '#shared/errors.js';

export const ORDER_STATUSES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses in which an order is still in progress (they block account deletion). */
export const OPEN_STATUSES = ['PENDING_PAYMENT', 'PAID', 'SHIPPED'] as const satisfies readonly OrderStatus[];

export type OrderEvent = 'OrderPaid' | 'OrderShipped' | 'OrderDelivered' | 'OrderCancelled' | 'OrderExpired';

/** What must happen in the same write as a transition. */
export interface TransitionEffects {
  /** Return reserved stock (the order was never paid). */
  releaseStock: boolean;
  /** Refund the payment (the order was paid). */
  refund: boolean;
  /** Domain event to publish. */
  event: OrderEvent;
}

const TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderStatus, TransitionEffects>>>>> = {
  PENDING_PAYMENT: {
    PAID: { releaseStock: false, refund: false, event: 'OrderPaid' },
    CANCELLED: { releaseStock: true, refund: false, event: 'OrderCancelled' },
    EXPIRED: { releaseStock: true, refund: false, event: 'OrderExpired' },
  },
  PAID: {
    SHIPPED: { releaseStock: false, refund: false, event: 'OrderShipped' },
    CANCELLED: { releaseStock: false, refund: true, event: 'OrderCancelled' },
  },
  SHIPPED: {
    DELIVERED: { releaseStock: false, refund: false, event: 'OrderDelivered' },
  },
  DELIVERED: {},
  CANCELLED: {},
  EXPIRED: {},
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from][to] !== undefined;
}

/** The statuses reachable from `from` in one step (in ORDER_STATUSES order). */
export function nextStatuses(from: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((to) => canTransition(from, to));
}

/** DELIVERED, CANCELLED and EXPIRED: nothing follows. */
export function isTerminal(status: OrderStatus): boolean {
  return nextStatuses(status).length === 0;
}

/**
 * Effects of a legal transition. Check `canTransition` first and raise the use case's own
 * error; an illegal pair here throws a 409 INVALID_ORDER_TRANSITION.
 */
export function transitionEffects(from: OrderStatus, to: OrderStatus): TransitionEffects {
  const effects = TRANSITIONS[from][to];
  if (effects === undefined) {
    throw new ConflictError('INVALID_ORDER_TRANSITION', `An order cannot go from ${from} to ${to}`, [{ from, to }]);
  }
  return { ...effects };
}

const TIMELINE: Readonly<Record<OrderStatus, string>> = {
  PENDING_PAYMENT: 'Pedido recebido, aguardando pagamento',
  PAID: 'Pagamento confirmado',
  SHIPPED: 'Pedido enviado',
  DELIVERED: 'Pedido entregue',
  CANCELLED: 'Pedido cancelado',
  EXPIRED: 'Pedido expirado: pagamento não recebido no prazo',
};

/** Short customer-facing (pt-BR) text for the tracking timeline. */
export function timelineDescription(status: OrderStatus): string {
  return TIMELINE[status];
}
