/**
 * The notifier's use cases: tell a customer about a domain event on the channels they get
 * (email always, SMS when opted in and the profile has a phone), each channel at most once per
 * event; and read or change their preferences.
 */
import type { DomainEventData } from '#domain/events.js';
import { NotFoundError, ValidationError } from '#shared/errors.js';
import { type BoundMessage, messageFor, type NotifiedEvent } from './catalogue.js';
import { firstName } from './format.js';
import { smsText } from './gsm7.js';
import type { AdminDirectory, Channel, OutgoingMessage, PreferenceStore, Recipient, RecipientDirectory, Sender } from './ports.js';
import type { NotificationPreferences } from './preferences.js';
import { renderEmail } from './render.js';

export interface NotifierDeps {
  readonly recipients: RecipientDirectory;
  readonly sender: Sender;
  readonly admins: AdminDirectory;
}

export interface NotificationOutcome {
  /** Channels sent by this call (a channel sent earlier for the same event is not repeated). */
  readonly sent: Channel[];
  /** Why nothing was sent, when nothing could be. */
  readonly skipped?: 'not-a-message' | 'no-profile';
}

/** The messages one event makes for one recipient, per channel. */
export function compose(message: BoundMessage, recipient: Recipient): OutgoingMessage[] {
  const to = { firstName: firstName(recipient.name) };
  const { type } = message.template;
  const email = renderEmail(to.firstName, message.template.email(message.data, to));
  const out: OutgoingMessage[] = [{ channel: 'email', to: recipient.email, userId: recipient.userId, type, ...email }];
  if (recipient.preferences.sms.orders && recipient.phone) {
    out.push({ channel: 'sms', to: recipient.phone, userId: recipient.userId, type, text: smsText(message.template.sms(message.data, to)) });
  }
  return out;
}

/**
 * Sends what an event means to its customer (or to every admin). The dedupe key of a channel is
 * `<eventId>#<channel>` (`<eventId>#<channel>#<userId>` for the admins' messages), so a redelivered
 * event sends nothing twice, and a channel that failed is retried alone: every channel is
 * attempted, then the first failure is thrown (the queue delivers the event again).
 */
export async function notify<N extends NotifiedEvent>(
  deps: NotifierDeps,
  event: { readonly name: N; readonly id: string; readonly data: DomainEventData<N> },
): Promise<NotificationOutcome> {
  const message = messageFor(event.name, event.data);
  if (!message) return { sent: [], skipped: 'not-a-message' };
  const userIds = message.to === 'admins' ? await deps.admins.adminIds() : [message.to.userId];
  const recipients = (await Promise.all(userIds.map((id) => deps.recipients.recipient(id)))).filter((r): r is Recipient => r !== undefined);
  if (!recipients.length) return { sent: [], skipped: 'no-profile' };
  const outgoing = recipients.flatMap((recipient) => compose(message, recipient));
  const keyOf = (m: OutgoingMessage) => (message.to === 'admins' ? `${event.id}#${m.channel}#${m.userId}` : `${event.id}#${m.channel}`);
  const results = await Promise.allSettled(outgoing.map((m) => deps.sender.sendOnce(keyOf(m), m)));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { sent: [...new Set(outgoing.filter((_, i) => (results[i] as PromiseFulfilledResult<boolean>).value).map((m) => m.channel))] };
}

export async function getPreferences(deps: { readonly preferences: PreferenceStore }, userId: string): Promise<NotificationPreferences> {
  return deps.preferences.get(userId);
}

/** Replaces the preferences; SMS about orders needs a phone on the profile (400 otherwise). */
export async function putPreferences(
  deps: { readonly preferences: PreferenceStore; readonly recipients: RecipientDirectory },
  userId: string,
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  if (preferences.sms.orders) {
    const recipient = await deps.recipients.recipient(userId);
    if (!recipient) throw new NotFoundError('Profile');
    if (!recipient.phone) {
      throw new ValidationError('SMS needs a phone number on the profile: add one with PATCH /me first', [
        { field: 'sms.orders', message: 'No phone on the profile' },
      ]);
    }
  }
  await deps.preferences.put(userId, preferences);
  return preferences;
}
