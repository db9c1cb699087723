import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PreferenceStore, RecipientDirectory } from '#domain/notifications/ports.js';
import { DEFAULT_PREFERENCES, type NotificationPreferences } from '#domain/notifications/preferences.js';
import { ddb, tableName } from './client.js';
import * as keys from './keys.js';

/**
 * Preferences live in their own item next to the profile (`USER#<sub>` / `NOTIFICATION_PREFERENCES`):
 * the profile keeps one writer (PATCH /me), and deleting the account (a Query of `USER#<sub>`) removes both.
 */
function toPreferences(item: Record<string, unknown> | undefined): NotificationPreferences {
  if (!item) return DEFAULT_PREFERENCES;
  return {
    email: { orders: true, marketing: item.emailMarketing === true },
    sms: { orders: item.smsOrders === true },
  };
}

export const preferenceStore: PreferenceStore = {
  async get(userId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.notificationPreferences(userId) }));
    return toPreferences(Item);
  },
  async put(userId, preferences) {
    await ddb.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.notificationPreferences(userId), entity: 'NotificationPreferences', userId,
        emailMarketing: preferences.email.marketing, smsOrders: preferences.sms.orders, updatedAt: new Date().toISOString(),
      },
    }));
  },
};

/** The profile and the preferences in one BatchGetItem. */
export const recipientDirectory: RecipientDirectory = {
  async recipient(userId) {
    const profileKey = keys.user(userId);
    const preferencesKey = keys.notificationPreferences(userId);
    let pending: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName]: { Keys: [profileKey, preferencesKey] } };
    const items: Record<string, unknown>[] = [];
    while (pending && Object.keys(pending).length) {
      const out = await ddb.send(new BatchGetCommand({ RequestItems: pending }));
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys as typeof pending;
    }
    const profile = items.find((i) => i.SK === profileKey.SK);
    if (!profile) return undefined;
    return {
      userId,
      name: (profile.name as string | undefined) ?? '',
      email: profile.email as string,
      phone: (profile.phone as string | undefined) ?? null,
      preferences: toPreferences(items.find((i) => i.SK === preferencesKey.SK)),
    };
  },
};
