import { createOrder } from '#adapters/dynamodb/orders.js';
import { taxTableReader } from '#adapters/dynamodb/tax-tables.js';
import type { PlaceOrderDeps } from '#domain/orders/orders.js';
import { optionalEnv } from '#shared/config.js';
import { cartDeps } from './cart.js';

/**
 * The secondary adapters placing an order runs on (the cart's, which also read the delivery
 * address with the cart, plus the order write), wired once per container. Apart from ./orders.ts so that the functions reading orders do
 * not bundle the cart's adapters.
 */
export const orderDeps: PlaceOrderDeps = {
  ...cartDeps,
  orders: { create: createOrder },
  taxTables: taxTableReader,
  paymentWindowMinutes: Number(optionalEnv('ORDER_PAYMENT_MINUTES') ?? 30),
};
