/**
 * `npm run reports:check`: recomputes every sales aggregate from the orders and payments
 * (lambdas/domain/reports/recompute.ts, the stream consumer's own facts and increments) and compares
 * it with the stored aggregates, figure by figure; exit 1 on any difference, each printed.
 *
 * `npm run reports:rebuild`: writes the recomputation over the stored aggregates (for a migration
 * or a drift the check found): every aggregate item is replaced, items with no recomputed figures are
 * deleted, and every fact's marker is written so a later replay of the stream counts nothing twice.
 * New customers are not recomputable (deleted accounts leave no profile): the stored figures are kept.
 * Pause the stream consumer while it runs (docs/reports.md "Rebuild and check").
 *
 * Both read the whole table (a Scan): an operator's tool, never a request path.
 * Local stack by default; `AWS_REGION=... TABLE_NAME=...` for a stage.
 */
import './local-table-env.js';
import { BatchWriteCommand, type BatchWriteCommandOutput, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';

const { ddb, tableName } = await import('../lambdas/adapters/dynamodb/client.js');
const keys = await import('../lambdas/adapters/dynamodb/keys.js');
const { primaryCategories } = await import('../lambdas/adapters/dynamodb/reports.js');
const { AggregateTotals, differences, factsFromRecords } = await import('../lambdas/domain/reports/recompute.js');
const { contributions } = await import('../lambdas/domain/reports/facts.js');
const { storeDay } = await import('../lambdas/domain/reports/days.js');
type OrderRecord = import('../lambdas/domain/orders/ports.js').OrderRecord;
type PaymentRecord = import('../lambdas/domain/payments/records.js').PaymentRecord;
type Item = Record<string, unknown>;

const mode = process.argv[2];
const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
/** Only the São Paulo days from..to (both included), when given. */
const from = option('from') ?? '0000-00-00';
const to = option('to') ?? '9999-99-99';
if ((mode !== 'check' && mode !== 'rebuild') || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
  console.error('usage: tsx scripts/reports.ts check|rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD]');
  process.exit(2);
}
const inRange = (day: string) => day >= from && day <= to;

async function scan(entities: string[]): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  const values = Object.fromEntries(entities.map((e, i) => [`:e${i}`, e]));
  do {
    const page: ScanCommandOutput = await ddb.send(new ScanCommand({
      TableName: tableName, ExclusiveStartKey: start,
      FilterExpression: `entity IN (${Object.keys(values).join(', ')})`, ExpressionAttributeValues: values,
    }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const records = await scan(['Order', 'Payment', 'SalesAggregate']);
const orders = records.filter((i) => i.entity === 'Order') as unknown as OrderRecord[];
const paymentsByOrder = new Map<string, PaymentRecord[]>();
for (const p of records.filter((i) => i.entity === 'Payment') as unknown as PaymentRecord[]) {
  paymentsByOrder.set(p.orderId, [...(paymentsByOrder.get(p.orderId) ?? []), p]);
}
const categories = await primaryCategories([...new Set(orders.flatMap((o) => o.items.map((l) => l.productId)))]);

const everyDay = new AggregateTotals();
for (const order of orders) everyDay.addOrder(order, paymentsByOrder.get(order.id) ?? [], categories);
const recomputed = new AggregateTotals();
for (const item of everyDay.items.values()) if (inRange(item.day)) recomputed.add(item.day, [{ ...item, dimension: item.dimension as never }]);

const storedItems = records.filter((i) => i.entity === 'SalesAggregate' && inRange(i.day as string));
const stored = new AggregateTotals();
for (const item of storedItems) {
  const { entity: _e, PK: _pk, SK: _sk, day, dimension, value, label, ...counters } = item;
  stored.add(day as string, [{ dimension: dimension as never, value: value as string, label: label as string, counters: counters as never }]);
}

if (mode === 'check') {
  const found = differences(recomputed.items, stored.items);
  for (const d of found) console.log(`DIFF ${d.key} ${d.counter}: stored ${d.actual}, recomputed ${d.expected}`);
  console.log(`${orders.length} order(s), ${recomputed.items.size} recomputed aggregate item(s), ${found.length} difference(s)`);
  process.exit(found.length ? 1 : 0);
}

// Rebuild: new customers carried over from the stored store items, per day.
for (const item of stored.items.values()) {
  if (item.dimension !== 'store' || !item.counters.newCustomers) continue;
  recomputed.add(item.day, [{ dimension: 'store', value: '', label: 'Store', counters: { newCustomers: item.counters.newCustomers } }]);
}
const puts: Item[] = [];
for (const item of recomputed.items.values()) {
  const key = item.dimension === 'store' ? keys.storeSalesDay(0, item.day) : keys.dimensionSalesDay(item.dimension, item.day, item.value);
  puts.push({ ...key, entity: 'SalesAggregate', day: item.day, dimension: item.dimension, value: item.value, label: item.label, ...item.counters });
}
const kept = new Set(puts.map((p) => `${p.PK}|${p.SK}`));
const deletes = storedItems.filter((i) => !kept.has(`${i.PK}|${i.SK}`)).map((i) => ({ PK: i.PK, SK: i.SK }));
const markers: Item[] = [];
for (const order of orders) {
  for (const fact of factsFromRecords(order, paymentsByOrder.get(order.id) ?? [])) {
    const parts = Math.max(1, Math.ceil(contributions(fact, order, categories).length / 98));
    const day = storeDay(fact.at);
    if (!inRange(day)) continue;
    for (let part = 0; part < parts; part++) markers.push({ ...keys.reportFact(fact.id, part), entity: 'ReportFact', day });
  }
}
const requests = [
  ...deletes.map((Key) => ({ DeleteRequest: { Key } })),
  ...[...puts, ...markers].map((Item) => ({ PutRequest: { Item } })),
];
for (let i = 0; i < requests.length; i += 25) {
  let pending: unknown[] | undefined = requests.slice(i, i + 25);
  while (pending?.length) {
    const result: BatchWriteCommandOutput = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
    pending = result.UnprocessedItems?.[tableName];
  }
}
console.log(`rebuilt ${puts.length} aggregate item(s) from ${orders.length} order(s), deleted ${deletes.length}, wrote ${markers.length} fact marker(s)`);
