import { existsSync } from 'node:fs';
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { UNHANDLED_ERROR_MESSAGE } from '../lambdas/shared/errors.js';
import { BUNDLE_FILE, handlerCode } from './bundling.js';
import type { StageConfig } from './stage-config.js';

/** The Lambda runtime of every function; lib/bundling.ts targets the same Node version. */
export const RUNTIME = Runtime.NODEJS_24_X;
export const ARCHITECTURE = Architecture.ARM_64;
/** Powertools service and metrics namespace (the same defaults lambdas/shared/powertools.ts uses locally). */
export const SERVICE_NAME = 'store-api';
export const METRICS_NAMESPACE = 'BigEcommerce';
/** Counted from the log by a metric filter on each function's log group (see the constructor). */
export const UNHANDLED_ERROR_METRIC = 'UnhandledError';

export interface StoreFunctionProps {
  /** Wiring-table name: a module under lambdas/handlers/ without extension, exporting `handler`. */
  readonly handlerName: string;
  readonly config: StageConfig;
  /** Repository root (holds package-lock.json and lambdas/). @default process.cwd() */
  readonly projectRoot?: string;
  /** @default 512 */
  readonly memoryMb?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Concurrency only this function can use, and its ceiling. @default - none: the account's unreserved pool */
  readonly reservedConcurrency?: number;
  /** @default the handler name */
  readonly description?: string;
  /**
   * For functions invoked asynchronously (EventBridge rules): events that still fail after
   * Lambda's retries land here. @default - synchronous function, no dead-letter queue
   */
  readonly deadLetterQueue?: IQueue;
  /** Files (paths from the project root) copied next to the bundle, read at cold start. @default - none */
  readonly files?: readonly string[];
}

/** `identity/get-profile` -> `IdentityGetProfile` (construct ids, alarm names). */
export function handlerId(handlerName: string): string {
  return handlerName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function resolveProjectRoot(projectRoot?: string): string {
  const root = path.resolve(projectRoot ?? process.cwd());
  if (!existsSync(path.join(root, 'package-lock.json')) || !existsSync(path.join(root, 'lambdas'))) {
    throw new Error(`${root} is not the repository root (no package-lock.json or lambdas/): run cdk from the repository root`);
  }
  return root;
}

/** The module of a wiring-table handler name; throws if it does not exist. */
export function handlerEntry(projectRoot: string, handlerName: string): string {
  const entry = path.join(projectRoot, 'lambdas', 'handlers', `${handlerName}.ts`);
  if (!existsSync(entry)) throw new Error(`Handler module ${path.relative(projectRoot, entry)} does not exist`);
  return entry;
}

/**
 * One Lambda function with the house defaults: Node 24 on arm64, one minified esbuild ESM bundle
 * with source maps (lib/bundling.ts), its own log group with a retention and the `UnhandledError`
 * metric filter, active X-Ray tracing and the Powertools environment. Resource variables and
 * permissions are added by the bind helpers (lib/bindings.ts), never here, so each function gets
 * only what it is bound to.
 */
export class StoreFunction extends LambdaFunction {
  readonly handlerName: string;

  constructor(scope: Construct, id: string, props: StoreFunctionProps) {
    const root = resolveProjectRoot(props.projectRoot);
    const entry = handlerEntry(root, props.handlerName);
    const { config } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    super(scope, id, {
      code: handlerCode(entry, root, props.files),
      handler: `${path.basename(BUNDLE_FILE, '.mjs')}.handler`,
      runtime: RUNTIME,
      architecture: ARCHITECTURE,
      memorySize: props.memoryMb ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description ?? props.handlerName,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        STAGE: config.stage,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        ORDER_PAYMENT_MINUTES: String(config.orderPaymentMinutes),
        ...(config.faults ? { FAULT_INJECTION: JSON.stringify(config.faults) } : {}),
      },
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(6) } : {}),
    });
    this.handlerName = props.handlerName;
    // A request that ends in a 500 logs UNHANDLED_ERROR_MESSAGE once: counted here as the
    // `UnhandledError` metric, in the namespace and with the `service` dimension Powertools uses.
    logGroup.addMetricFilter('UnhandledErrors', {
      filterPattern: FilterPattern.stringValue('$.message', '=', UNHANDLED_ERROR_MESSAGE),
      metricNamespace: METRICS_NAMESPACE,
      metricName: UNHANDLED_ERROR_METRIC,
      metricValue: '1',
      dimensions: { service: '$.service' },
    });
  }
}
