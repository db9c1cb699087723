import { couponAdminDeps } from '#compose/coupons.js';
import { http } from '#compose/http.js';
import { listCoupons } from '#domain/orders/coupons.js';
import { couponRoutes } from '../../routes/coupons.js';

export const handler = http(couponRoutes, 'GET /admin/coupons', async ({ query }) => ({ body: await listCoupons(couponAdminDeps, query.limit ?? 20, query.cursor) }));
