import type { NotificationPreferences } from './preferences.js';

/** Who a message goes to: the profile's addresses and their choices. */
export interface Recipient {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  /** E.164, or null when the profile has none. */
  readonly phone: string | null;
  readonly preferences: NotificationPreferences;
}

export type Channel = 'email' | 'sms';

export type OutgoingMessage =
  | { readonly channel: 'email'; readonly to: string; readonly userId: string; readonly type: string; readonly subject: string; readonly html: string; readonly text: string }
  | { readonly channel: 'sms'; readonly to: string; readonly userId: string; readonly type: string; readonly text: string };

export interface RecipientDirectory {
  /** The customer's profile and preferences; undefined when the account is gone. */
  recipient(userId: string): Promise<Recipient | undefined>;
}

/** Who the admins are (the roster, or the identity provider's admin group before the roster exists). */
export interface AdminDirectory {
  adminIds(): Promise<string[]>;
}

export interface PreferenceStore {
  get(userId: string): Promise<NotificationPreferences>;
  put(userId: string, preferences: NotificationPreferences): Promise<void>;
}

/**
 * Sends a message at most once per key (`<eventId>#<channel>`): true when it was sent now, false
 * when that key was sent (or is being sent) already.
 */
export interface Sender {
  sendOnce(key: string, message: OutgoingMessage): Promise<boolean>;
}
