import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { awsEndpoint, requireEnv } from '#shared/config.js';
import { ValidationError } from '#shared/errors.js';
import { injectFaults } from '../faults.js';
import { cancellationReasons, failedConditionItem, isConditionFailure } from './conditions.js';

export { cancellationReasons, failedConditionItem, isConditionFailure };

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
injectFaults(ddb, 'dynamodb');

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

/**
 * What a cursor of one query may hold: exactly these key attributes, each with the value the
 * caller's query fixes (its own partition: `is`), the prefix or the range (`between`, inclusive) its key
 * condition allows. A cursor is
 * only a position inside the caller's own partition, so a crafted one can neither reach another
 * customer's items nor make DynamoDB refuse the query (a 500).
 */
export type CursorShape = Readonly<Record<string, { readonly is: string } | { readonly startsWith: string } | { readonly between: readonly [string, string] }>>;

/** Key values are printable ASCII here (ids, ISO times, SKUs, fixed prefixes), at most DynamoDB's sort-key size. */
const CURSOR_VALUE = /^[\x20-\x7e]{1,1024}$/;

const invalidCursor = () => new ValidationError('Invalid cursor', [{ field: 'cursor', message: 'cursor is malformed or belongs to a different query' }]);

function fits(rule: CursorShape[string], value: string): boolean {
  if ('is' in rule) return value === rule.is;
  if ('startsWith' in rule) return value.startsWith(rule.startsWith);
  return value >= rule.between[0] && value <= rule.between[1];
}

/** The ExclusiveStartKey a cursor stands for (undefined without one); anything but a key of `shape` is a ValidationError. */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Record<string, string> | undefined {
  if (!cursor) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidCursor();
  const entries = Object.entries(value);
  if (entries.length !== Object.keys(shape).length) throw invalidCursor();
  for (const [attribute, attributeValue] of entries) {
    const rule = Object.hasOwn(shape, attribute) ? shape[attribute] : undefined;
    if (!rule || typeof attributeValue !== 'string' || !CURSOR_VALUE.test(attributeValue)) throw invalidCursor();
    if (!fits(rule, attributeValue)) throw invalidCursor();
  }
  return value as Record<string, string>;
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

export type ConditionalOutcome =
  | { ok: true; attributes: Record<string, unknown> | undefined }
  /** `old` is the item as it was, when the write asked `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
  | { ok: false; old: Record<string, unknown> | undefined };

/**
 * A conditional Put, Update or Delete whose failed condition is an answer, not an error:
 * `conditionalWrite(ddb.send(new UpdateCommand({...})))`. Other errors are thrown.
 */
export async function conditionalWrite(write: Promise<{ Attributes?: Record<string, unknown> }>): Promise<ConditionalOutcome> {
  try {
    return { ok: true, attributes: (await write).Attributes };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { ok: false, old: failedConditionItem(error) };
  }
}

/** On a failed condition: the first failing item, every item's reason, and the error (to rethrow when the failure is not the expected one). */
export type TransactionOutcome = { ok: true } | { ok: false; failedIndex: number; reasons: string[]; error: unknown };

/**
 * transactWrite() whose cancellation by a failed condition is an answer: the index of the first
 * item whose condition failed, and every item's reason. Other errors are thrown.
 */
export async function conditionalTransaction(input: TransactWriteCommandInput): Promise<TransactionOutcome> {
  try {
    await transactWrite(input);
    return { ok: true };
  } catch (error) {
    const reasons = cancellationReasons(error);
    const failedIndex = reasons?.indexOf('ConditionalCheckFailed') ?? -1;
    if (!reasons || failedIndex < 0) throw error;
    return { ok: false, failedIndex, reasons, error };
  }
}

/**
 * Every item of `keys` that exists (in no particular order): BatchGetItem in chunks of 100, with
 * the keys DynamoDB left unprocessed retried (backing off) up to five times.
 */
export async function batchGetAll(
  keys: Record<string, unknown>[],
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 5) throw new Error('BatchGet left keys unprocessed after retries');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const result: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({
        RequestItems: {
          [tableName]: { Keys: pending, ConsistentRead: options.consistent, ProjectionExpression: options.projection, ExpressionAttributeNames: options.names },
        },
      }));
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}
