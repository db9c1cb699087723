import { appendFile, readFile } from 'node:fs/promises';
import { ulid } from 'ulid';
import { requireEnv } from '#shared/config.js';

/**
 * The local stack's outbox: every email or SMS the system "sends" is appended to a JSON-lines
 * file (OUTBOX_FILE) and listed by `GET /_local/outbox`. In AWS, messages go through the real
 * channels instead (Cognito's mailer for identity codes).
 */
export interface OutboxMessage {
  id: string;
  at: string;
  channel: 'email' | 'sms';
  to: string;
  type: string;
  subject: string | null;
  body: string;
  code: string | null;
  userId: string | null;
}

/** Sends to refuse per recipient (`POST /_local/outbox/faults`): the local stand-in for a throttled or failing channel. */
const faults = new Map<string, number>();

/** The next `count` messages to `to` fail as a throttled channel would (local stack only). */
export function injectOutboxFaults(to: string, count: number): void {
  if (count > 0) faults.set(to.toLowerCase(), count);
  else faults.delete(to.toLowerCase());
}

export class OutboxThrottled extends Error {
  constructor(to: string) {
    super(`The local outbox refused a message to ${to} (injected fault: throttled)`);
    this.name = 'ThrottlingException';
  }
}

export async function appendOutbox(message: Omit<OutboxMessage, 'id' | 'at'>): Promise<void> {
  const left = faults.get(message.to.toLowerCase());
  if (left !== undefined) {
    injectOutboxFaults(message.to, left - 1);
    throw new OutboxThrottled(message.to);
  }
  const entry: OutboxMessage = { id: ulid(), at: new Date().toISOString(), ...message };
  await appendFile(requireEnv('OUTBOX_FILE'), `${JSON.stringify(entry)}\n`, 'utf8');
}

/** Newest first, optionally filtered by recipient and type. */
export async function readOutbox(filter: { to?: string; type?: string } = {}): Promise<OutboxMessage[]> {
  let text = '';
  try {
    text = await readFile(requireEnv('OUTBOX_FILE'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const to = filter.to?.toLowerCase();
  // A message being appended right now may be half-written: only complete lines are read.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxMessage)
    .filter((m) => (!to || m.to.toLowerCase() === to) && (!filter.type || m.type === filter.type))
    .reverse();
}
