import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ImageSetRecord, ImageSetRepository } from '#domain/catalog/renditions.js';
import { ddb, tableName } from './client.js';
import * as keys from './keys.js';

const urlHash = (url: string) => createHash('sha256').update(url).digest('hex');

const toImageSet = (item: Record<string, unknown>): ImageSetRecord => ({
  productId: item.productId as string,
  original: item.original as string,
  width: item.width as number,
  height: item.height as number,
  sourceHash: item.sourceHash as string,
  renditions: item.renditions as ImageSetRecord['renditions'],
  createdAt: item.createdAt as string,
});

/** Product image sets: `PRODUCT#<id>` / `IMAGE#<sha-256 of the original URL>`, written by the image pipeline only. */
export const imageSetRepository: ImageSetRepository = {
  async get(productId, original) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.productImageSet(productId, urlHash(original)) }));
    return Item ? toImageSet(Item) : undefined;
  },
  async put(set) {
    await ddb.send(new PutCommand({ TableName: tableName, Item: { ...keys.productImageSet(set.productId, urlHash(set.original)), entity: 'ImageSet', ...set } }));
  },
  async listForProduct(productId) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.product(productId).PK, ':prefix': keys.productImageSetPrefix },
        ExclusiveStartKey: start,
      }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.map(toImageSet);
  },
};
