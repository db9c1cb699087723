/**
 * The channels customer messages go through, chosen per stage by configuration:
 * - email (`NOTIFIER`): `outbox` locally, `ses` in AWS stages with a verified sender
 *   (NOTIFICATION_FROM_EMAIL, SES_REGION), `none` where no sender is configured (logged);
 * - SMS (`SMS_NOTIFIER`): `outbox` locally, `sms-voice` (AWS End User Messaging SMS, SendTextMessage
 *   from SMS_ORIGINATION_IDENTITY, docs/decisions.md) in AWS stages that have one, `none` otherwise.
 * SDK clients are created on first use, so only functions that send load them.
 */
import { optionalEnv, requireEnv } from '#shared/config.js';
import type { OutgoingMessage } from '#domain/notifications/ports.js';
import { logger } from '#shared/powertools.js';
import { appendOutbox } from './outbox.js';

type Email = Extract<OutgoingMessage, { channel: 'email' }>;
type Sms = Extract<OutgoingMessage, { channel: 'sms' }>;

const emailChannel = optionalEnv('NOTIFIER') ?? 'none';
const smsChannel = optionalEnv('SMS_NOTIFIER') ?? 'none';

let ses: Promise<(email: Email) => Promise<unknown>> | undefined;
let smsVoice: Promise<(sms: Sms) => Promise<unknown>> | undefined;

function sesSender() {
  ses ??= import('@aws-sdk/client-sesv2').then(({ SESv2Client, SendEmailCommand }) => {
    const client = new SESv2Client({ region: optionalEnv('SES_REGION') });
    const from = requireEnv('NOTIFICATION_FROM_EMAIL');
    return (email: Email) => client.send(new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
        },
      },
    }));
  });
  return ses;
}

function smsVoiceSender() {
  smsVoice ??= import('@aws-sdk/client-pinpoint-sms-voice-v2').then(({ PinpointSMSVoiceV2Client, SendTextMessageCommand }) => {
    const client = new PinpointSMSVoiceV2Client({ region: optionalEnv('SMS_REGION') });
    const origination = requireEnv('SMS_ORIGINATION_IDENTITY');
    const configurationSet = optionalEnv('SMS_CONFIGURATION_SET');
    return (sms: Sms) => client.send(new SendTextMessageCommand({
      DestinationPhoneNumber: sms.to,
      OriginationIdentity: origination,
      MessageBody: sms.text,
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: configurationSet,
    }));
  });
  return smsVoice;
}

/** Hands one message to its channel; throws when the channel refused it (throttled, down ...). */
export async function deliver(message: OutgoingMessage): Promise<void> {
  if (message.channel === 'email') {
    if (emailChannel === 'outbox') {
      await appendOutbox({ channel: 'email', to: message.to, type: message.type, subject: message.subject, body: message.html, code: null, userId: message.userId });
    } else if (emailChannel === 'ses') {
      await (await sesSender())(message);
    } else {
      logger.info('Customer email not sent: no sender configured for this stage', { type: message.type, userId: message.userId });
    }
    return;
  }
  if (smsChannel === 'outbox') {
    await appendOutbox({ channel: 'sms', to: message.to, type: message.type, subject: null, body: message.text, code: null, userId: message.userId });
  } else if (smsChannel === 'sms-voice') {
    await (await smsVoiceSender())(message);
  } else {
    logger.info('Customer SMS not sent: no origination identity configured for this stage', { type: message.type, userId: message.userId });
  }
}
