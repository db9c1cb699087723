import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { OrderRecord, OrderRepository } from '#domain/orders/ports.js';
import { timelineDescription } from '#domain/orders/state-machine.js';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '#shared/errors.js';
import { validateInstallments } from './card.js';
import { PaymentRejectedError, type PaymentProvider, type ProviderPayment, type WebhookRequest, WebhookSignatureError } from './ports.js';
import { type PaymentRecord, type PaymentRepository, type PaymentStatus, unsettledSortKey } from './records.js';

/**
 * The reconciler reads unsettled payments a page at a time, oldest first, and stops starting new
 * provider calls after 40 s (its function has 60 s; the next run comes 2 minutes later).
 */
const RECONCILE_PAGE = 100;
const RECONCILE_BUDGET_MS = 40_000;

export interface PaymentDeps {
  provider: PaymentProvider;
  payments: PaymentRepository;
  orders: Pick<OrderRepository, 'get'>;
  now: () => Date;
}

/**
 * Starting a payment also draws the Pix QR code and reads the payer's email: only that function
 * bundles the QR renderer and the user repository.
 */
export interface StartPaymentDeps extends PaymentDeps {
  qrPng: (text: string) => Promise<string>;
  payerEmail: (customerId: string) => Promise<string>;
}

export type StartPaymentInput =
  | { method: 'pix' }
  | { method: 'card'; cardToken: string; installments: number; paymentMethodId?: string; issuerId?: string };

export interface StartedPayment {
  paymentId: string;
  method: 'pix' | 'card';
  /** The attempt's real status: a card approval that had to be refunded says REFUNDED (or REFUND_PENDING), never PENDING. */
  status: PaymentStatus;
  amountCents: number;
  pix?: { copyPaste: string; qrCodePng: string; expiresAt: string };
  installments?: number;
  declineReason?: string;
  note?: string;
}

/**
 * Money counts as paid in time when the provider approved it before the order's deadline plus this
 * grace (clock skew between the provider and us, and the seconds a Pix takes to settle). A payment
 * approved later is refunded.
 */
export const PAYMENT_GRACE_MS = 60_000;

/**
 * How long an attempt holds the order's slot while it talks to the provider: three times the
 * payment function's 10 s timeout, so only a crashed holder ever loses it.
 */
const ATTEMPT_LOCK_MS = 30_000;

function payableOrder(order: OrderRecord, now: Date): void {
  if (order.status !== 'PENDING_PAYMENT') {
    throw new ConflictError('ORDER_NOT_PAYABLE', `The order is ${order.status}; only orders awaiting payment can be paid`, [{ status: order.status }]);
  }
  if (Date.parse(order.paymentDeadline) <= now.getTime()) {
    throw new ConflictError('ORDER_NOT_PAYABLE', 'The payment deadline of this order has passed', [{ paymentDeadline: order.paymentDeadline }]);
  }
}

/**
 * The key of the provider's create call. With the client's `Idempotency-Key` it is derived from that
 * key, so a retry after a failure between the provider's charge and our record (the answer was a
 * 500 and the key was released) makes the provider replay the first charge instead of a second one.
 */
function providerCreateKey(paymentId: string, customerId: string, orderId: string, clientKey: string | undefined): string {
  if (clientKey === undefined) return `create-${paymentId}`;
  return `create-${createHash('sha256').update(JSON.stringify([customerId, orderId, clientKey])).digest('base64url')}`;
}

/**
 * Starts a payment for the caller's order, one attempt at a time: the attempt takes the order's
 * slot with a conditional write before it calls the provider, so concurrent attempts get 409
 * `PAYMENT_IN_PROGRESS` and never reach it. An attempt still pending at the provider (a Pix charge,
 * a card in review) stays live until the next attempt replaces it, cancelling it at the provider.
 * Pix: a charge whose BR Code expires no later than the order's payment deadline, confirmed later
 * by the provider's webhook. Card: charged with a token (never a number); an approval is re-checked
 * with the provider before the order becomes PAID. A declined or failed attempt frees the slot.
 */
