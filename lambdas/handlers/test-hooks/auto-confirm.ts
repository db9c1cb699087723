import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { isTestAddress } from '#domain/test-hooks/rules.js';
import { requireEnv } from '#shared/config.js';
import { cognitoTrigger } from '#triggers/cognito-trigger.js';

const testDomain = requireEnv('TEST_EMAIL_DOMAIN');

/**
 * Cognito PreSignUp trigger, test stages only: a sign-up with an address of the stage's test domain
 * (an `.invalid` one: no mailbox can exist there) is confirmed and its e-mail verified at once, so a
 * black-box test registers and logs in without reading a code. Every other sign-up is left alone.
 */
export const handler = cognitoTrigger<PreSignUpTriggerEvent>(async (event) => {
  if (isTestAddress(event.request.userAttributes?.email, testDomain)) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
});
