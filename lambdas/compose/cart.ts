import { cartRepository, couponRepository, variantReader } from '#adapters/dynamodb/cart.js';
import type { CartDeps } from '#domain/orders/cart.js';
import { tableShippingQuoter } from '#domain/orders/shipping.js';
import { clock } from '#shared/clock.js';

export { couponRepository as coupons, variantReader as variants } from '#adapters/dynamodb/cart.js';

/**
 * The secondary adapters the cart use cases run on, wired once per container. Apart from
 * ./orders.ts so that the cart functions do not bundle the order and address repositories.
 */
export const cartDeps: CartDeps = {
  carts: cartRepository,
  variants: variantReader,
  coupons: couponRepository,
  shipping: tableShippingQuoter,
  now: () => clock.now(),
};