export async function startPayment(
  deps: StartPaymentDeps,
  input: { orderId: string; customerId: string; correlationId: string; idempotencyKey?: string } & StartPaymentInput,
): Promise<StartedPayment> {
  const found = await deps.orders.get(input.orderId);
  if (!found || found.customerId !== input.customerId) throw new NotFoundError('Order');
  payableOrder(found, deps.now());
  const paymentId = ulid();
  const nowMs = deps.now().getTime();
  const slot = await deps.payments.takeAttemptSlot(found.id, { paymentId, nowMs, lockedUntilMs: nowMs + ATTEMPT_LOCK_MS });
  if (!slot.taken) {
    throw new ConflictError('PAYMENT_IN_PROGRESS', 'Another payment attempt for this order is being processed; wait for its answer before trying again');
  }
  let live = false;
  try {
    if (slot.previous) await retire(deps, found.id, slot.previous.paymentId, input.correlationId);
    // Read again under the slot: the replaced attempt, or one that finished just before, may have paid the order.
    const order = await deps.orders.get(found.id);
    if (!order) throw new NotFoundError('Order');
    payableOrder(order, deps.now());
    const started = await charge(deps, order, paymentId, input);
    if (started.status !== 'PENDING') return started;
    live = await deps.payments.markAttemptLive(order.id, paymentId);
    if (live) return started;
    // Only after a stall longer than the lock: a newer attempt holds the slot, so this one must not stay payable.
    await retire(deps, order.id, paymentId, input.correlationId);
    throw new ConflictError('PAYMENT_IN_PROGRESS', 'A newer payment attempt replaced this one; see the order\'s payments');
  } finally {
    // A finished, declined or failed attempt gives the slot back as it found it: free, or the replaced attempt's (live again if its cancellation failed; harmless once it is cancelled).
    if (!live) await deps.payments.releaseAttemptSlot(found.id, paymentId, slot.previous);
  }
}

/** One call to the provider for a new attempt, and our record of it. */
async function charge(
  deps: StartPaymentDeps,
  order: OrderRecord,
  paymentId: string,
  input: { customerId: string; correlationId: string; idempotencyKey?: string } & StartPaymentInput,
): Promise<StartedPayment> {
  const now = deps.now();
  const payerEmail = await deps.payerEmail(order.customerId);
  const base = {
    paymentId, orderId: order.id, customerId: order.customerId, provider: deps.provider.name, amountCents: order.totalCents,
    note: null, createdAt: now.toISOString(), updatedAt: now.toISOString(),
  };
  const description = `Pedido ${order.id}`;
  const idempotencyKey = providerCreateKey(paymentId, order.customerId, order.id, input.idempotencyKey);
  try {
    if (input.method === 'pix') {
      const pixCharge = await deps.provider.createPix({
        orderId: order.id, paymentId, amountCents: order.totalCents, description, payerEmail, expiresAt: order.paymentDeadline, idempotencyKey,
      });
      const pix = { copyPaste: pixCharge.pix.copyPaste, qrCodePng: await deps.qrPng(pixCharge.pix.copyPaste), expiresAt: pixCharge.pix.expiresAt };
      await deps.payments.create({
        ...base, providerPaymentId: pixCharge.providerPaymentId, method: 'pix', status: 'PENDING', installments: null, declineReason: null, pix, card: null,
      });
      return { paymentId, method: 'pix', status: 'PENDING', amountCents: order.totalCents, pix };
    }
    validateInstallments(input.installments, order.totalCents);
    const charged = await deps.provider.createCard({
      orderId: order.id, paymentId, amountCents: order.totalCents, description, payerEmail, cardToken: input.cardToken,
      installments: input.installments, idempotencyKey, paymentMethodId: input.paymentMethodId, issuerId: input.issuerId,
    });
    const record: PaymentRecord = {
      ...base, providerPaymentId: charged.providerPaymentId, method: 'card', status: 'PENDING', installments: input.installments,
      declineReason: null, pix: null, card: charged.card,
    };
    await deps.payments.create(record);
    // Never trust the create response alone: ask the provider again, then settle.
    const settled = await settle(deps, record, await deps.provider.getPayment(charged.providerPaymentId), input.correlationId);
    return {
      paymentId, method: 'card', amountCents: order.totalCents, installments: input.installments, status: settled.status,
      ...(settled.declineReason ? { declineReason: settled.declineReason } : {}),
      ...(settled.note ? { note: settled.note } : {}),
    };
  } catch (error) {
    if (error instanceof PaymentRejectedError) throw new ValidationError(error.message, [{ field: error.field, message: error.message }]);
    throw error;
  }
}

/**
 * Takes a replaced attempt out of play: if it is still pending, it is cancelled at the provider, and
 * whatever the provider then says is applied (cancelled; or approved, when the payer was faster than
 * the cancellation: it pays the order, or is refunded if it came too late).
 */
async function retire(deps: PaymentDeps, orderId: string, paymentId: string, correlationId: string): Promise<void> {
  const payment = (await deps.payments.listForOrder(orderId)).find((p) => p.paymentId === paymentId);
  if (payment?.status !== 'PENDING') return;
  await settle(deps, payment, await deps.provider.cancel(payment.providerPaymentId), correlationId);
}

