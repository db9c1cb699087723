/**
 * One route table, three readers: lambdas/routes.ts, the synthesized HTTP API and the local
 * gateway must agree route for route, and each route must reach its own handler's function.
 */
import { compileRoutes } from '../../local/gateway.js';
import { routes } from '../../lambdas/routes.js';
import { logicalIdOf, synthesize, type Synthesized } from './synth.js';

let synth: Synthesized;
let templateRoutes: { routeKey: string; integrationId: string }[];

beforeAll(() => {
  synth = synthesize();
  templateRoutes = Object.values(synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Route')).map((r) => {
    const target = r.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
    const [prefix, ref] = target['Fn::Join'][1];
    expect(prefix).toBe('integrations/');
    return { routeKey: r.Properties.RouteKey as string, integrationId: ref.Ref };
  });
});

const sorted = (keys: Iterable<string>) => [...keys].sort();

it('deploys exactly the routes of the wiring table', () => {
  expect(sorted(templateRoutes.map((r) => r.routeKey))).toEqual(sorted(Object.keys(routes)));
  expect(templateRoutes).toHaveLength(Object.keys(routes).length);
});

it('serves exactly the same routes locally', () => {
  const local = compileRoutes();
  expect(sorted(local.map((r) => r.routeKey))).toEqual(sorted(templateRoutes.map((r) => r.routeKey)));
  for (const route of local) {
    expect(route.handler).toBe(routes[route.routeKey as keyof typeof routes].handler);
    expect(`${route.method} /${route.segments.join('/')}`).toBe(route.routeKey);
  }
});

it('integrates each route with the function built for its handler (proxy, payload 2.0)', () => {
  const resources = synth.statelessTemplate.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  for (const { routeKey, integrationId } of templateRoutes) {
    const integration = resources[integrationId];
    expect(integration.Type).toBe('AWS::ApiGatewayV2::Integration');
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    const handler = routes[routeKey as keyof typeof routes].handler;
    const fnId = logicalIdOf(synth.stateless, synth.stateless.functionFor(handler));
    expect({ routeKey, uri: integration.Properties.IntegrationUri }).toEqual({ routeKey, uri: { 'Fn::GetAtt': [fnId, 'Arn'] } });
  }
});

it('lets API Gateway invoke each function only through its own route\'s path', () => {
  const permissions = Object.values(synth.statelessTemplate.findResources('AWS::Lambda::Permission'))
    .filter((p) => p.Properties.Principal === 'apigateway.amazonaws.com');
  expect(permissions).toHaveLength(Object.keys(routes).length);
  for (const [routeKey, route] of Object.entries(routes)) {
    const fnId = logicalIdOf(synth.stateless, synth.stateless.functionFor(route.handler));
    const path = routeKey.split(' ')[1];
    const matching = permissions.filter((p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }));
    // Source ARN: arn:...:execute-api:<region>:<account>:<api>/<stage>/<method>/<path>
    const sources = matching.map((p) => JSON.stringify(p.Properties.SourceArn));
    expect({ routeKey, sources }).toEqual({ routeKey, sources: [expect.stringContaining(`/*/*${path}"`)] });
  }
});
