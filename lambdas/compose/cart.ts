import { cartRepository, couponRepository, productCategories, purchaseHistory, variantReader } from '#adapters/dynamodb/cart.js';
import type { CartDeps } from '#domain/orders/cart.js';
import { tableShippingQuoter } from '#domain/orders/shipping.js';
import { clock } from '#shared/clock.js';

export { variantReader as variants } from '#adapters/dynamodb/cart.js';

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
  shipping: tableShippingQuoter,
  now: () => clock.now(),
};
