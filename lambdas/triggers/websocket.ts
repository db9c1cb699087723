/**
 * A route of the WebSocket API (the wiring table's `websocketRoutes`), the sibling of `http()`:
 * `export const handler = websocket(async ({ connectionId, query }) => ...)`.
 *
 * Logger context and correlation id (the request id API Gateway gives the WebSocket request), the
 * connection id and route key on every log line. The function's answer is the handshake's: nothing
 * thrown is a 200 (on `$connect` the socket opens), a named error is its HTTP status in the
 * contract's error shape (a refused handshake: no socket), anything else a 500 that says nothing
 * but the correlation id, never a stack trace. On `$disconnect` API Gateway ignores the answer:
 * a failure is only logged.
 */
import type { APIGatewayProxyStructuredResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { json, toHttpError } from '#http/responses.js';
import { logger } from '#shared/powertools.js';
import { invocation, type TriggerHandler } from './invocation.js';

/** What API Gateway sends a WebSocket route; `$connect` also carries the handshake's headers and query. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & { readonly headers?: Readonly<Record<string, string | undefined>> };

export interface WebSocketRequest {
  readonly connectionId: string;
  readonly routeKey: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly correlationId: string;
}

export function websocket(fn: (request: WebSocketRequest) => Promise<void>): TriggerHandler<WebSocketEvent, APIGatewayProxyStructuredResultV2> {
  return invocation('websocket', (event, context) => event.requestContext?.requestId || context.awsRequestId, async (event, correlationId) => {
    const { connectionId, routeKey } = event.requestContext;
    logger.appendKeys({ connectionId, routeKey });
    try {
      await fn({ connectionId, routeKey, query: event.queryStringParameters ?? {}, headers: event.headers ?? {}, correlationId });
      return json(200, undefined, correlationId);
    } catch (error) {
      return toHttpError(error, correlationId);
    }
  });
}
