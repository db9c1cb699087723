/**
 * The channels customer messages go through, chosen per stage by configuration:
 * - email (`NOTIFIER`): `outbox` locally, `ses` in AWS stages with a verified sender
 *   (NOTIFICATION_FROM_EMAIL, SES_REGION), `none` where no sender is configured (logged);
 * - SMS (`SMS_NOTIFIER`): `outbox` locally, `sms-voice` (AWS End User Messaging SMS, SendTextMessage
 *   from SMS_ORIGINATION_IDENTITY, docs/decisions.md) in AWS stages that have one, `none` otherwise.
 * Both AWS channels are one signed HTTPS call each (#adapters/aws-call.js), not SDK clients.
 */
import { awsCall, awsJsonService } from '#adapters/aws-call.js';
import { optionalEnv, requireEnv } from '#shared/config.js';
import type { OutgoingMessage } from '#domain/notifications/ports.js';
import { logger } from '#shared/powertools.js';
import { appendOutbox } from './outbox.js';

type Email = Extract<OutgoingMessage, { channel: 'email' }>;
type Sms = Extract<OutgoingMessage, { channel: 'sms' }>;

const emailChannel = optionalEnv('NOTIFIER') ?? 'none';
const smsChannel = optionalEnv('SMS_NOTIFIER') ?? 'none';

const sesRegion = () => optionalEnv('SES_REGION') ?? requireEnv('AWS_REGION');

/** SES v2 SendEmail (REST-JSON), one signed call (#adapters/aws-call.js) instead of the SES client (~115 KB). */
function sendWithSes(email: Email): Promise<unknown> {
  const region = sesRegion();
  return awsCall({
    service: 'ses',
    region,
    url: new URL(`https://email.${region}.amazonaws.com/v2/email/outbound-emails`),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      FromEmailAddress: requireEnv('NOTIFICATION_FROM_EMAIL'),
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
        },
      },
    }),
  });
}

/** End User Messaging SMS SendTextMessage (awsJson 1.0), one signed call instead of its client (~115 KB). */
function sendWithSmsVoice(sms: Sms): Promise<unknown> {
  const call = awsJsonService({ service: 'sms-voice', targetPrefix: 'PinpointSMSVoiceV2', jsonVersion: '1.0', region: optionalEnv('SMS_REGION') ?? requireEnv('AWS_REGION') });
  return call('SendTextMessage', {
    DestinationPhoneNumber: sms.to,
    OriginationIdentity: requireEnv('SMS_ORIGINATION_IDENTITY'),
    MessageBody: sms.text,
    MessageType: 'TRANSACTIONAL',
    ConfigurationSetName: optionalEnv('SMS_CONFIGURATION_SET'),
  });
}

/** Hands one message to its channel; throws when the channel refused it (throttled, down ...). */
export async function deliver(message: OutgoingMessage): Promise<void> {
  if (message.channel === 'email') {
    if (emailChannel === 'outbox') {
      await appendOutbox({ channel: 'email', to: message.to, type: message.type, subject: message.subject, body: message.html, code: null, userId: message.userId });
    } else if (emailChannel === 'ses') {
      await sendWithSes(message);
    } else {
      logger.info('Customer email not sent: no sender configured for this stage', { type: message.type, userId: message.userId });
    }
    return;
  }
  if (smsChannel === 'outbox') {
    await appendOutbox({ channel: 'sms', to: message.to, type: message.type, subject: null, body: message.text, code: null, userId: message.userId });
  } else if (smsChannel === 'sms-voice') {
    await sendWithSmsVoice(message);
  } else {
    logger.info('Customer SMS not sent: no origination identity configured for this stage', { type: message.type, userId: message.userId });
  }
}
