import { orderRepository as orders } from '#adapters/dynamodb/orders.js';
import { cancelOrder } from '#domain/orders/orders.js';
import { clock } from '#shared/clock.js';
import { http } from '#shared/http.js';

export const handler = http('DELETE /orders/{id}', async ({ auth, params, correlationId }) => ({
  body: await cancelOrder({ orders, now: clock.now }, params.id, { ...auth, correlationId }),
}));
