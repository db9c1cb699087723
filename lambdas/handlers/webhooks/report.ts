import { logger } from '#shared/powertools.js';

/**
 * How the admins are told that an endpoint was disabled after failing for 24 h: an ERROR log line
 * with this fixed message (and the endpoint id); the endpoint also shows `status: DISABLED` and
 * `disabledAt` in `GET /admin/webhooks`.
 */
export const ENDPOINT_DISABLED_MESSAGE = 'Webhook endpoint disabled after failing for 24 hours';

export function reportDisabled(endpointIds: readonly string[]): void {
  for (const endpointId of endpointIds) logger.error(ENDPOINT_DISABLED_MESSAGE, { endpointId });
}
