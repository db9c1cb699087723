/**
 * A Cognito user pool trigger (the wiring table's `cognitoTriggers`):
 * `export const handler = cognitoTrigger<CustomMessageTriggerEvent>(async (event) => ...)`.
 * Cognito waits for the answer (5 s) and fails the user's request when the function throws, so a
 * failure is logged once (with the trigger source) and rethrown.
 */
import { logger } from '#shared/powertools.js';
import { invocation, type TriggerHandler } from './invocation.js';

export function cognitoTrigger<E extends { readonly triggerSource: string }>(fn: (event: E) => Promise<E>): TriggerHandler<E, E> {
  return invocation('cognito trigger', (_event, context) => context.awsRequestId, async (event) => {
    logger.appendKeys({ triggerSource: event.triggerSource });
    return fn(event);
  });
}
