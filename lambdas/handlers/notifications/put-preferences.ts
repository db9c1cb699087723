import { http } from '#compose/http.js';
import { preferences, recipients } from '#compose/notifications.js';
import { putPreferences } from '#domain/notifications/notify.js';
import { notificationRoutes } from '../../routes/notifications.js';

export const handler = http(notificationRoutes, 'PUT /me/notification-preferences', async ({ auth, body }) => ({
  body: await putPreferences({ preferences, recipients }, auth.userId, body),
}));
