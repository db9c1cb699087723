import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { awsEndpoint, requireEnv } from '#shared/config.js';

/** One document client per container, created at load time. */
export const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: awsEndpoint('DYNAMODB'), maxAttempts: 3 }),
  { marshallOptions: { removeUndefinedValues: true } },
);
/**
 * The SDK's logger middleware copies every call's input and output through the schema's
 * sensitive-field filter to hand them to its logger, which is a no-op here: our adapters log what
 * matters through Powertools. Without it each call costs less CPU (it was ~2–3% of the claim
 * path's CPU in a profile of the local stack).
 */
ddb.middlewareStack.remove('loggerMiddleware');

export const tableName = requireEnv('TABLE_NAME');

/** One item of a TransactWriteItems call. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface DynamoCall {
  /** e.g. `UpdateItemCommand` */
  readonly command: string;
  readonly write: boolean;
  readonly failedCondition: boolean;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand', 'ExecuteStatementCommand']);
const observers: ((call: DynamoCall) => void)[] = [];

/** Observes every call this container's client sends (the local stack counts them per handler for the benchmarks). */
export function observeDynamoCalls(observer: (call: DynamoCall) => void): void {
  observers.push(observer);
}

ddb.middlewareStack.add(
  (next, context) => async (args) => {
    if (!observers.length) return next(args);
    const command = context.commandName ?? 'unknown';
    const notify = (failedCondition: boolean) => {
      for (const observe of observers) observe({ command, write: WRITES.has(command), failedCondition });
    };
    try {
      const result = await next(args);
      notify(false);
      return result;
    } catch (error) {
      notify(isConditionFailure(error) || cancellationReasons(error)?.includes('ConditionalCheckFailed') === true);
      throw error;
    }
  },
  { step: 'initialize', name: 'observeDynamoCalls' },
);

/** Opaque cursor <-> DynamoDB LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the validation error below
  }
  return undefined;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** True when a transaction was cancelled because of a condition (not a throttle or conflict). */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (error instanceof Error && error.name === 'TransactionCanceledException') {
    const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.map((r) => r.Code ?? 'None');
  }
  return undefined;
}

/** The item a failed condition returned with `ReturnValuesOnConditionCheckFailure: ALL_OLD` (the SDK leaves it in wire format). */
export function failedConditionItem(error: unknown): Record<string, unknown> | undefined {
  const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
  return raw ? unmarshall(raw) : undefined;
}

/**
 * TransactWriteItems, retried when DynamoDB cancels it for a conflict with a concurrent write on
 * one of its items (TransactionConflict), which the SDK does not retry. Condition failures are
 * not retried: they are answers. Give the transaction a ClientRequestToken when a retry must not
 * apply it twice (DynamoDB dedupes by token for 10 minutes).
 */
export async function transactWrite(
  input: TransactWriteCommandInput,
  send: (command: TransactWriteCommand) => Promise<unknown> = (command) => ddb.send(command),
  attempts = 8,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflict = reasons?.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
      const inProgress = error instanceof Error && error.name === 'TransactionInProgressException';
      if (!(conflict || inProgress) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 20 * 2 ** attempt)));
    }
  }
}