/**
 * Applies what the provider says about a payment, idempotently: an approval pays the order (once,
 * only if the payer paid before its deadline plus the grace, by the provider's approval time, however
 * late the notice comes); an approval for an order that expired, was cancelled or was already paid by
 * another attempt, one paid too late, or one on a charge that a newer attempt had replaced (and we had
 * cancelled), is refunded automatically and noted for admins; declines and refunds are recorded. Any
 * number of duplicate, reordered or concurrent calls change state once.
 */
export async function settle(deps: Pick<PaymentDeps, 'payments' | 'orders' | 'provider' | 'now'>, payment: PaymentRecord, truth: ProviderPayment, correlationId: string): Promise<PaymentRecord> {
  const now = deps.now();
  const at = now.toISOString();
  if (truth.amountCents !== payment.amountCents || truth.orderId !== payment.orderId) {
    throw new Error(`Provider payment ${truth.providerPaymentId} does not match our record ${payment.paymentId}`);
  }
  if (truth.status === 'approved' && payment.status === 'PENDING') {
    const order = await deps.orders.get(payment.orderId);
    if (!order) throw new Error(`Order ${payment.orderId} of payment ${payment.paymentId} is missing`);
    const paidAt = paidAtOf(truth, now);
    const deadlineAfter = new Date(paidAt.getTime() - PAYMENT_GRACE_MS).toISOString();
    const outcome = await deps.payments.confirm(order, payment, { at, deadlineAfter }, { status: 'PAID', at, description: timelineDescription('PAID') }, correlationId);
    if (outcome === 'confirmed') return { ...payment, status: 'APPROVED', updatedAt: at };
    if (outcome === 'order-not-payable') return refundLate(deps, payment, `Refunded automatically: ${whyNotPayable(await deps.orders.get(payment.orderId), paidAt)}`, at);
    return (await deps.payments.listForOrder(payment.orderId)).find((p) => p.paymentId === payment.paymentId) ?? payment;
  }
  if (truth.status === 'approved' && payment.status === 'CANCELLED') {
    // The payer's money reached a charge we had cancelled (a race at the provider): it backs no order.
    const order = await deps.orders.get(payment.orderId);
    const why = order?.status === 'PENDING_PAYMENT' ? 'this charge had been replaced by a newer payment attempt and cancelled when the money arrived' : whyNotPayable(order, paidAtOf(truth, now));
    return refundLate(deps, payment, `Refunded automatically: ${why}`, at);
  }
  if (truth.status === 'declined' && payment.status === 'PENDING') {
    await deps.payments.setStatus(payment, 'PENDING', 'DECLINED', { at, declineReason: truth.declineReason ?? 'Declined by the payment provider' });
    return { ...payment, status: 'DECLINED', declineReason: truth.declineReason ?? 'Declined by the payment provider' };
  }
  if ((truth.status === 'refunded' || truth.status === 'cancelled') && (payment.status === 'PENDING' || payment.status === 'REFUND_PENDING' || payment.status === 'APPROVED')) {
    const to = truth.status === 'refunded' ? 'REFUNDED' : 'CANCELLED';
    await deps.payments.setStatus(payment, payment.status, to, { at });
    return { ...payment, status: to };
  }
  return payment;
}

/** When the payer paid: the provider's approval time, never later than now (a provider clock ahead of ours gains nothing). */
function paidAtOf(truth: ProviderPayment, now: Date): Date {
  const approved = truth.approvedAt === null ? Number.NaN : Date.parse(truth.approvedAt);
  return new Date(Number.isFinite(approved) ? Math.min(approved, now.getTime()) : now.getTime());
}

function whyNotPayable(order: OrderRecord | undefined, paidAt: Date): string {
  if (!order) return 'the order is gone';
  if (order.status === 'PAID') return 'the order was already paid by another payment';
  if (order.status !== 'PENDING_PAYMENT') return `the order was ${order.status} when the money arrived`;
  return `paid at ${paidAt.toISOString()}, after the payment deadline (${order.paymentDeadline}) and its ${PAYMENT_GRACE_MS / 1000} s grace`;
}

async function refundLate(deps: Pick<PaymentDeps, 'payments' | 'provider'>, payment: PaymentRecord, note: string, at: string): Promise<PaymentRecord> {
  // First record the intent (REFUND_PENDING), so a crash before the provider call is retried by the reconciler.
  if (payment.status === 'PENDING' || payment.status === 'CANCELLED') await deps.payments.setStatus(payment, payment.status, 'REFUND_PENDING', { at, note });
  const pending = { ...payment, status: 'REFUND_PENDING' as const, note };
  return refundNow(deps, pending, at);
}

