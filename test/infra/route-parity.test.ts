/**
 * One route table, three readers: lambdas/routes.ts, the synthesized HTTP API and the local
 * gateway must agree route for route, and each route must reach its own handler's function. The
 * local stack is a test stage, so it is compared with a test stage (`testHooks`), which adds the
 * test hooks' routes (test-hooks.test.ts: a production stage has none).
 */
import { type CfnElement, type NestedStack, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { compileRoutes } from '../../local/gateway.js';
import { routes as customerRoutes, testHooks } from '../../lambdas/routes.js';
import { logicalIdOf, synthesize, type CfnResourceJson, type Synthesized } from './synth.js';

interface DeployedRoute {
  routeKey: string;
  template: Template;
  resource: CfnResourceJson;
  integrationId: string;
}

let synth: Synthesized;
let deployed: DeployedRoute[];

beforeAll(() => {
  synth = synthesize({ stage: 'qa', testHooks: 'true' });
  // The WebSocket API's routes have their own parity test (websocket-parity.test.ts).
  const webSocketApi = { Ref: synth.stateless.getLogicalId(synth.stateless.websocketApi.api.node.defaultChild as CfnElement) };
  const httpRoutes = (template: Template) => Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
    .filter((resource) => JSON.stringify(resource.Properties.ApiId) !== JSON.stringify(webSocketApi));
  deployed = synth.statelessTemplates.flatMap((template) => httpRoutes(template).map((resource) => {
    const [prefix, ref] = (resource.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1];
    expect(prefix).toBe('integrations/');
    return { routeKey: resource.Properties.RouteKey as string, template, resource, integrationId: ref.Ref };
  }));
});

const routes = { ...customerRoutes, ...testHooks.routes };
const sorted = (keys: Iterable<string>) => [...keys].sort();
const handlerOf = (routeKey: string) => routes[routeKey as keyof typeof routes].handler;

it('deploys exactly the routes of the wiring table, once each', () => {
  expect(sorted(deployed.map((r) => r.routeKey))).toEqual(sorted(Object.keys(routes)));
});

it('serves exactly the same routes locally', () => {
  const local = compileRoutes();
  expect(sorted(local.map((r) => r.routeKey))).toEqual(sorted(deployed.map((r) => r.routeKey)));
  for (const route of local) {
    expect(route.handler).toBe(handlerOf(route.routeKey));
    expect(`${route.method} /${route.segments.join('/')}`).toBe(route.routeKey);
  }
});

it('attaches every route to the one HTTP API of the stateless stack', () => {
  const apiId = synth.stateless.getLogicalId(synth.stateless.httpApi.api.node.defaultChild as CfnElement);
  const parent = synth.statelessTemplate.toJSON().Resources as Record<string, CfnResourceJson>;
  for (const { routeKey, resource } of deployed) {
    const fn = synth.stateless.functionFor(handlerOf(routeKey));
    const nested = Stack.of(fn) as NestedStack;
    const parameter = (resource.Properties.ApiId as { Ref: string }).Ref;
    const nestedResource = parent[synth.stateless.getLogicalId(nested.nestedStackResource as CfnElement)];
    expect({ routeKey, api: nestedResource.Properties.Parameters[parameter] }).toEqual({ routeKey, api: { Ref: apiId } });
  }
});

it('integrates each route with the function built for its handler (proxy, payload 2.0)', () => {
  for (const { routeKey, template, integrationId } of deployed) {
    const fn = synth.stateless.functionFor(handlerOf(routeKey));
    expect(synth.templateOf(fn)).toBe(template);
    const integration = template.toJSON().Resources[integrationId] as CfnResourceJson;
    expect(integration.Type).toBe('AWS::ApiGatewayV2::Integration');
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect({ routeKey, uri: integration.Properties.IntegrationUri }).toEqual({ routeKey, uri: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] } });
  }
});

it('lets API Gateway invoke each function only through its own route\'s path', () => {
  const httpApiArn = /HttpApi/;
  const permissions = synth.statelessResources('AWS::Lambda::Permission')
    .filter((p) => p.Properties.Principal === 'apigateway.amazonaws.com' && httpApiArn.test(JSON.stringify(p.Properties.SourceArn)));
  expect(permissions).toHaveLength(Object.keys(routes).length);
  for (const { routeKey, template } of deployed) {
    const fn = synth.stateless.functionFor(handlerOf(routeKey));
    const path = routeKey.split(' ')[1];
    // Source ARN: arn:...:execute-api:<region>:<account>:<api>/<stage>/<method>/<path>
    const sources = Object.values(template.findResources('AWS::Lambda::Permission'))
      .filter((p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] }))
      .map((p) => JSON.stringify(p.Properties.SourceArn));
    expect({ routeKey, sources }).toEqual({ routeKey, sources: [expect.stringContaining(`/*/*${path}"`)] });
  }
});
