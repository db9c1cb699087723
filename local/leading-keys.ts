/**
 * The local stack's stand-in for the IAM `dynamodb:LeadingKeys` conditions (lib/leading-keys.ts): a
 * middleware on the functions' DynamoDB client refuses, as IAM would, a write by a handler to a
 * partition its list does not name. Every integration test then checks the lists against what the
 * handlers really write.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mayWritePartition } from '../lib/leading-keys.js';

type Keyed = Record<string, unknown> | undefined;

/** A key attribute as the document client has it (a string) or marshalled ({S: string}). */
function partitionOf(item: Keyed): string | undefined {
  const pk = item?.PK as string | { S?: string } | undefined;
  return typeof pk === 'string' ? pk : pk?.S;
}

/** The partition keys a write command touches (ConditionCheck is not a write). */
export function writtenPartitions(command: string, input: Record<string, unknown>): string[] {
  const keys: Keyed[] = [];
  if (command === 'PutCommand' || command === 'PutItemCommand') keys.push(input.Item as Keyed);
  if (['UpdateCommand', 'UpdateItemCommand', 'DeleteCommand', 'DeleteItemCommand'].includes(command)) keys.push(input.Key as Keyed);
  if (command === 'TransactWriteCommand' || command === 'TransactWriteItemsCommand') {
    for (const item of (input.TransactItems ?? []) as Record<string, Record<string, Keyed> | undefined>[]) {
      keys.push(item.Put?.Item as Keyed, item.Update?.Key as Keyed, item.Delete?.Key as Keyed);
    }
  }
  if (command === 'BatchWriteCommand' || command === 'BatchWriteItemCommand') {
    for (const requests of Object.values((input.RequestItems ?? {}) as Record<string, Record<string, Record<string, Keyed>>[]>)) {
      for (const request of requests) keys.push(request.PutRequest?.Item as Keyed, request.DeleteRequest?.Key as Keyed);
    }
  }
  return keys.map(partitionOf).filter((pk): pk is string => pk !== undefined);
}

export function enforceLeadingKeys(client: DynamoDBDocumentClient, currentHandler: () => string): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const handler = currentHandler();
      const denied = writtenPartitions(context.commandName ?? '', args.input as Record<string, unknown>).find((pk) => !mayWritePartition(handler, pk));
      if (denied !== undefined) {
        const error = new Error(`Local IAM: ${handler} may not write partition ${denied} (lib/leading-keys.ts lists what it may write)`);
        error.name = 'AccessDeniedException';
        throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: 'enforceLeadingKeys' },
  );
}
