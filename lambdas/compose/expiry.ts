import { paymentRepository } from '#adapters/dynamodb/payments.js';
import type { ExpiryPayments } from '#domain/orders/orders.js';
import { hasPendingPayment } from '#domain/payments/use-cases.js';

/** What the order-expiry job asks the payment context: records only (the payment reconciler is the one that talks to the provider). */
export const expiryPayments: ExpiryPayments = {
  hasPendingPayment: (orderId) => hasPendingPayment({ payments: paymentRepository }, orderId),
};
