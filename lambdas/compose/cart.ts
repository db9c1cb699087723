import { cartRepository, couponRepository, productCategories, purchaseHistory, variantReader } from '#adapters/dynamodb/cart.js';
import type { CartDeps } from '#domain/orders/cart.js';
import { tableOnlyShippingQuoter } from '#domain/orders/shipping.js';
import { clock } from '#shared/clock.js';

export { variantReader as variants } from '#adapters/dynamodb/cart.js';

/**
 * The secondary adapters the cart use cases run on, wired once per container. Apart from
 * ./orders.ts so that the cart functions do not bundle the order and address repositories.
 * Shipping is the CEP table here: only GET /cart asks the carrier (./cart-quotes.ts), and POST
 * /orders charges the quote it kept with the cart.
 */
export const cartDeps: CartDeps = {
  carts: cartRepository,
  variants: variantReader,
  coupons: couponRepository,
  purchases: purchaseHistory,
  productCategories,
  shipping: tableOnlyShippingQuoter,
  now: () => clock.now(),
};
