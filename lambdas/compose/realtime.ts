/** The live-tracking context's adapters: connections in the table, the WebSocket stage's management API. */
export { connectionStore as connections } from '#adapters/dynamodb/connections.js';
export { managementApi as gateway } from '#adapters/realtime/management-api.js';
