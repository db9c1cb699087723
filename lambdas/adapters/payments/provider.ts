import type { PaymentProvider, ProviderName } from '#domain/payments/ports.js';
import { optionalEnv } from '#shared/config.js';
import { mercadoPagoProviderFromEnv } from './mercadopago.js';
import { resilientProvider } from './resilient.js';
import { sandboxProvider } from './sandbox.js';

/** The configured gateway (PAYMENT_PROVIDER: `sandbox` locally and in tests, `mercadopago` in production). */
export const configuredProviderName = (optionalEnv('PAYMENT_PROVIDER') ?? 'sandbox') as ProviderName;

let provider: Promise<PaymentProvider> | undefined;

/**
 * Both gateways are imported statically: esbuild inlines a dynamic import() of a module as its
 * whole namespace, which kept the aggregated DynamoDB client (every command's schema, ~30 KB) in
 * the payment functions (as it did in the carrier webhook, adapters/logistics/carrier.ts).
 */
export function paymentProvider(): Promise<PaymentProvider> {
  provider ??= (configuredProviderName === 'mercadopago' ? mercadoPagoProviderFromEnv() : Promise.resolve(sandboxProvider))
    .then((base) => resilientProvider(base));
  return provider;
}
