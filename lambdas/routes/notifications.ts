/** Notification routes of the wiring table (lambdas/routes.ts gathers them into `routes`). */
import { NotificationPreferences } from '#domain/notifications/preferences.js';
import type { HttpRoute } from './types.js';

export const notificationRoutes = {
  'GET /me/notification-preferences': {
    handler: 'notifications/get-preferences', access: 'customer', grants: ['table:read'], tag: 'Notifications',
    summary: 'The caller\'s notification preferences (order emails always on; SMS off until chosen)',
    success: { status: 200, body: NotificationPreferences },
  },
  'PUT /me/notification-preferences': {
    handler: 'notifications/put-preferences', access: 'customer', grants: ['table:write'], tag: 'Notifications',
    summary: 'Replace the notification preferences; SMS about orders needs a phone on the profile (400 otherwise)',
    body: NotificationPreferences, success: { status: 200, body: NotificationPreferences },
  },
} as const satisfies Record<string, HttpRoute>;
