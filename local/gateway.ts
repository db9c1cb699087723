/**
 * The local API Gateway (HTTP API, payload format 2.0). It loops over the same wiring table as
 * the CDK stack, builds a v2 event for each request, runs the route's handler in-process and
 * writes back its structured result. It also mounts the contract's `/_local` endpoints, and the
 * WebSocket API with its management API on the same port (./websocket.ts), and serves the built
 * storefront under /store/ (./storefront.ts).
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routes, splitRouteKey, testHooks } from '../lambdas/routes.js';
import { invokeHandler } from './handlers.js';
import { serveStorefront } from './storefront.js';
import { attachWebSocket } from './websocket.js';

/** API Gateway's own payload limit; the handlers enforce the API's 64 KiB one. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

export interface CompiledRoute {
  routeKey: string;
  method: string;
  segments: string[];
  handler: string;
}

/** The wiring table's routes and the test hooks' (the local stack is a test stage: docs/testing.md). */
export function compileRoutes(): CompiledRoute[] {
  return Object.entries({ ...routes, ...testHooks.routes }).map(([routeKey, route]) => {
    const { method, path } = splitRouteKey(routeKey);
    return { routeKey, method, segments: path.split('/').filter(Boolean), handler: route.handler };
  });
}

/** API Gateway's matching: literal segments beat `{param}` segments; methods must match. */
export function matchRoute(table: CompiledRoute[], method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  let best: { route: CompiledRoute; params: Record<string, string>; literals: number } | undefined;
  for (const route of table) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    route.segments.forEach((segment, i) => {
      if (!ok) return;
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) params[param[1]] = decodeURIComponent(parts[i]);
      else if (segment === parts[i]) literals++;
      else ok = false;
    });
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best && { route: best.route, params: best.params };
}

export type LocalEndpoint = (request: { method: string; path: string; query: URLSearchParams; body: unknown }) =>
  Promise<{ status: number; body?: unknown } | undefined>;

const TEXTUAL = /^(application\/(json|[a-z0-9.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'access-control-allow-origin': '*', ...headers });
  res.end(body);
}

function buildEvent(req: IncomingMessage, url: URL, route: CompiledRoute, params: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = TEXTUAL.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split(';').map((c) => c.trim()),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(params).length ? params : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/** One request the gateway received, as the request log keeps it. */
export interface LoggedRequest { seq: number; method: string; path: string; body: string }

/**
 * The last REQUEST_LOG_SIZE requests the gateway received (API routes and `/_local`), with their bodies as text,
 * so a test can show what reached our API (the Mercado Pago journey: never a card number). Numbered, so a
 * reader sees when entries it asked for have already been dropped.
 */
const REQUEST_LOG_SIZE = 500;

function requestLog() {
  const entries: LoggedRequest[] = [];
  let seq = 0;
  return {
    add(method: string, path: string, body: Buffer): void {
      entries.push({ seq: ++seq, method, path, body: body.toString('utf8') });
      if (entries.length > REQUEST_LOG_SIZE) entries.shift();
    },
    /** Entries after `since`, and the first sequence number still held (a reader that sees it above since + 1 missed some). */
    read(since: number): { items: LoggedRequest[]; oldest: number; last: number } {
      return { items: entries.filter((e) => e.seq > since), oldest: entries[0]?.seq ?? seq + 1, last: seq };
    },
  };
}

export async function startGateway(options: { port: number; host?: string; localEndpoints: LocalEndpoint }): Promise<{ url: string; server: http.Server; stop(): Promise<void> }> {
  const table = compileRoutes();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('local gateway error', error);
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'Internal Server Error' }), { 'content-type': 'application/json' });
    });
  });
  const websockets = attachWebSocket(server, invokeHandler);
  const log = requestLog();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      return send(res, 204, '', {
        'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        'access-control-allow-headers': 'authorization,content-type,idempotency-key,x-correlation-id,if-none-match',
        'access-control-max-age': '600',
      });
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      return send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }), { 'content-type': 'application/json' });
    }
    if (websockets.management(req, res, url.pathname, body)) return;
    if (method === 'GET' && url.pathname === '/_local/requests') {
      return send(res, 200, JSON.stringify(log.read(Number(url.searchParams.get('since') ?? 0) || 0)), { 'content-type': 'application/json' });
    }
    if (!url.pathname.startsWith('/store/')) log.add(method, url.pathname + url.search, body);
    if (url.pathname.startsWith('/_local/')) {
      let parsed: unknown = {};
      try {
        parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return send(res, 400, JSON.stringify({ error: { code: 'VALIDATION_ERROR', message: 'malformed JSON', details: [] } }), { 'content-type': 'application/json' });
      }
      const result = await options.localEndpoints({ method, path: url.pathname, query: url.searchParams, body: parsed });
      if (result) {
        return send(res, result.status, result.body === undefined ? '' : JSON.stringify(result.body), { 'content-type': 'application/json' });
      }
    }
    const match = matchRoute(table, method, url.pathname);
    if (!match && (await serveStorefront(req, res, url.pathname))) return;
    if (!match) return send(res, 404, JSON.stringify({ message: 'Not Found' }), { 'content-type': 'application/json' });
    const event = buildEvent(req, url, match.route, match.params, body);
    const result = (await invokeHandler(match.route.handler, event)) as APIGatewayProxyStructuredResultV2;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
    const payload = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    send(res, result.statusCode ?? 200, payload, headers);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () => new Promise<void>((resolve) => {
      websockets.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
