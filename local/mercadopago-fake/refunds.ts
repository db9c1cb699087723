/** POST /v1/payments/{id}/refunds: whole or partial refunds of approved payments, idempotent by key. */
import type { IncomingMessage } from 'node:http';
import { HttpError, idempotencyKey, type Reply, requireBearer } from './http.js';
import { type FakePayment, type FakeRefund, type FakeState, findPayment } from './state.js';
import { amountToCents, canonical, centsToAmount, mpDate } from './values.js';

export function createRefund(state: FakeState, req: IncomingMessage, paymentId: string, body: Record<string, unknown>): Reply {
  requireBearer(req, state.options.accessToken);
  const key = idempotencyKey(req);
  const payment = findPayment(state, paymentId);
  const fingerprint = `${payment.id}|${canonical(body)}`;
  const previous = state.refundKeys.get(key);
  if (previous) {
    if (previous.fingerprint !== fingerprint) throw new HttpError(400, 'X-Idempotency-Key was already used with a different request', [{ code: 'idempotency_key_reused', description: 'fake-only' }]);
    return { status: 201, body: previous.refund };
  }
  if (payment.status !== 'approved') {
    throw new HttpError(400, 'The action requested is not valid for the current payment state', [{ code: 2063, description: 'The-action-requested-is-not-valid-for-the-current-payment-state' }]);
  }
  const refund = applyRefund(state, payment, body.amount);
  state.refundKeys.set(key, { fingerprint, refund });
  return { status: 201, body: refund };
}

/** Refunds `amount` (the rest when undefined) of an approved payment: partially refunded, or refunded once nothing is left. */
function applyRefund(state: FakeState, payment: FakePayment, amount: unknown): FakeRefund {
  const totalCents = Math.round(payment.transaction_amount * 100);
  const refundedCents = Math.round(payment.transaction_amount_refunded * 100);
  const cents = amount === undefined ? totalCents - refundedCents : amountToCents(amount, 'amount');
  if (cents > totalCents - refundedCents) throw new HttpError(400, 'amount exceeds the refundable amount', [{ code: 'amount_exceeded', description: 'fake-only' }]);
  const refund: FakeRefund = {
    id: state.nextRefundId++,
    payment_id: payment.id,
    amount: centsToAmount(cents),
    source: { id: 'fake-collector', name: state.merchant.name, type: 'collector' },
    date_created: mpDate(state.now()),
    status: 'approved',
    unique_sequence_number: null,
  };
  payment.refunds.push(refund);
  payment.transaction_amount_refunded = centsToAmount(refundedCents + cents);
  if (refundedCents + cents === totalCents) {
    payment.status = 'refunded';
    payment.status_detail = 'refunded';
  } else {
    payment.status_detail = 'partially_refunded';
  }
  payment.date_last_updated = mpDate(state.now());
  return refund;
}
