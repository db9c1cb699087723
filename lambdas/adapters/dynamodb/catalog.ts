import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogRepository, CategoryRecord, ProductRecord, VariantRecord } from '#domain/catalog/ports.js';
import { batchGetAll, conditionalTransaction, conditionalWrite, ddb, type TransactItem, tableName } from './client.js';
import { INDEX_SHARDS } from './index-shards.js';
import * as keys from './keys.js';
import { compareSortValues, type IndexKey, mergedPage, type PositionCodec, readAllShards } from './sharded-query.js';
import { toVariant } from './variants.js';

const categoryItem = (c: CategoryRecord) => ({
  ...keys.category(c.id), ...keys.categoriesIndex(c.slug), entity: 'Category',
  id: c.id, name: c.name, slug: c.slug, parentId: c.parentId, parentKey: c.parentId ?? 'ROOT', productCount: c.productCount, childCount: c.childCount, createdAt: c.createdAt,
});

const toCategory = (item: Record<string, unknown>): CategoryRecord => ({
  id: item.id as string,
  name: item.name as string,
  slug: item.slug as string,
  parentId: (item.parentId as string | null | undefined) ?? null,
  productCount: (item.productCount as number | undefined) ?? 0,
  childCount: (item.childCount as number | undefined) ?? 0,
  createdAt: item.createdAt as string,
});

const productItem = (p: ProductRecord) => ({
  ...keys.product(p.id), ...keys.catalogIndexProduct(p.id), entity: 'Product', ...p, brand: p.brand ?? undefined,
});

const toProduct = (item: Record<string, unknown>): ProductRecord => ({
  id: item.id as string,
  name: item.name as string,
  slug: item.slug as string,
  description: item.description as string,
  brand: (item.brand as string | undefined) ?? null,
  categoryIds: (item.categoryIds as string[] | undefined) ?? [],
  images: (item.images as string[] | undefined) ?? [],
  status: item.status as ProductRecord['status'],
  skus: (item.skus as string[] | undefined) ?? [],
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

const variantItem = (v: VariantRecord, product: ProductRecord) => ({
  ...keys.variant(v.sku), ...keys.catalogIndexVariant(v.productId, v.sku), entity: 'Variant',
  ...(product.status === 'active' ? keys.inventoryIndex(v.productId) : {}),
  sku: v.sku, productId: v.productId, productName: product.name, productStatus: product.status, attributes: v.attributes,
  priceCents: v.priceCents, weightGrams: v.weightGrams, heightCm: v.heightCm, widthCm: v.widthCm, lengthCm: v.lengthCm, ncm: v.ncm, stock: v.stock, orderedUnits: v.orderedUnits,
});

/** Category counter change; the condition makes a vanished category fail the whole transaction. */
const counter = (categoryId: string, field: 'productCount' | 'childCount', by: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.category(categoryId),
    UpdateExpression: `ADD ${field} :by`,
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':by': by },
  },
});

const putUnique = (key: { PK: string; SK: string }, owner: Record<string, unknown>): TransactItem => ({
  Put: { TableName: tableName, Item: { ...key, entity: 'Unique', ...owner }, ConditionExpression: 'attribute_not_exists(PK)' },
});

const deleteKey = (key: { PK: string; SK: string }): TransactItem => ({ Delete: { TableName: tableName, Key: key } });

/** One page of one GSI1 partition. */
async function queryGsi1Page(partition: string, start: IndexKey | undefined) {
  const page = await ddb.send(new QueryCommand({
    TableName: tableName,
    IndexName: keys.GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': partition },
    ExclusiveStartKey: start,
  }));
  return { items: page.Items ?? [], next: page.LastEvaluatedKey };
}

/** Every item of one GSI1 partition, page by page (small partitions, or background jobs only). */
async function queryGsi1(partition: string): Promise<Record<string, unknown>[]> {
  const [items] = await readAllShards(1, (_shard, start) => queryGsi1Page(partition, start));
  return items ?? [];
}

/** Every item of the `CATALOG#<n>` shards, in GSI1SK order (as the one CATALOG partition gave them). */
async function queryCatalog(): Promise<Record<string, unknown>[]> {
  const shards = await readAllShards(INDEX_SHARDS, (shard, start) => queryGsi1Page(keys.catalogPartition(shard), start));
  return shards.flat().sort((a, b) => compareSortValues(a.GSI1SK as string, b.GSI1SK as string));
}

