import type { PaymentProvider, ProviderName } from '#domain/payments/ports.js';
import { optionalEnv } from '#shared/config.js';
import { resilientProvider } from './resilient.js';

/** The configured gateway (PAYMENT_PROVIDER: `sandbox` locally and in tests, `mercadopago` in production). */
export const configuredProviderName = (optionalEnv('PAYMENT_PROVIDER') ?? 'sandbox') as ProviderName;

let provider: Promise<PaymentProvider> | undefined;

export function paymentProvider(): Promise<PaymentProvider> {
  provider ??= (configuredProviderName === 'mercadopago'
    ? import('./mercadopago.js').then((m) => m.mercadoPagoProviderFromEnv())
    : import('./sandbox.js').then((m) => m.sandboxProvider)
  ).then((base) => resilientProvider(base));
  return provider;
}
