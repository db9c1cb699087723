/**
 * The origin-verify check of the HTTP chain (lambdas/http/core.ts): behind CloudFront every
 * function is deployed with ORIGIN_VERIFY_SECRET, and a request that did not come through the
 * distribution (no header, or a wrong one) is answered 403 before the route's code runs.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ORIGIN_VERIFY_HEADER, originSecretDigests, routeHandler } from '#http/core.js';
import type { HttpRoute } from '../../lambdas/routes/types.js';

const CURRENT = 'c'.repeat(40);
const PREVIOUS = 'p'.repeat(40);
const table = {
  'POST /probe': { handler: 'probe', access: 'public', tag: 'Probe', summary: 'probe', success: { status: 200 } },
} as const satisfies Record<string, HttpRoute>;

function event(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey: 'POST /probe', rawPath: '/probe', rawQueryString: '', headers, isBase64Encoded: false,
    body: '{"not":"json', // a body the chain would refuse with 400: a 403 proves the check ran first
    requestContext: { requestId: 'req-1', http: { method: 'POST', path: '/probe', sourceIp: '203.0.113.9' } },
  } as unknown as APIGatewayProxyEventV2;
}

const context = { functionName: 'probe', awsRequestId: 'a', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function build(secretJson: string | undefined) {
  const calls: string[] = [];
  const saved = process.env.ORIGIN_VERIFY_SECRET;
  if (secretJson === undefined) delete process.env.ORIGIN_VERIFY_SECRET;
  else process.env.ORIGIN_VERIFY_SECRET = secretJson;
  try {
    const handler = routeHandler(table, 'POST /probe', async () => {
      calls.push('route');
      return { body: { ok: true } };
    }, undefined);
    return { calls, invoke: async (headers: Record<string, string>) => (await handler(event(headers), context)) as { statusCode: number; body: string } };
  } finally {
    if (saved === undefined) delete process.env.ORIGIN_VERIFY_SECRET;
    else process.env.ORIGIN_VERIFY_SECRET = saved;
  }
}

describe('origin verify', () => {
  const secret = JSON.stringify({ current: CURRENT, previous: PREVIOUS });

  it.each([
    ['no header', {}],
    ['a wrong value', { [ORIGIN_VERIFY_HEADER]: 'x'.repeat(40) }],
    ['a prefix of the value', { [ORIGIN_VERIFY_HEADER]: CURRENT.slice(0, 39) }],
  ])('answers 403 to a request with %s, before parsing or running the route', async (_case, headers) => {
    const { calls, invoke } = build(secret);
    const result = await invoke(headers);
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it.each([['current', CURRENT], ['previous (during a rotation)', PREVIOUS]])('lets the %s value through', async (_case, value) => {
    const { calls, invoke } = build(secret);
    const result = await invoke({ [ORIGIN_VERIFY_HEADER]: value, 'content-type': 'application/json' });
    expect(result.statusCode).toBe(400); // past the check: the chain now refuses the malformed body
    expect(calls).toEqual([]);
  });

  it('checks nothing when the function has no secret (the local stack)', async () => {
    const { invoke } = build(undefined);
    expect((await invoke({ 'content-type': 'application/json' })).statusCode).toBe(400);
  });

  it('refuses to start with a secret that holds no usable value', () => {
    expect(originSecretDigests(undefined)).toBeUndefined();
    expect(originSecretDigests(JSON.stringify({ current: CURRENT }))).toHaveLength(1);
    expect(() => originSecretDigests(JSON.stringify({ current: 'short' }))).toThrow(/32 characters/);
  });
});
