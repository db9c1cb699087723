import { shippingQuoteStore } from '#adapters/dynamodb/cart.js';
import { taxTableReader } from '#adapters/dynamodb/tax-tables.js';
import { melhorEnvioQuoteFromEnv } from '#adapters/logistics/melhorenvio-api.js';
import type { CartDeps } from '#domain/orders/cart.js';
import { carrierShippingQuoter, type ShippingQuoter, tableOnlyShippingQuoter } from '#domain/orders/shipping.js';
import { optionalEnv } from '#shared/config.js';
import { logger } from '#shared/powertools.js';
import { cartDeps } from './cart.js';

const carrierConfigured = optionalEnv('CARRIER_PROVIDER') === 'melhorenvio';

/**
 * Shipping quoted by Melhor Envio (CARRIER_PROVIDER=melhorenvio, from the `carrier:provider` grant)
 * with the CEP table as the fallback after CARRIER_QUOTE_TIMEOUT_MS (default 2.5 s) or on a failure;
 * the CEP table alone otherwise. The sandbox carrier's flat prices are not used for quotes: the local
 * stack and test stages keep the table's.
 */
export const quotingShipping: ShippingQuoter = carrierConfigured
  ? carrierShippingQuoter({
      quote: melhorEnvioQuoteFromEnv,
      fromCep: optionalEnv('STORE_SENDER_CEP') ?? '01504001',
      timeoutMs: Number(optionalEnv('CARRIER_QUOTE_TIMEOUT_MS') ?? 2_500),
      onFallback: (reason) => logger.warn('Carrier quote unavailable; the CEP table priced shipping', { reason }),
    })
  : tableOnlyShippingQuoter;

/** GET /cart's adapters: {@link quotingShipping}, the carrier's quote kept with the cart for POST /orders, and the tax rates. */
export const quotingCartDeps: CartDeps = {
  ...cartDeps,
  shipping: quotingShipping,
  taxTables: taxTableReader,
  ...(carrierConfigured ? { shippingQuotes: shippingQuoteStore } : {}),
};
