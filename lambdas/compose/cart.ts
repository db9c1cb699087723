import { cartRepository, couponRepository, productCategories, purchaseHistory, variantReader } from '#adapters/dynamodb/cart.js';
import { melhorEnvioCarrierFromEnv } from '#adapters/logistics/melhorenvio.js';
import type { CartDeps } from '#domain/orders/cart.js';
import { carrierShippingQuoter, type ShippingQuoter, tableOnlyShippingQuoter } from '#domain/orders/shipping.js';
import { clock } from '#shared/clock.js';
import { optionalEnv } from '#shared/config.js';
import { logger } from '#shared/powertools.js';

export { variantReader as variants } from '#adapters/dynamodb/cart.js';

/**
 * Shipping quotes: Melhor Envio's (CARRIER_PROVIDER=melhorenvio, given by the `carrier:provider` grant
 * to GET /cart and POST /orders) with the CEP table as the fallback after CARRIER_QUOTE_TIMEOUT_MS
 * (default 2.5 s) or on a failure; the CEP table alone otherwise. The sandbox carrier's flat prices are
 * not used at checkout: the local stack and test stages keep the table's.
 */
const shipping: ShippingQuoter = optionalEnv('CARRIER_PROVIDER') === 'melhorenvio'
  ? carrierShippingQuoter({
      quote: async (input) => (await melhorEnvioCarrierFromEnv()).quote(input),
      fromCep: optionalEnv('STORE_SENDER_CEP') ?? '01504001',
      timeoutMs: Number(optionalEnv('CARRIER_QUOTE_TIMEOUT_MS') ?? 2_500),
      onFallback: (reason) => logger.warn('Carrier quote unavailable; the CEP table priced shipping', { reason }),
    })
  : tableOnlyShippingQuoter;

/**
 * The secondary adapters the cart use cases run on, wired once per container. Apart from
 * ./orders.ts so that the cart functions do not bundle the order and address repositories.
 */
export const cartDeps: CartDeps = {
  carts: cartRepository,
  variants: variantReader,
  coupons: couponRepository,
  purchases: purchaseHistory,
  productCategories,
  shipping,
  now: () => clock.now(),
};
