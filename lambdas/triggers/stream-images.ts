import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';

type Item = Record<string, unknown>;

/** A table item before and after a change (undefined where the record has no image: an insert, a delete). */
export interface StreamImages {
  readonly next: Item | undefined;
  readonly previous: Item | undefined;
}

/** A table stream record's new and old images as plain items (undefined where the record has none). */
export function streamImages(record: DynamoDBRecord): StreamImages {
  const image = (raw: unknown) => (raw ? (unmarshall(raw as Record<string, AttributeValue>) as Item) : undefined);
  return { next: image(record.dynamodb?.NewImage), previous: image(record.dynamodb?.OldImage) };
}
