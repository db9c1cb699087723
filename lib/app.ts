import { App, Tags, type AppProps } from 'aws-cdk-lib';
import { addNagChecks } from './nag.js';
import { stageConfigFrom, type StageConfig } from './stage-config.js';
import { StatefulStack } from './stateful-stack.js';
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
}

export interface StoreApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Builds the whole app: `<prefix>-stateful` (table, user pool, bus) and `<prefix>-stateless`
 * (functions, API, rules, alarms). Stacks are environment-agnostic unless the CLI provides an
 * account and region (CDK_DEFAULT_*), so `cdk synth` needs no credentials and does no lookups.
 * bin/app.ts and the infra tests both call this.
 */
export function buildApp(appProps: AppProps = {}, options: StoreAppOptions = {}): StoreApp {
  const app = new App(appProps);
  // Cross-stack references stay "strong" (exports the consumer protects) unless cdk.json says otherwise.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  const config = stageConfigFrom(app.node);
  const wiring = options.wiring ?? WIRING;
  const projectRoot = resolveProjectRoot(options.projectRoot);
  registerHandlers(handlersOf(wiring).map((name) => handlerEntry(projectRoot, name)), projectRoot);

  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const env = account && region ? { account, region } : undefined;

  const stateful = new StatefulStack(app, `${config.prefix}-stateful`, {
    env,
    config,
    cognitoTriggers: wiring.cognitoTriggers,
    projectRoot,
    description: `Big e-commerce ${config.stage}: table, user pool, event bus, buckets (stateful)`,
    terminationProtection: config.isProd,
  });
  const stateless = new StatelessStack(app, `${config.prefix}-stateless`, {
    env,
    config,
    table: stateful.table,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    eventBus: stateful.eventBus,
    mediaBaseUrl: stateful.storage.mediaBaseUrl,
    externalFunctions: { CognitoCustomMessage: stateful.customMessageFunction },
    wiring,
    projectRoot,
    description: `Big e-commerce ${config.stage}: functions, HTTP API, rules, alarms (stateless)`,
  });
  stateless.addStackDependency(stateful);

  Tags.of(app).add('app', 'big-ecommerce');
  Tags.of(app).add('stage', config.stage);
  if (options.nag ?? true) addNagChecks(app);
  return { app, config, stateful, stateless };
}
