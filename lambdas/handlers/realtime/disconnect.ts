import { connections } from '#compose/realtime.js';
import { closeConnection } from '#domain/realtime/connections.js';
import { websocket } from '#triggers/websocket.js';

/** `$disconnect`: the client or the server closed the socket; its records go. */
export const handler = websocket(async ({ connectionId }) => {
  await closeConnection({ connections }, connectionId);
});
