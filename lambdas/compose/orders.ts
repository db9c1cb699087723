/** The order repository (moving and reading orders). Placing one is ./checkout.ts, refunding one ./refunds.ts. */
export { orderRepository as orders } from '#adapters/dynamodb/orders.js';
