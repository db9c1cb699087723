import { cartDeps } from '#compose/cart.js';
import { addToCart } from '#domain/orders/cart.js';
import { http } from '#compose/http.js';
import { ValidationError } from '#shared/errors.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'POST /cart', async ({ auth, body, headers }) => {
  const key = headers['idempotency-key'];
  if (key !== undefined && (key.length < 1 || key.length > 255)) {
    throw new ValidationError('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]);
  }
  // Scoped to the customer's own cart line, so one customer's key never meets another's. The
  // session is checked in the use case's own BatchGet (the route says sessionCheck: 'handler').
  return { body: await addToCart(cartDeps, auth.userId, body.sku, body.quantity, key, auth.rideSessionCheck()) };
});
