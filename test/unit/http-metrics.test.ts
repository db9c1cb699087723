/**
 * A request that records no metric writes nothing about metrics: Powertools' own middleware would
 * print a "No application metrics to publish" warning for every such request (a CloudWatch line each).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

const event = (path: string): APIGatewayProxyEventV2 => ({
  version: '2.0', routeKey: `GET ${path}`, rawPath: path, rawQueryString: '', headers: {}, isBase64Encoded: false,
  requestContext: {
    accountId: 'local', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost', requestId: 'req-1', routeKey: `GET ${path}`,
    stage: '$default', time: '', timeEpoch: 0, http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
  },
});
const context = { functionName: 'openapi', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

it('publishes metrics only when the request recorded some', async () => {
  const { handler } = await import('#handlers/system/openapi.js');
  const { metrics } = await import('#shared/powertools.js');
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  const publish = jest.spyOn(metrics, 'publishStoredMetrics');
  try {
    const response = await handler(event('/openapi.json'), context);
    expect(response.statusCode).toBe(200);
    expect(publish).not.toHaveBeenCalled();
    expect(written.join('')).not.toMatch(/No application metrics/);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    publish.mockRestore();
  }
});
