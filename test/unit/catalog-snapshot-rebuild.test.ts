/**
 * The stream consumer that rebuilds the search snapshot: stock counts alone (orders, stock
 * adjustments, the flash sale) do not rebuild it; anything else, and a variant selling out or
 * coming back, does. The table and S3 are replaced by fakes that count the rebuilds.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import * as keys from '#adapters/dynamodb/keys.js';
import { lambdaContext } from '../../local/handlers.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const mockReadWholeCatalog = jest.fn(async () => ({ categories: [], products: [], variants: [] }));
const mockPublishSnapshot = jest.fn(async () => 'published');
// No snapshot yet: every refresh is a rebuild from the whole catalog (patches: test/unit/catalog-snapshot-patch.test.ts).
jest.mock('#adapters/dynamodb/catalog.js', () => ({ catalogRepository: { readWholeCatalog: mockReadWholeCatalog } }));
jest.mock('#adapters/storage/catalog-snapshot.js', () => ({ snapshotStore: { latest: async () => undefined, publish: mockPublishSnapshot } }));

/** A Variant item as the catalog adapter writes it. */
const variantItem = (changes: Record<string, unknown> = {}) => ({
  PK: 'SKU#CAM-1', SK: 'VARIANT', ...keys.catalogIndexVariant('p1', 'CAM-1'), ...keys.inventoryIndex('p1'), entity: 'Variant',
  sku: 'CAM-1', productId: 'p1', productName: 'Camiseta Azul', productStatus: 'active', attributes: { cor: 'Azul', tamanho: 'M' },
  priceCents: 4990, weightGrams: 250, stock: 10, orderedUnits: 3, ...changes,
});
const productItem = (changes: Record<string, unknown> = {}) => ({
  PK: 'PRODUCT#p1', SK: 'PRODUCT', ...keys.catalogIndexProduct('p1'), entity: 'Product', id: 'p1', name: 'Camiseta Azul', slug: 'camiseta-azul',
  description: '<p>Algodão</p>', categoryIds: ['c1'], images: [], status: 'active', skus: ['CAM-1'], createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
  ...changes,
});

const record = (before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): DynamoDBRecord => ({
  eventName: before && after ? 'MODIFY' : after ? 'INSERT' : 'REMOVE',
  dynamodb: {
    ...(before ? { OldImage: marshall(before) as never } : {}),
    ...(after ? { NewImage: marshall(after) as never } : {}),
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});
const stream = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** How many times the handler rebuilt the snapshot for this event. */
async function rebuilds(event: DynamoDBStreamEvent | ScheduledEvent): Promise<number> {
  const { handler } = await import('#handlers/catalog/rebuild-snapshot.js');
  mockReadWholeCatalog.mockClear();
  mockPublishSnapshot.mockClear();
  await handler(event, lambdaContext('catalog/rebuild-snapshot'));
  expect(mockPublishSnapshot).toHaveBeenCalledTimes(mockReadWholeCatalog.mock.calls.length);
  return mockReadWholeCatalog.mock.calls.length;
}

// What orders, expiries, the flash sale and stock adjustments do to a variant that stays in stock.
const stockOnly = [
  record(variantItem(), variantItem({ stock: 8, orderedUnits: 5 })), // an order of 2
  record(variantItem({ stock: 8 }), variantItem({ stock: 10 })), // an expired order gives its units back
  record(variantItem(), variantItem({ orderedUnits: 4 })), // a flash-sale order
  record(variantItem(), variantItem({ stock: 250 })), // an admin restock
  record(variantItem({ stock: 0 }), variantItem({ stock: 0, orderedUnits: 4 })), // still sold out
];

describe('catalog snapshot rebuild', () => {
  it('does not rebuild for a batch of stock counts only', async () => {
    expect(await rebuilds(stream(...stockOnly))).toBe(0);
  });

  it('does not mistake the same attributes in another order for a change', async () => {
    const reordered = { ...variantItem({ stock: 9 }), attributes: { tamanho: 'M', cor: 'Azul' } };
    expect(await rebuilds(stream(record(variantItem(), reordered)))).toBe(0);
  });

  it.each([
    ['a variant selling out', record(variantItem({ stock: 2 }), variantItem({ stock: 0, orderedUnits: 5 }))],
    ['a sold-out variant coming back', record(variantItem({ stock: 0 }), variantItem({ stock: 12 }))],
    ['a price change', record(variantItem(), variantItem({ priceCents: 3990 }))],
    ['a price change together with a stock change', record(variantItem(), variantItem({ priceCents: 3990, stock: 9 }))],
    ['an attribute change', record(variantItem(), variantItem({ attributes: { cor: 'Verde', tamanho: 'M' } }))],
    ['a new variant', record(undefined, variantItem())],
    ['a deleted variant', record(variantItem(), undefined)],
    ['a product rename', record(productItem(), productItem({ name: 'Camiseta Azul-marinho', updatedAt: '2026-11-02T00:00:00.000Z' }))],
    ['a product archived', record(productItem(), productItem({ status: 'archived', updatedAt: '2026-11-02T00:00:00.000Z' }))],
    ['a category rename', record({ entity: 'Category', id: 'c1', name: 'Roupas' }, { entity: 'Category', id: 'c1', name: 'Moda' })],
  ])('rebuilds once for %s, even among stock-only records', async (_label, change) => {
    expect(await rebuilds(stream(change))).toBe(1);
    expect(await rebuilds(stream(...stockOnly, change, ...stockOnly))).toBe(1);
  });

  it('always rebuilds on the schedule', async () => {
    const scheduled = {
      version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '000000000000', time: '2026-11-23T00:15:00Z',
      region: 'local', resources: ['arn:aws:events:local:000000000000:rule/catalog-snapshot-refresh'], detail: {},
    } as ScheduledEvent;
    expect(await rebuilds(scheduled)).toBe(1);
  });
});
