import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { listCoupons } from '#domain/orders/coupons.js';
import { cartRoutes } from '../../routes/cart.js';

export const handler = http(cartRoutes, 'GET /admin/coupons', async ({ query }) => ({ body: await listCoupons(couponAdminDeps, query.limit ?? 20, query.cursor) }));
