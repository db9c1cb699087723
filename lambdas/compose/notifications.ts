/** What the notifier runs on: the recipients' profiles and preferences, the channels' sender, and who the admins are. */
import { adminRoster } from '#adapters/dynamodb/admins.js';
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.js';
import { currentAdminIds } from '#domain/identity/admins.js';
import type { AdminDirectory } from '#domain/notifications/ports.js';

export { preferenceStore as preferences, recipientDirectory as recipients } from '#adapters/dynamodb/notification-preferences.js';
export { sender } from '#adapters/notifications/notifier.js';
export { pixReminderStore } from '#adapters/dynamodb/pix-reminders.js';

export const admins: AdminDirectory = { adminIds: () => currentAdminIds({ roster: adminRoster, idp: cognitoIdentityProvider }) };
