import { connections, gateway } from '#compose/realtime.js';
import { closeRevokedConnections, revocationOf } from '#domain/realtime/connections.js';
import { stream } from '#triggers/stream.js';

/**
 * A logout (or account deletion) moves the user's revocation marker (`TokenMarker`): the user's
 * WebSocket connections opened with an older token are closed, seconds after the logout.
 */
export const handler = stream(async ({ next, previous }) => {
  const revocation = revocationOf(next, previous);
  if (revocation) await closeRevokedConnections({ connections, gateway }, revocation.userId, revocation.validAfterMs);
});