/** A variant's place in an `INVENTORY#<n>` shard of GSI4: `[stock, sku]`. */
const inventoryPosition: PositionCodec<Record<string, unknown>> = {
  encode: (item) => [item.stock, item.sku],
  decode: (value, shard) => {
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [stock, sku] = value as unknown[];
    if (typeof stock !== 'number' || !Number.isInteger(stock) || typeof sku !== 'string' || !sku) return undefined;
    return { ...keys.variant(sku), GSI4PK: keys.inventoryPartition(shard), stock };
  },
};

async function getVariants(skus: string[], consistent?: boolean): Promise<VariantRecord[]> {
  return (await batchGetAll(skus.map((sku) => keys.variant(sku)), { consistent })).map(toVariant);
}

export const catalogRepository: CatalogRepository = {
  async listCategories() {
    return (await queryGsi1(keys.categoriesPartition)).map(toCategory);
  },

  async getCategory(id) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.category(id) }));
    return Item ? toCategory(Item) : undefined;
  },

  async createCategory(category) {
    const items: TransactItem[] = [
      putUnique(keys.categorySlug(category.slug), { categoryId: category.id }),
      { Put: { TableName: tableName, Item: categoryItem(category), ConditionExpression: 'attribute_not_exists(PK)' } },
    ];
    if (category.parentId) items.push(counter(category.parentId, 'childCount', 1));
    const result = await conditionalTransaction({ TransactItems: items });
    if (result.ok) return result;
    return { ok: false, reason: result.failedIndex === 0 ? 'slug-taken' : 'parent-missing' };
  },

  async updateCategory(previous, next) {
    const items: TransactItem[] = [{
      Update: {
        TableName: tableName,
        Key: keys.category(previous.id),
        UpdateExpression: 'SET #name = :name, slug = :slug, parentId = :parentId, parentKey = :parentKey, GSI1SK = :slug',
        // Optimistic check: the tree checks were made against this parent and slug.
        ConditionExpression: 'attribute_exists(PK) AND slug = :prevSlug AND parentKey = :prevParentKey',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':name': next.name, ':slug': next.slug, ':parentId': next.parentId, ':parentKey': next.parentId ?? 'ROOT',
          ':prevSlug': previous.slug, ':prevParentKey': previous.parentId ?? 'ROOT',
        },
      },
    }];
    let slugIndex = -1;
    if (next.slug !== previous.slug) {
      slugIndex = items.push(putUnique(keys.categorySlug(next.slug), { categoryId: next.id })) - 1;
      items.push(deleteKey(keys.categorySlug(previous.slug)));
    }
    let parentIndex = -1;
    if (next.parentId !== previous.parentId) {
      if (next.parentId) parentIndex = items.push(counter(next.parentId, 'childCount', 1)) - 1;
      if (previous.parentId) items.push(counter(previous.parentId, 'childCount', -1));
    }
    const result = await conditionalTransaction({ TransactItems: items });
    if (result.ok) return result;
    if (result.failedIndex === slugIndex) return { ok: false, reason: 'slug-taken' };
    if (result.failedIndex === parentIndex) return { ok: false, reason: 'parent-missing' };
    return { ok: false, reason: 'changed-concurrently' };
  },

  async deleteCategory(id) {
    const category = await this.getCategory(id);
    if (!category) return { ok: false, reason: 'not-found' };
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: tableName,
          Key: keys.category(id),
          // Products and children hold counters on the category, so this is race-free.
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(productCount) OR productCount = :zero) AND (attribute_not_exists(childCount) OR childCount = :zero)',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      deleteKey(keys.categorySlug(category.slug)),
    ];
    if (category.parentId) {
      items.push({
        Update: { TableName: tableName, Key: keys.category(category.parentId), UpdateExpression: 'ADD childCount :by', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':by': -1 } },
      });
    }
    const result = await conditionalTransaction({ TransactItems: items });
    if (result.ok) return result;
    return { ok: false, reason: result.failedIndex === 0 ? 'in-use' : 'not-found' };
  },

  async getProduct(id, options = {}) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.product(id), ConsistentRead: options.consistent }));
    if (!Item) return undefined;
    const product = toProduct(Item);
    return { product, variants: await getVariants(product.skus, options.consistent) };
  },

  async createProduct(product, variants) {
    const items: TransactItem[] = [
      putUnique(keys.productSlug(product.slug), { productId: product.id }),
      ...variants.map((v): TransactItem => ({
        Put: { TableName: tableName, Item: variantItem(v, product), ConditionExpression: 'attribute_not_exists(PK)' },
      })),
      ...product.categoryIds.map((c) => counter(c, 'productCount', 1)),
      { Put: { TableName: tableName, Item: productItem(product), ConditionExpression: 'attribute_not_exists(PK)' } },
    ];
    const result = await conditionalTransaction({ TransactItems: items });
    if (result.ok) return result;
    if (result.failedIndex === 0) return { ok: false, reason: 'slug-taken' };
    if (result.failedIndex <= variants.length) return { ok: false, reason: 'sku-taken' };
    return { ok: false, reason: 'category-missing' };
  },

  async updateProduct(previous, next, changes) {
    const items: TransactItem[] = [{
      Put: {
        TableName: tableName,
        Item: productItem(next),
        // Optimistic concurrency: nobody changed the product since we read it.
        ConditionExpression: 'attribute_exists(PK) AND updatedAt = :prev',
        ExpressionAttributeValues: { ':prev': previous.updatedAt },
      },
    }];
    let slugIndex = -1;
    if (next.slug !== previous.slug) {
      slugIndex = items.push(putUnique(keys.productSlug(next.slug), { productId: next.id })) - 1;
      items.push(deleteKey(keys.productSlug(previous.slug)));
    }
    const inventory = next.status === 'active'
      ? { set: ', GSI4PK = :inventory', remove: '', values: { ':inventory': keys.inventoryIndex(next.id).GSI4PK } }
      : { set: '', remove: ' REMOVE GSI4PK', values: {} };
    for (const v of changes.updated) {
      items.push({
        Update: {
          TableName: tableName,
          Key: keys.variant(v.sku),
          UpdateExpression: `SET attributes = :attributes, priceCents = :price, weightGrams = :weight, heightCm = :height, widthCm = :width, lengthCm = :length, ncm = :ncm, productName = :name, productStatus = :status${inventory.set}${inventory.remove}`,
          ConditionExpression: 'productId = :productId',
          ExpressionAttributeValues: {
            ':attributes': v.attributes, ':price': v.priceCents, ':weight': v.weightGrams, ':height': v.heightCm, ':width': v.widthCm, ':length': v.lengthCm, ':ncm': v.ncm, ':name': next.name, ':status': next.status, ':productId': next.id, ...inventory.values,
          },
        },
      });
    }
    const firstAdded = items.length;
    for (const v of changes.added) {
      items.push({ Put: { TableName: tableName, Item: variantItem(v, next), ConditionExpression: 'attribute_not_exists(PK)' } });
    }
    const firstCategory = items.length;
    const removed = previous.categoryIds.filter((c) => !next.categoryIds.includes(c));
    const added = next.categoryIds.filter((c) => !previous.categoryIds.includes(c));
    items.push(...added.map((c) => counter(c, 'productCount', 1)), ...removed.map((c) => counter(c, 'productCount', -1)));
    const result = await conditionalTransaction({ TransactItems: items });
    if (result.ok) return result;
    const i = result.failedIndex;
    if (i === slugIndex) return { ok: false, reason: 'slug-taken' };
    if (i >= firstAdded && i < firstCategory) return { ok: false, reason: 'sku-taken' };
    if (i >= firstCategory && i < firstCategory + added.length) return { ok: false, reason: 'category-missing' };
    return { ok: false, reason: 'changed-concurrently' };
  },

  async deleteProduct(product) {
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: tableName,
          Key: keys.product(product.id),
          ConditionExpression: 'attribute_exists(PK) AND updatedAt = :prev',
          ExpressionAttributeValues: { ':prev': product.updatedAt },
        },
      },
      deleteKey(keys.productSlug(product.slug)),
      ...product.skus.map((sku): TransactItem => ({
        Delete: {
          TableName: tableName,
          Key: keys.variant(sku),
          // Orders bump orderedUnits in the same transaction that reserves stock; stock on hand must be sold or written off first.
          ConditionExpression: '(attribute_not_exists(orderedUnits) OR orderedUnits = :zero) AND (attribute_not_exists(stock) OR stock = :zero)',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      })),
      ...product.categoryIds.map((c): TransactItem => ({
        Update: { TableName: tableName, Key: keys.category(c), UpdateExpression: 'ADD productCount :by', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':by': -1 } },
      })),
    ];
    const result = await conditionalTransaction({ TransactItems: items });
    if (result.ok) return result;
    return { ok: false, reason: result.failedIndex >= 2 && result.failedIndex < 2 + product.skus.length ? 'in-use' : 'changed-concurrently' };
  },

  async stockBySku(skus) {
    const items = await batchGetAll([...new Set(skus)].map((sku) => keys.variant(sku)), { consistent: true, projection: 'sku, stock' });
    return new Map(items.map((item) => [item.sku as string, (item.stock as number | undefined) ?? 0]));
  },

  async changeStockBySku(sku, change) {
    const absolute = 'stock' in change;
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.variant(sku),
      UpdateExpression: absolute ? 'SET stock = :value' : 'SET stock = stock + :value',
      ConditionExpression: absolute ? 'attribute_exists(PK)' : 'attribute_exists(PK) AND stock >= :minimum',
      ExpressionAttributeValues: absolute ? { ':value': change.stock } : { ':value': change.delta, ':minimum': Math.max(0, -change.delta) },
      ReturnValues: 'ALL_OLD',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (outcome.ok) {
      const previousStock = (outcome.attributes?.stock as number | undefined) ?? 0;
      return { ok: true, previousStock, stock: absolute ? change.stock : previousStock + change.delta };
    }
    if (!outcome.old) return { ok: false, reason: 'not-found' };
    return { ok: false, reason: 'insufficient', available: outcome.old.stock as number };
  },

  async changeStock(productId, sku, change) {
    const absolute = 'stock' in change;
    const outcome = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.variant(sku),
      UpdateExpression: absolute ? 'SET stock = :value' : 'SET stock = stock + :value',
      ConditionExpression: absolute ? 'productId = :productId' : 'productId = :productId AND stock >= :minimum',
      ExpressionAttributeValues: absolute
        ? { ':value': change.stock, ':productId': productId }
        : { ':value': change.delta, ':productId': productId, ':minimum': Math.max(0, -change.delta) },
      ReturnValues: 'UPDATED_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    })));
    if (outcome.ok) return { ok: true, stock: outcome.attributes?.stock as number };
    if (!outcome.old || outcome.old.productId !== productId) return { ok: false, reason: 'not-found' };
    return { ok: false, reason: 'insufficient', available: outcome.old.stock as number };
  },

  async lowStock(threshold, limit, cursor) {
    const page = await mergedPage({
      shards: INDEX_SHARDS, limit, cursor, ascending: true,
      query: `GSI4 INVENTORY ${threshold}`,
      sortValue: (item) => item.stock as number,
      position: inventoryPosition,
      fetch: async (shard, start, n) => {
        const result = await ddb.send(new QueryCommand({
          TableName: tableName,
          IndexName: keys.GSI4,
          KeyConditionExpression: 'GSI4PK = :pk AND stock <= :threshold',
          ExpressionAttributeValues: { ':pk': keys.inventoryPartition(shard), ':threshold': threshold },
          Limit: n,
          ExclusiveStartKey: start,
        }));
        return { items: result.Items ?? [], next: result.LastEvaluatedKey };
      },
    });
    return {
      items: page.items.map((i) => ({ productId: i.productId as string, sku: i.sku as string, name: i.productName as string, stock: i.stock as number })),
      nextCursor: page.nextCursor,
    };
  },

  async readWholeCatalog() {
    const [categoryItems, catalogItems] = await Promise.all([
      queryGsi1(keys.categoriesPartition),
      queryCatalog(),
    ]);
    return {
      categories: categoryItems.map(toCategory),
      products: catalogItems.filter((i) => i.entity === 'Product').map(toProduct),
      variants: catalogItems.filter((i) => i.entity === 'Variant').map(toVariant),
    };
  },
};