/** Calls the provider's refund (idempotent by key) and records the outcome. */
export async function refundNow(deps: Pick<PaymentDeps, 'payments' | 'provider'>, payment: PaymentRecord, at: string): Promise<PaymentRecord> {
  await deps.provider.refund(payment.providerPaymentId, payment.amountCents, `refund-${payment.paymentId}`);
  await deps.payments.setStatus(payment, payment.status, 'REFUNDED', { at, note: payment.note ?? undefined });
  return { ...payment, status: 'REFUNDED' };
}

/**
 * A provider notification: verified (401 when forged or stale), deduplicated by delivery id,
 * then the payment is re-fetched from the provider — the notification's content is never trusted.
 */
export async function handleWebhook(deps: PaymentDeps, request: WebhookRequest, correlationId: string): Promise<{ outcome: 'duplicate' | 'unknown-payment' | 'applied'; status?: string }> {
  let notice: { deliveryId: string; providerPaymentId: string };
  try {
    notice = deps.provider.verifyWebhook(request, Date.now());
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new UnauthorizedError(`Webhook rejected: ${error.message}`);
    throw error;
  }
  if (await deps.payments.seenDelivery(deps.provider.name, notice.deliveryId)) return { outcome: 'duplicate' };
  const truth = await deps.provider.getPayment(notice.providerPaymentId);
  const payment = (await deps.payments.findByProviderId(deps.provider.name, notice.providerPaymentId)) ?? (await adoptOrphan(deps, truth));
  if (!payment) return { outcome: 'unknown-payment' };
  const settled = await settle(deps, payment, truth, correlationId);
  // Marked only after the work is done: a failed attempt is retried by the provider, not swallowed.
  await deps.payments.markDelivery(deps.provider.name, notice.deliveryId);
  return { outcome: 'applied', status: settled.status };
}

/**
 * A provider payment for one of our orders that we hold no record of: the request that created it
 * failed after the provider charged (or the record was lost). It is recorded now, from the
 * provider's own data, so that settling it pays the order or refunds the money; nothing is kept
 * without a record. Payments for orders we do not know stay ignored.
 */
async function adoptOrphan(deps: PaymentDeps, truth: ProviderPayment): Promise<PaymentRecord | undefined> {
  const order = await deps.orders.get(truth.orderId);
  if (!order) return undefined;
  const taken = (await deps.payments.listForOrder(order.id)).some((p) => p.paymentId === truth.paymentId);
  const at = deps.now().toISOString();
  const record: PaymentRecord = {
    paymentId: taken ? ulid() : truth.paymentId, orderId: order.id, customerId: order.customerId, provider: deps.provider.name,
    providerPaymentId: truth.providerPaymentId, method: truth.method, status: 'PENDING', amountCents: truth.amountCents,
    installments: null, declineReason: null, pix: null, card: truth.card,
    note: 'Recorded from the provider\'s notification: the request that created this payment failed before recording it',
    createdAt: at, updatedAt: at,
  };
  try {
    await deps.payments.create(record);
    return record;
  } catch (error) {
    // A concurrent delivery recorded it first.
    const existing = await deps.payments.findByProviderId(deps.provider.name, truth.providerPaymentId);
    if (existing) return existing;
    throw error;
  }
}

/** True while one of the order's payments is pending at the provider (the order may not expire yet; the reconciler settles it). */
export async function hasPendingPayment(deps: Pick<PaymentDeps, 'payments'>, orderId: string): Promise<boolean> {
  return (await deps.payments.listForOrder(orderId)).some((p) => p.status === 'PENDING');
}

/** Re-checks payments left unsettled for a while, so a lost webhook still pays (or refunds) in the end. */
export async function reconcile(deps: PaymentDeps, options: { olderThanMs: number; correlationId: string; budgetMs?: number }): Promise<{ checked: number; changed: number; failed: { paymentId: string; error: string }[] }> {
  const before = new Date(deps.now().getTime() - options.olderThanMs).toISOString();
  let changed = 0;
  let checked = 0;
  const failed: { paymentId: string; error: string }[] = [];
  const stopAtMs = Date.now() + (options.budgetMs ?? RECONCILE_BUDGET_MS);
  let after: string | undefined;
  for (;;) {
    const due = await deps.payments.unsettled(before, RECONCILE_PAGE, after);
    for (const payment of due) {
      if (Date.now() > stopAtMs) return { checked, changed, failed };
      checked++;
      if (await reconcileOne(deps, payment, options.correlationId, failed)) changed++;
    }
    if (due.length < RECONCILE_PAGE) return { checked, changed, failed };
    after = unsettledSortKey(due[due.length - 1]);
  }
}

