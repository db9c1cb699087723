import { orderRepository } from '#adapters/dynamodb/orders.js';
import { paymentRepository } from '#adapters/dynamodb/payments.js';
import { userRepository } from '#adapters/dynamodb/users.js';
import { paymentProvider } from '#adapters/payments/provider.js';
import { qrPngBase64 } from '#adapters/payments/qr.js';
import type { PaymentDeps, StartPaymentDeps } from '#domain/payments/use-cases.js';
import { clock } from '#shared/clock.js';

/** The payment use cases' adapters, with the configured gateway. */
export async function paymentDeps(): Promise<PaymentDeps> {
  return {
    provider: await paymentProvider(),
    payments: paymentRepository,
    orders: orderRepository,
    now: clock.now,
  };
}

/** Starting a payment: the same adapters, the Pix QR renderer (qrcode, ~56 KB) and the payer's email. */
export async function startPaymentDeps(): Promise<StartPaymentDeps> {
  return {
    ...(await paymentDeps()),
    qrPng: qrPngBase64,
    payerEmail: async (customerId) => (await userRepository.getProfile(customerId))?.email ?? `customer-${customerId}@invalid.local`,
  };
}
