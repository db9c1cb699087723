/**
 * The API Gateway management API of the WebSocket stage (domain port ConnectionGateway):
 * PostToConnection and DeleteConnection on `WEBSOCKET_CALLBACK_URL` (the stage's callback URL in
 * AWS, the local gateway's own URL locally, which serves the same `/@connections/{id}` calls).
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionGateway } from '#domain/realtime/connections.js';
import { requireEnv } from '#shared/config.js';

const client = new ApiGatewayManagementApiClient({ endpoint: requireEnv('WEBSOCKET_CALLBACK_URL'), maxAttempts: 3 });

const gone = (error: unknown) => error instanceof GoneException || (error instanceof Error && error.name === 'GoneException');

export const managementApi: ConnectionGateway = {
  async post(connectionId, message) {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }));
      return 'sent';
    } catch (error) {
      if (gone(error)) return 'gone';
      throw error;
    }
  },

  async close(connectionId) {
    try {
      await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      return 'closed';
    } catch (error) {
      if (gone(error)) return 'gone';
      throw error;
    }
  },
};