/**
 * The provider's truth about an unsettled payment. A charge still pending there once its order
 * cannot take it any more (the deadline and its grace passed, or the order moved on) is cancelled
 * first, so it can no longer be paid; the order expiry waits for exactly this (an order with a
 * pending payment does not expire), so money paid in time is never taken for a no-show.
 */
async function currentTruth(deps: PaymentDeps, payment: PaymentRecord): Promise<ProviderPayment> {
  const truth = await deps.provider.getPayment(payment.providerPaymentId);
  if (truth.status !== 'pending') return truth;
  const order = await deps.orders.get(payment.orderId);
  const stillPayable = order?.status === 'PENDING_PAYMENT' && deps.now().getTime() < Date.parse(order.paymentDeadline) + PAYMENT_GRACE_MS;
  return stillPayable ? truth : deps.provider.cancel(payment.providerPaymentId);
}

/** True when the payment's status changed; a failure is noted in `failed`, not thrown. */
async function reconcileOne(deps: PaymentDeps, payment: PaymentRecord, correlationId: string, failed: { paymentId: string; error: string }[]): Promise<boolean> {
  try {
    const result = payment.status === 'REFUND_PENDING'
      ? await refundNow(deps, payment, deps.now().toISOString())
      : await settle(deps, payment, await currentTruth(deps, payment), correlationId);
    return result.status !== payment.status;
  } catch (error) {
    // One payment the provider cannot answer for now must not stop the others; it is retried next run.
    failed.push({ paymentId: payment.paymentId, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

/**
 * An administrator refunds one payment: an APPROVED one of an order that is not PAID (a return after
 * delivery, or money that backs no order), or retries a REFUND_PENDING one. A PAID order is
 * cancelled instead, which refunds it and returns its stock (409). The intent is recorded first;
 * if the provider does not take the refund now, the payment stays REFUND_PENDING for the reconciler.
 */
export async function refundByAdmin(deps: Pick<PaymentDeps, 'payments' | 'provider' | 'orders' | 'now'>, orderId: string, paymentId: string, adminId: string): Promise<PaymentRecord> {
  const order = await deps.orders.get(orderId);
  if (!order) throw new NotFoundError('Order');
  let payment = (await deps.payments.listForOrder(orderId)).find((p) => p.paymentId === paymentId);
  if (!payment) throw new NotFoundError('Payment');
  const at = deps.now().toISOString();
  if (payment.status === 'APPROVED') {
    if (order.status === 'PAID') {
      throw new ConflictError('ORDER_IS_PAID', 'This payment backs a paid order: cancel the order instead, which refunds it and returns its stock');
    }
    const note = `Refunded by an administrator (${adminId})`;
    if (!(await deps.payments.setStatus(payment, 'APPROVED', 'REFUND_PENDING', { at, note }))) {
      throw new ConflictError('PAYMENT_NOT_REFUNDABLE', 'The payment changed meanwhile; read it again');
    }
    payment = { ...payment, status: 'REFUND_PENDING', note, updatedAt: at };
  } else if (payment.status !== 'REFUND_PENDING') {
    throw new ConflictError('PAYMENT_NOT_REFUNDABLE', `A ${payment.status} payment cannot be refunded`, [{ status: payment.status }]);
  }
  try {
    return { ...(await refundNow(deps, payment, at)), updatedAt: at };
  } catch {
    return payment;
  }
}

/**
 * Refunds the approved payment of a paid order that was cancelled. The intent (REFUND_PENDING) is
 * recorded first; if the provider then fails, the payment stays REFUND_PENDING and the reconciler
 * retries it, so the cancellation itself still succeeds. Returns the payments left pending.
 */
export async function refundOrder(deps: Pick<PaymentDeps, 'payments' | 'provider' | 'now'>, orderId: string): Promise<{ pending: string[] }> {
  const approved = (await deps.payments.listForOrder(orderId)).filter((p) => p.status === 'APPROVED');
  const pending: string[] = [];
  for (const payment of approved) {
    const at = deps.now().toISOString();
    await deps.payments.setStatus(payment, 'APPROVED', 'REFUND_PENDING', { at, note: 'Order cancelled after payment' });
    try {
      await refundNow(deps, { ...payment, status: 'REFUND_PENDING', note: 'Order cancelled after payment' }, at);
    } catch {
      pending.push(payment.paymentId);
    }
  }
  return { pending };
}
