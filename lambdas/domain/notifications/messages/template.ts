import type { DomainEventData, DomainEventName } from '#domain/events.js';
import type { EmailContent } from '../render.js';

/** What a template knows of the person it writes to. */
export interface Addressee {
  /** First name, for the greeting ("" when the profile has none). */
  readonly firstName: string;
}

/**
 * One customer message in pt-BR: its email (subject and body blocks; rendered to HTML and plain
 * text by ../render.ts) and its SMS (raw pt-BR; made GSM-7 and checked against 160 characters by
 * ../gsm7.ts `smsText`). One module per message under messages/.
 */
export interface Template<N extends DomainEventName> {
  /** The outbox / log type, e.g. `order-paid`. */
  readonly type: string;
  email(data: DomainEventData<N>, to: Addressee): EmailContent;
  sms(data: DomainEventData<N>, to: Addressee): string;
}

/** A paragraph block when there is text, none otherwise (`...paragraphIf(text)` in a block list). */
export const paragraphIf = (text: string | undefined): { p: string }[] => (text ? [{ p: text }] : []);
