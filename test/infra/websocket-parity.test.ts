/**
 * The WebSocket routes: lambdas/routes.ts `websocketRoutes`, the synthesized WebSocket API and the
 * local gateway's WebSocket must agree route for route, each route reaching its own handler's
 * function, and API Gateway may invoke each function only for its own route of this API.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { compileWebSocketRoutes } from '../../local/websocket.js';
import { websocketRoutes } from '../../lambdas/routes.js';
import { logicalIdOf, synthesize, type CfnResourceJson, type Synthesized } from './synth.js';

let synth: Synthesized;
let apiId: string;
let deployed: { routeKey: string; resource: CfnResourceJson }[];

beforeAll(() => {
  synth = synthesize();
  apiId = synth.stateless.getLogicalId(synth.stateless.websocketApi.api.node.defaultChild as CfnElement);
  deployed = synth.statelessResources('AWS::ApiGatewayV2::Route')
    .filter((resource) => JSON.stringify(resource.Properties.ApiId) === JSON.stringify({ Ref: apiId }))
    .map((resource) => ({ routeKey: resource.Properties.RouteKey as string, resource }));
});

const sorted = (keys: Iterable<string>) => [...keys].sort();

/** How the parent stack names a function of a nested stack: `Outputs.<name>` of the output that exports its ARN. */
function arnOutputOf(handler: string): string {
  const fn = synth.stateless.functionFor(handler);
  const outputs = Object.entries((synth.templateOf(fn).toJSON().Outputs ?? {}) as Record<string, { Value: unknown }>);
  const found = outputs.find(([, output]) => JSON.stringify(output.Value) === JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] }));
  if (!found) throw new Error(`no ARN output for ${handler}`);
  return `Outputs.${found[0]}`;
}
const handlerOf = (routeKey: string) => websocketRoutes[routeKey as keyof typeof websocketRoutes].handler;

it('deploys exactly the WebSocket routes of the wiring table, once each, on a WEBSOCKET API', () => {
  expect(sorted(deployed.map((r) => r.routeKey))).toEqual(sorted(Object.keys(websocketRoutes)));
  expect(sorted(deployed.map((r) => r.routeKey))).toEqual(['$connect', '$disconnect']);
  const api = synth.statelessTemplate.toJSON().Resources[apiId] as CfnResourceJson;
  expect(api.Properties.ProtocolType).toBe('WEBSOCKET');
});

it('serves exactly the same WebSocket routes locally, with the same handlers', () => {
  const local = compileWebSocketRoutes();
  expect(sorted(local.map((r) => r.routeKey))).toEqual(sorted(deployed.map((r) => r.routeKey)));
  for (const route of local) expect(route.handler).toBe(handlerOf(route.routeKey));
});

it('integrates each route with the function built for its handler (Lambda proxy)', () => {
  const resources = synth.statelessTemplate.toJSON().Resources as Record<string, CfnResourceJson>;
  for (const { routeKey, resource } of deployed) {
    const [prefix, ref] = (resource.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1];
    expect(prefix).toBe('integrations/');
    const integration = resources[ref.Ref];
    expect(integration.Properties).toMatchObject({ ApiId: { Ref: apiId }, IntegrationType: 'AWS_PROXY' });
    // The function lives in its context's nested stack: the URI names that stack's output of its ARN.
    expect({ routeKey, uri: JSON.stringify(integration.Properties.IntegrationUri) })
      .toEqual({ routeKey, uri: expect.stringContaining(`"${arnOutputOf(handlerOf(routeKey))}"`) });
  }
});

it('lets API Gateway invoke each WebSocket function only for its own route of this API', () => {
  const permissions = synth.statelessResources('AWS::Lambda::Permission')
    .filter((p) => JSON.stringify(p.Properties.SourceArn ?? '').includes(`{"Ref":"${apiId}"}`));
  expect(permissions).toHaveLength(Object.keys(websocketRoutes).length);
  for (const routeKey of Object.keys(websocketRoutes)) {
    const mine = permissions.filter((p) => JSON.stringify(p.Properties.FunctionName).includes(`"${arnOutputOf(handlerOf(routeKey))}"`));
    expect({ routeKey, sources: mine.map((p) => JSON.stringify(p.Properties.SourceArn)) })
      .toEqual({ routeKey, sources: [expect.stringContaining(`/*${routeKey}"`)] });
  }
});
