import path from 'node:path';
import { App, Tags, type AppProps } from 'aws-cdk-lib';
import { addNagChecks } from './nag.js';
import { stageConfigFrom, type StageConfig } from './stage-config.js';
import { StatefulStack } from './stateful-stack.js';
import { EDGE_REGION, EdgeStack } from './edge-stack.js';
import { StatelessStack } from './stateless-stack.js';
import { registerHandlers } from './bundling.js';
import { handlerEntry, resolveProjectRoot } from './function.js';
import { handlersOf, type Wiring, wiring as WIRING } from '../lambdas/routes.js';

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

export interface StoreAppOptions {
  /** Run the cdk-nag AwsSolutions checks at synthesis. @default true */
  readonly nag?: boolean;
  /** @default the wiring table in lambdas/routes.ts */
  readonly wiring?: Wiring;
  /** @default process.cwd() */
  readonly projectRoot?: string;
  /** The built storefront the stage deploys. @default `<projectRoot>/web/dist` */
  readonly storefrontDir?: string;
}

export interface StoreApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** The us-east-1 stack of the WAF web ACL, when the stage has the edge. */
  readonly edge?: EdgeStack;
}

/**
 * Builds the whole app: `<prefix>-stateful` (table, user pool, bus), `<prefix>-stateless`
 * (functions, API, its CloudFront distribution, rules, alarms) and, unless `-c edge=false`,
 * `<prefix>-edge` in us-east-1 (the WAF web ACL CloudFront needs there). The account is the CLI's
 * (CDK_DEFAULT_ACCOUNT) or left unresolved, so `cdk synth` needs no credentials and does no lookups.
 * bin/app.ts and the infra tests both call this.
 */
export function buildApp(appProps: AppProps = {}, options: StoreAppOptions = {}): StoreApp {
  const app = new App(appProps);
  // Cross-stack references stay "strong" (exports the consumer protects) unless cdk.json says otherwise.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  const config = stageConfigFrom(app.node);
  const wiring = options.wiring ?? WIRING;
  const projectRoot = resolveProjectRoot(options.projectRoot);
  registerHandlers(handlersOf(wiring, { testHooks: config.testHooks !== undefined }).map((name) => handlerEntry(projectRoot, name)), projectRoot);

  // The stacks name their region (the CLI's, else the `region` context, else sa-east-1): a
  // cross-region reference (the edge's web ACL in us-east-1) needs both ends' regions at synth.
  // The account stays the CLI's, or unresolved offline.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const env = { account, region: config.region };

  const edge = config.edge.enabled
    ? new EdgeStack(app, `${config.prefix}-edge`, {
      env: { account, region: EDGE_REGION },
      config,
      description: `Big e-commerce ${config.stage}: AWS WAF web ACL of the API's CloudFront distribution (us-east-1)`,
    })
    : undefined;

  const stateful = new StatefulStack(app, `${config.prefix}-stateful`, {
    env,
    config,
    cognitoTriggers: wiring.cognitoTriggers,
    preSignUpTrigger: wiring.testHooks.preSignUp,
    projectRoot,
    description: `Big e-commerce ${config.stage}: table, user pool, event bus, buckets (stateful)`,
    terminationProtection: config.isProd,
  });
  const stateless = new StatelessStack(app, `${config.prefix}-stateless`, {
    env,
    config,
    table: stateful.table,
    tableChanges: stateful.tableChanges,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    eventBus: stateful.eventBus,
    mediaBaseUrl: stateful.storage.mediaBaseUrl,
    externalFunctions: {
      CognitoCustomMessage: stateful.customMessageFunction,
      ...(stateful.preSignUpFunction ? { CognitoPreSignUp: stateful.preSignUpFunction } : {}),
    },
    wiring,
    projectRoot,
    storefrontDir: options.storefrontDir ?? path.join(projectRoot, 'web', 'dist'),
    edge: edge ? { webAclArn: edge.webAcl.attrArn, webAclName: edge.webAclName, ruleNames: edge.ruleNames } : undefined,
    crossRegionReferences: edge !== undefined && config.region !== EDGE_REGION,
    description: `Big e-commerce ${config.stage}: functions, HTTP API, CloudFront, rules, alarms (stateless)`,
  });
  stateless.addStackDependency(stateful);
  if (edge) stateless.addStackDependency(edge);

  Tags.of(app).add('app', 'big-ecommerce');
  Tags.of(app).add('stage', config.stage);
  if (options.nag ?? true) addNagChecks(app);
  return { app, config, stateful, stateless, edge };
}
