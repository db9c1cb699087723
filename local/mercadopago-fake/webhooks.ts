/** Approving a pending Pix charge (the payer pays) and the signed `payment.updated` webhook that follows. */
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../lambdas/adapters/payments/signature.js';
import { type FakeDelivery, type FakePayment, type FakeState, findPayment } from './state.js';
import { mpDate } from './values.js';

/** Marks a pending Pix payment approved and delivers a signed `payment.updated` webhook through `notify`. */
export async function approvePix(state: FakeState, providerPaymentId: string): Promise<FakeDelivery> {
  const payment = findPayment(state, providerPaymentId);
  if (payment.payment_method_id !== 'pix' || payment.status !== 'pending') {
    throw new Error(`Payment ${providerPaymentId} is not a pending Pix payment (status ${payment.status})`);
  }
  const at = state.now();
  payment.status = 'approved';
  payment.status_detail = 'accredited';
  payment.date_approved = mpDate(at);
  payment.date_last_updated = mpDate(at);
  const delivery = paymentUpdated(state, payment, at);
  state.deliveries.push(delivery);
  await state.options.notify?.(delivery);
  return delivery;
}

/** The webhook MP sends for a changed payment, signed with the webhook secret. */
function paymentUpdated(state: FakeState, payment: FakePayment, at: number): FakeDelivery {
  const dataId = String(payment.id);
  const signed = signWebhook({ dataId, requestId: randomUUID(), secret: state.options.webhookSecret, nowMs: at });
  return {
    ...(payment.notification_url ? { url: payment.notification_url } : {}),
    headers: { 'content-type': 'application/json', ...signed },
    query: { 'data.id': dataId, type: 'payment' },
    body: {
      action: 'payment.updated',
      api_version: 'v1',
      data: { id: dataId },
      date_created: mpDate(at),
      id: state.nextNotificationId++,
      live_mode: false,
      type: 'payment',
      user_id: '123456789',
    },
  };
}
