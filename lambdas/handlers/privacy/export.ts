import { http } from '#compose/http.js';
import { listPaymentsForOrder, orders, preferences, users } from '#compose/privacy.js';
import { exportCustomerData } from '#domain/privacy/export.js';
import { clock } from '#shared/clock.js';
import { privacyRoutes } from '../../routes/privacy.js';

export const handler = http(privacyRoutes, 'GET /me/export', async ({ auth }) => ({
  body: await exportCustomerData({ users, preferences, orders, payments: { listForOrder: listPaymentsForOrder }, now: clock.now }, auth),
  headers: { 'content-disposition': 'attachment; filename="meus-dados.json"', 'cache-control': 'no-store' },
}));
