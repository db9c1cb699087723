import { sandboxCarrierPlayer } from '#compose/test-hooks.js';
import { trackingDeps } from '#compose/tracking.js';
import { playSandboxTrackingEvent } from '#domain/test-hooks/use-cases.js';
import { testHookHttp } from '#http/test-hooks.js';
import { testHookRoutes } from '../../routes/test-hooks.js';

/** Test stages only: the sandbox carrier reports a tracking event and its signed webhook is handled. */
export const handler = testHookHttp(testHookRoutes, 'POST /test-hooks/sandbox/tracking-events', async ({ body, correlationId }) => ({
  body: await playSandboxTrackingEvent({ player: sandboxCarrierPlayer, tracking: await trackingDeps() }, body, correlationId),
}));
