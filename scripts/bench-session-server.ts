/**
 * The benchmark's minimal authenticated route (docs/benchmarks.md "Per-request fixed cost"): the
 * real HTTP chain of every customer route (`http()` from lambdas/compose/http.ts: middy, token
 * verification with aws-jwt-verify, the session check with its per-container memory, the error
 * mapping) around a handler that does nothing else, served by node:http in its own process like the
 * bare baseline; `GET /bench/calls` answers how many DynamoDB calls it made. Configured by the environment of the stack it checks tokens against (TABLE_NAME,
 * DYNAMODB_ENDPOINT, JWT_ISSUER, JWKS_URI, USER_POOL_CLIENT_ID, PORT); prints `up` when listening.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { lambdaContext } from '../local/handlers.js';
import type { HttpRoute } from '../lambdas/routes/types.js';

const routes = {
  'GET /bench/session': {
    handler: 'bench/session', access: 'customer', summary: 'The caller, once the token and the session are checked', tag: 'Bench',
    success: { status: 200 },
  },
} as const satisfies Record<string, HttpRoute>;

const { http: route } = await import('../lambdas/compose/http.js');
const { observeDynamoCalls } = await import('../lambdas/adapters/dynamodb/client.js');
let dynamoCalls = 0;
observeDynamoCalls(() => {
  dynamoCalls++;
});
const handler = route(routes, 'GET /bench/session', async ({ auth }) => ({ body: { userId: auth.userId } }));
const context: Context = lambdaContext('bench/session');

function eventOf(req: http.IncomingMessage): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return {
    version: '2.0', routeKey: 'GET /bench/session', rawPath: '/bench/session', rawQueryString: '', headers, isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000', apiId: 'bench', domainName: 'localhost', domainPrefix: 'localhost', requestId: randomUUID(), routeKey: 'GET /bench/session',
      stage: '$default', time: '', timeEpoch: Date.now(),
      http: { method: 'GET', path: '/bench/session', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
    },
  };
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    if (req.url === '/bench/calls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ dynamoCalls }));
      return;
    }
    const result = await handler(eventOf(req), context);
    res.writeHead(result.statusCode ?? 200, result.headers as http.OutgoingHttpHeaders);
    res.end(result.body ?? '');
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('up'));
