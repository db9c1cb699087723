/**
 * Loads handler modules from lambdas/handlers/ by their wiring-table name, the way the CDK
 * bundles one function per name. Modules are imported lazily and cached, like warm containers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { DynamoCall } from '../lambdas/adapters/dynamodb/client.js';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
const cache = new Map<string, Promise<LambdaHandler>>();

export function loadHandler(name: string): Promise<LambdaHandler> {
  let loaded = cache.get(name);
  if (!loaded) {
    loaded = import(`../lambdas/handlers/${name}.ts`).then((mod: { handler?: LambdaHandler }) => {
      if (typeof mod.handler !== 'function') throw new Error(`lambdas/handlers/${name}.ts does not export a handler`);
      return mod.handler;
    });
    cache.set(name, loaded);
  }
  return loaded;
}

export function lambdaContext(name: string): Context {
  const started = Date.now();
  const functionName = `local-${name.replace(/\//g, '-')}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const running = new AsyncLocalStorage<string>();

/** The handler whose invocation is running ('stack' outside any: seeding, the stream poller's reads). */
export function currentHandler(): string {
  return running.getStore() ?? 'stack';
}

export async function invokeHandler(name: string, event: unknown): Promise<unknown> {
  const handler = await loadHandler(name);
  return running.run(name, () => handler(event, lambdaContext(name)));
}

export interface DynamoCallCounts { reads: number; writes: number; conditionalFailures: number }

/** DynamoDB calls per handler since the stack started (`GET /_local/dynamodb/stats`, for the benchmarks). */
export const dynamoCallsByHandler: Record<string, DynamoCallCounts> = {};

/** Attributes a call to the handler invocation it was made in ('stack' outside any). */
export function countDynamoCall(call: DynamoCall): void {
  const name = currentHandler();
  dynamoCallsByHandler[name] ??= { reads: 0, writes: 0, conditionalFailures: 0 };
  const counts = dynamoCallsByHandler[name];
  if (call.write) counts.writes++;
  else counts.reads++;
  if (call.failedCondition) counts.conditionalFailures++;
}
