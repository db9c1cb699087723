import { ENDPOINT_DISABLED_MESSAGE } from '#domain/webhooks/events.js';
import { logger } from '#shared/powertools.js';

/**
 * How the admins are told that an endpoint was disabled after failing for 24 h: an ERROR log line
 * with a fixed message (and the endpoint id), counted by a metric filter whose alarm emails the
 * stage's alarm address; the endpoint also shows `status: DISABLED` and `disabledAt` in `GET /admin/webhooks`.
 */
export function reportDisabled(endpointIds: readonly string[]): void {
  for (const endpointId of endpointIds) logger.error(ENDPOINT_DISABLED_MESSAGE, { endpointId });
}
