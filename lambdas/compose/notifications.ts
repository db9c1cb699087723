/** What the notifier runs on: the recipients' profiles and preferences, and the channels' sender. */
export { preferenceStore as preferences, recipientDirectory as recipients } from '#adapters/dynamodb/notification-preferences.js';
export { sender } from '#adapters/notifications/notifier.js';
export { pixReminderStore } from '#adapters/dynamodb/pix-reminders.js';
