import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { customerMessage } from '#domain/identity/messages.js';
import { logger } from '#shared/powertools.js';
import { cognitoTrigger } from '#triggers/cognito-trigger.js';

/**
 * Cognito CustomMessage trigger: the emails and SMS Cognito sends (sign-up code, password reset
 * code, admin invitation) in pt-BR, with the store's wording. Cognito substitutes the code.
 */
export const handler = cognitoTrigger<CustomMessageTriggerEvent>(async (event) => {
  const message = customerMessage(event.triggerSource, {
    name: event.request.userAttributes?.name,
    code: event.request.codeParameter,
    username: event.request.usernameParameter ?? undefined,
  });
  if (message) {
    event.response.emailSubject = message.subject;
    event.response.emailMessage = message.html;
    event.response.smsMessage = message.sms;
  } else {
    logger.info('No custom message for trigger source; Cognito default used', { triggerSource: event.triggerSource });
  }
  return event;
});
