import { http } from '#compose/http.js';
import { preferences } from '#compose/notifications.js';
import { getPreferences } from '#domain/notifications/notify.js';
import { notificationRoutes } from '../../routes/notifications.js';

export const handler = http(notificationRoutes, 'GET /me/notification-preferences', async ({ auth }) => ({
  body: await getPreferences({ preferences }, auth.userId),
}));
