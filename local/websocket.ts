/**
 * The local WebSocket API, on the gateway's own port: the wiring table's `websocketRoutes` run
 * in-process the way API Gateway runs them, and the management API the pushers call through
 * `@aws-sdk/client-apigatewaymanagementapi` (POST, GET and DELETE `/@connections/{id}`), so the
 * handlers' code path is the one Lambda runs.
 *
 * - `GET /ws?token=...` upgrades: the `$connect` handler runs first and its answer decides; a non-2xx
 *   answer goes back as that HTTP response and no socket opens (API Gateway does the same).
 * - A closed socket (by the client, or by DeleteConnection) runs `$disconnect`.
 * - Messages from clients are not routed (the API has no `$default` route): they are ignored.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import { websocketRoutes, type WebSocketRouteKey } from '../lambdas/routes.js';
import type { WebSocketEvent } from '../lambdas/triggers/websocket.js';

export const WEBSOCKET_PATH = '/ws';
/** API Gateway's frame limit (32 KB) and message limit (128 KB). */
const MAX_PAYLOAD = 128 * 1024;
const MANAGEMENT = /^\/@connections\/([^/]+)$/;

export interface CompiledWebSocketRoute {
  routeKey: WebSocketRouteKey;
  handler: string;
}

export function compileWebSocketRoutes(): CompiledWebSocketRoute[] {
  return (Object.entries(websocketRoutes) as [WebSocketRouteKey, { handler: string }][]).map(([routeKey, route]) => ({ routeKey, handler: route.handler }));
}

interface Live {
  socket: WebSocket;
  connectedAt: Date;
  lastActiveAt: Date;
  sourceIp: string;
  userAgent: string;
}

/** API Gateway's connection ids look like `L0SM9cOFvHcCIhw=`. */
const newConnectionId = () => randomBytes(10).toString('base64');

export function attachWebSocket(server: Server, invoke: (handler: string, event: unknown) => Promise<unknown>): {
  /** Serves `/@connections/{id}`; false for any other path. */
  management(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean;
  connections(): number;
  close(): void;
} {
  const routes = Object.fromEntries(compileWebSocketRoutes().map((r) => [r.routeKey, r.handler])) as Record<WebSocketRouteKey, string>;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  const live = new Map<string, Live>();

  function event(routeKey: WebSocketRouteKey, connectionId: string, connectedAt: Date, req?: IncomingMessage, url?: URL): WebSocketEvent {
    const now = new Date();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req?.headers ?? {})) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    const query = url ? Object.fromEntries(url.searchParams) : {};
    return {
      requestContext: {
        routeKey, eventType: routeKey === '$connect' ? 'CONNECT' : 'DISCONNECT', messageId: '', extendedRequestId: randomUUID(),
        requestTime: now.toUTCString(), messageDirection: 'IN', stage: 'local', connectedAt: connectedAt.getTime(), requestTimeEpoch: now.getTime(),
        requestId: randomUUID(), domainName: headers.host ?? 'localhost', connectionId, apiId: 'local',
      },
      ...(req ? { headers } : {}),
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      isBase64Encoded: false,
    };
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WEBSOCKET_PATH) return refuse(socket, 404, JSON.stringify({ message: 'Not Found' }));
    const connectionId = newConnectionId();
    const connectedAt = new Date();
    const result = (await invoke(routes.$connect, event('$connect', connectionId, connectedAt, req, url))) as APIGatewayProxyStructuredResultV2;
    const status = result?.statusCode ?? 200;
    if (status < 200 || status > 299) return refuse(socket, status, result?.body ?? '');
    wss.handleUpgrade(req, socket, head, (ws) => {
      live.set(connectionId, {
        socket: ws, connectedAt, lastActiveAt: connectedAt,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '',
      });
      ws.on('message', () => {
        const connection = live.get(connectionId);
        if (connection) connection.lastActiveAt = new Date();
      });
      ws.on('close', () => {
        live.delete(connectionId);
        invoke(routes.$disconnect, event('$disconnect', connectionId, connectedAt)).catch((error: unknown) => console.error('$disconnect failed', error));
      });
    });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((error: unknown) => {
      console.error('local WebSocket handshake error', error);
      refuse(socket, 500, JSON.stringify({ message: 'Internal Server Error' }));
    });
  });

  function management(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): boolean {
    const match = MANAGEMENT.exec(path);
    if (!match) return false;
    const reply = (status: number, payload?: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    // The management API takes SigV4-signed calls only (execute-api:ManageConnections); the signature itself is not checked here.
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      reply(403, { message: 'Missing Authentication Token' }, 'ForbiddenException');
      return true;
    }
    const connection = live.get(decodeURIComponent(match[1]));
    if (!connection || connection.socket.readyState !== WebSocket.OPEN) {
      reply(410, { message: 'Gone' }, 'GoneException');
      return true;
    }
    switch (req.method) {
      case 'POST':
        if (body.length > MAX_PAYLOAD) {
          reply(413, { message: 'Message too long' }, 'PayloadTooLargeException');
          return true;
        }
        connection.socket.send(body.toString('utf8'));
        reply(200);
        return true;
      case 'GET':
        reply(200, {
          connectedAt: connection.connectedAt.toISOString(), lastActiveAt: connection.lastActiveAt.toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
        });
        return true;
      case 'DELETE':
        connection.socket.close(1000, 'Connection closed by the server');
        reply(204);
        return true;
      default:
        reply(404, { message: 'Not Found' });
        return true;
    }
  }

  return {
    management,
    connections: () => live.size,
    close: () => {
      for (const { socket } of live.values()) socket.terminate();
      wss.close();
    },
  };
}

function refuse(socket: Duplex, status: number, body: string): void {
  if (!socket.writable) return;
  socket.end([
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '', body,
  ].join('\r\n'));
}
