import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, ddb, tableName } from '#adapters/dynamodb/client.js';
import * as keys from '#adapters/dynamodb/keys.js';
import { optionalEnv, requireEnv } from '#shared/config.js';
import { logger } from '#shared/powertools.js';
import { appendOutbox } from './outbox.js';

export interface Email {
  to: string;
  userId: string;
  type: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * Sends customer emails through the configured channel (NOTIFIER): `outbox` in the local stack,
 * `ses` in AWS stages with a verified sender, `none` where no sender is configured (logged).
 */
const channel = optionalEnv('NOTIFIER') ?? 'none';

let ses: Promise<{ send(email: Email): Promise<unknown> }> | undefined;

/** The SES client, created on first use (only functions that send load it). */
function sesSender() {
  ses ??= import('@aws-sdk/client-sesv2').then(({ SESv2Client, SendEmailCommand }) => {
    const client = new SESv2Client({ region: optionalEnv('SES_REGION') });
    const from = requireEnv('NOTIFICATION_FROM_EMAIL');
    return {
      send: (email: Email) => client.send(new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
      })),
    };
  });
  return ses;
}

async function deliver(email: Email): Promise<void> {
  if (channel === 'outbox') {
    await appendOutbox({ channel: 'email', to: email.to, type: email.type, subject: email.subject, body: email.html, code: null, userId: email.userId });
  } else if (channel === 'ses') {
    await (await sesSender()).send(email);
  } else {
    logger.info('Customer email not sent: no sender configured for this stage', { type: email.type, userId: email.userId });
  }
}

/**
 * Sends an email once per `dedupeKey` (the event id): a claim is written first, the email sent,
 * then the claim marked SENT; a failed send releases the claim so the retry sends it.
 * Returns false when it had been sent (or is being sent) already.
 */
export async function sendOnce(dedupeKey: string, email: Email): Promise<boolean> {
  const claimed = await conditionalWrite(ddb.send(new PutCommand({
    TableName: tableName,
    Item: { ...keys.notification(dedupeKey), entity: 'Notification', status: 'SENDING', type: email.type, userId: email.userId, expiresAt: Math.floor(Date.now() / 1000) + 30 * 24 * 3600 },
    ConditionExpression: 'attribute_not_exists(PK)',
  })));
  if (!claimed.ok) return false;
  try {
    await deliver(email);
  } catch (error) {
    await ddb.send(new DeleteCommand({ TableName: tableName, Key: keys.notification(dedupeKey) }));
    throw error;
  }
  await ddb.send(new UpdateCommand({ TableName: tableName, Key: keys.notification(dedupeKey), UpdateExpression: 'SET #status = :sent', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sent': 'SENT' } }));
  return true;
}

