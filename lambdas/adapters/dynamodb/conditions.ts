import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * What a failed condition looks like in the SDK's errors. No client and no configuration here,
 * so the one-off scripts that bring their own client (migrate-index-shards.ts) use them too.
 */
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
