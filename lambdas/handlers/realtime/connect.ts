import { authenticateHandshake } from '#compose/http.js';
import { connections } from '#compose/realtime.js';
import { openConnection } from '#domain/realtime/connections.js';
import { websocket } from '#triggers/websocket.js';

/**
 * The WebSocket handshake (`$connect`, `?token=<access token>[&feed=admin]`): the same token check
 * as every HTTP route (access tokens only, revocation marker included); a refusal is a 401 and no socket.
 */
export const handler = websocket(async ({ connectionId, query }) => {
  const caller = await authenticateHandshake(query.token ? `Bearer ${query.token}` : undefined, 'customer');
  await openConnection({ connections, nowMs: Date.now }, { connectionId, caller, feed: query.feed });
});
