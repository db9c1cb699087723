import { cartRepository, couponRepository, variantReader } from '#adapters/dynamodb/cart.js';
import { orderRepository } from '#adapters/dynamodb/orders.js';
import { userRepository } from '#adapters/dynamodb/users.js';
import type { CartDeps } from '#domain/orders/cart.js';
import type { OrderDeps } from '#domain/orders/orders.js';
import { tableShippingQuoter } from '#domain/orders/shipping.js';
import { clock } from '#shared/clock.js';
import { optionalEnv } from '#shared/config.js';

/** The secondary adapters the cart and order use cases run on, wired once per container. */
export const cartDeps: CartDeps = {
  carts: cartRepository,
  variants: variantReader,
  coupons: couponRepository,
  shipping: tableShippingQuoter,
  now: clock.now,
};

export const orderDeps: OrderDeps = {
  ...cartDeps,
  orders: orderRepository,
  addresses: { get: (userId, addressId) => userRepository.getAddress(userId, addressId) },
  paymentWindowMinutes: Number(optionalEnv('ORDER_PAYMENT_MINUTES') ?? 30),
};
