/**
 * A local stand-in for an AWS service's HTTPS endpoint in unit tests of the signed calls
 * (lambdas/adapters/aws-call.ts and its users): every request is recorded (method, path, headers,
 * body as text) and answered by `respond`; the suite's environment (credentials, region, the
 * endpoint's URL) is set before its tests and restored after them. Call it at the top of a test file:
 * it registers the suite's hooks.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest { method: string; url: string; headers: IncomingHttpHeaders; body: string }
export interface FakeAnswer { status: number; body: unknown; headers?: Record<string, string> }

export function fakeAwsEndpoint(respond: (request: SeenRequest) => FakeAnswer, env: (url: string) => Record<string, string>): { url: string; seen: SeenRequest[] } {
  const endpoint = { url: '', seen: [] as SeenRequest[] };
  const saved: Record<string, string | undefined> = {};
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        endpoint.seen.push(request);
        const answer = respond(request);
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', ...answer.headers }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (const [k, v] of Object.entries(env(endpoint.url))) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    endpoint.seen.length = 0;
  });

  return endpoint;
}
