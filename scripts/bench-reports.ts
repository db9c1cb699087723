/**
 * `npm run bench:reports`: the sales reports on a large history (issues 14 and 18). A fresh local
 * stack (default catalog of 300 products) whose table stream feeds the sales-aggregates consumer
 * only (LOCAL_STREAM_SUBSCRIPTIONS: in AWS that consumer is a Lambda of its own, with its own CPU);
 * N orders over D São Paulo days written the way the order path leaves them — the order placed with
 * its Pix or card payment pending, then paid (or expired, or cancelled unpaid; some paid ones later
 * refunded) — as real Order, Payment and User items, in bulk with BatchWriteItem straight to DynamoDB
 * Local. The real stream consumer then builds the aggregates from those items' stream records; the
 * clock runs from the first write until the whole-store aggregates hold every expected fact. Then:
 * `reports:check` against the aggregates, the latency of the report routes (30 and 90 days, JSON and
 * CSV) and the admin dashboard's ready time in headless Chromium (login submit → every chart drawn,
 * `data-charts-drawn`). `--write` puts the results into docs/benchmarks.md (section 11).
 * `npm run bench:reports -- --help` lists the options.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand, type ScanCommandOutput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  adminToken, call, cli, cpuLine, cpuMeter, errorLines, intFlag, log, machineLine, num, percentile, ROOT, secs, sleep,
  startStack, table, timeCommand, TSX_CLI, waitForQuiet, writeSection,
} from './bench-lib.js';

const flags = cli('Usage: npm run bench:reports -- [options]\n\nN orders over D days ingested through the sales-aggregates stream consumer; its ingest rate next to DynamoDB Local\'s raw\nrates, reports:check, report latency (30/90 days, JSON/CSV) and the dashboard ready time in headless Chromium.\nThe consumer counts ~20-40 orders/s on this 2-core machine: 100,000 orders take about an hour of ingest.', {
  orders: { type: 'string', default: '100000', help: 'orders written (and counted by the consumer)' },
  days: { type: 'string', default: '90', help: 'São Paulo days the orders spread over (ending today)' },
  customers: { type: 'string', default: '', help: 'distinct customers (User profiles written; default orders ÷ 20, at most 5,000)' },
  writers: { type: 'string', default: '4', help: 'concurrent BatchWriteItem calls' },
  samples: { type: 'string', default: '20', help: 'measured requests per report case (after 2 warm-ups)' },
  'dashboard-runs': { type: 'string', default: '5', help: 'dashboard logins measured (each on a new page: a new session)' },
  'skip-browser': { type: 'boolean', help: 'no dashboard measurement' },
  write: { type: 'boolean', help: 'write the results section of docs/benchmarks.md' },
});

const ORDERS = intFlag(flags.orders, 'orders');
const DAYS = intFlag(flags.days, 'days');
const CUSTOMERS = flags.customers ? intFlag(flags.customers, 'customers') : Math.max(1, Math.min(5_000, Math.floor(ORDERS / 20)));
const WRITERS = intFlag(flags.writers, 'writers');
const SAMPLES = intFlag(flags.samples, 'samples');
const DASHBOARD_RUNS = intFlag(flags['dashboard-runs'], 'dashboard-runs', 0);
const DOC = path.join(ROOT, 'docs/benchmarks.md');
const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;

type Item = Record<string, unknown>;

// A deterministic generator (mulberry32), so two runs of one size write the same history.
let seed = 20_261_203;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
/** UFs weighted roughly by e-commerce share. */
const STATES = [...Array(30).fill('SP'), ...Array(10).fill('RJ'), ...Array(10).fill('MG'), ...Array(6).fill('PR'), ...Array(6).fill('RS'), ...Array(5).fill('SC'),
  ...Array(4).fill('BA'), ...Array(3).fill('DF'), ...Array(3).fill('GO'), ...Array(3).fill('PE'), 'CE', 'PA', 'ES', 'MT', 'MS', 'AM', 'RN', 'PB', 'AL', 'PI', 'MA', 'SE', 'RO', 'TO', 'AC', 'AP', 'RR'] as const;

interface Expected { placed: number; paid: number; refunds: number; expired: number; cancelled: number; pixCharges: number; newCustomers: number }
const COUNTERS: Record<keyof Expected, string> = {
  placed: 'placedOrders', paid: 'paidOrders', refunds: 'refunds', expired: 'expiredOrders', cancelled: 'cancelledOrders', pixCharges: 'pixCharges', newCustomers: 'newCustomers',
};

log(`starting a local stack (sales-aggregates the only stream consumer)...`);
const stack = await startStack({ env: { LOCAL_STREAM_SUBSCRIPTIONS: 'sales-aggregates', LOG_LEVEL: 'ERROR' } });
try {
  Object.assign(process.env, { TABLE_NAME: stack.info.tableName, DYNAMODB_ENDPOINT: stack.info.dynamodb, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  const keys = await import('../lambdas/adapters/dynamodb/keys.js');
  const { orderItem } = await import('../lambdas/adapters/dynamodb/order-writes.js');
  const { storeDay } = await import('../lambdas/domain/reports/days.js');
  type OrderRecord = import('../lambdas/domain/orders/ports.js').OrderRecord;
  type PaymentRecord = import('../lambdas/domain/payments/records.js').PaymentRecord;

  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.info.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const TABLE = stack.info.tableName;

  /** BatchWriteItem of up to 25 puts, unprocessed items sent again. */
  async function batchPut(items: Item[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
      requests = (out.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
      if (requests.length > 0) await sleep(Math.min(1_000, 50 * 2 ** attempt));
    }
  }
  /** Runs the groups of puts (each group's batches in order, ≤ 25 items each) on WRITERS concurrent writers. */
  async function writeGroups(groups: Item[][][]): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      while (next < groups.length) {
        const group = groups[next++];
        for (const batch of group) await batchPut(batch);
      }
    }));
  }

  // --- the catalog: every variant of an active product (the default seed) ---
  const variants: Item[] = [];
  for (let start: Item | undefined, first = true; first || start; first = false) {
    const page: ScanCommandOutput = await doc.send(new ScanCommand({
      TableName: TABLE, ExclusiveStartKey: start, FilterExpression: 'entity = :v AND productStatus = :active', ExpressionAttributeValues: { ':v': 'Variant', ':active': 'active' },
    }));
    variants.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  }
  variants.sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
  if (variants.length === 0) throw new Error('no active variants in the seeded catalog');
  log(`${variants.length} variants of the seeded catalog`);

  // --- DynamoDB Local's raw rates in this run (nothing subscribed reads these items) ---
  await waitForQuiet(60_000);
  const RAW_ITEMS = 20_000;
  const rawCpu = cpuMeter(stack);
  const rawStarted = performance.now();
  const rawPad = 'x'.repeat(900); // about the size of an order item (~1 KB)
  await writeGroups(Array.from({ length: RAW_ITEMS / 25 }, (_, b) => [Array.from({ length: 25 }, (_, i) => ({ PK: `BENCHRAW#${b * 25 + i}`, SK: 'RAW', pad: rawPad }))]));
  const rawBatchMs = performance.now() - rawStarted;
  const rawBatchCpu = rawCpu();
  // The consumer's own write: one transaction per fact (a marker Put + its increments), one after the other.
  const TX_SECONDS = 15;
  const txCpu = cpuMeter(stack);
  const txStarted = performance.now();
  let rawTx = 0;
  while (performance.now() - txStarted < TX_SECONDS * 1000) {
    const day = `2026-01-${String((rawTx % 28) + 1).padStart(2, '0')}`;
    await doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { PK: `BENCHRAW#FACT#${rawTx}`, SK: 'FACT' }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ...Array.from({ length: 11 }, (_, i) => ({
          Update: {
            TableName: TABLE, Key: { PK: `BENCHRAW#AGG#${day}#${i % 4}`, SK: `value-${i}-${rawTx % 50}` },
            UpdateExpression: 'SET #day = :day ADD paidOrders :one, paidCents :cents, units :one', ExpressionAttributeNames: { '#day': 'day' },
            ExpressionAttributeValues: { ':day': day, ':one': 1, ':cents': 12_345 },
          },
        })),
      ],
    }));
    rawTx++;
  }
  const rawTxMs = performance.now() - txStarted;
  const rawTxCpu = txCpu();
  const rawItemsPerSec = RAW_ITEMS / (rawBatchMs / 1000);
  const rawTxPerSec = rawTx / (rawTxMs / 1000);
  log(`raw: BatchWriteItem ${num(rawItemsPerSec)} items/s; sale-shaped TransactWriteItems (12 items, one writer) ${num(rawTxPerSec, 1)} tx/s`);

  // --- the history ---
  const now = Date.now();
  const todaySp = storeDay(new Date(now).toISOString());
  /** Order creation times: uniform over the last DAYS days, at least 2 h ago (so its payment and refund are in the past). */
  const firstMs = now - DAYS * DAY_MS + 3 * 3_600_000;
  const lastMs = now - 2 * 3_600_000;
  const expected: Expected = { placed: 0, paid: 0, refunds: 0, expired: 0, cancelled: 0, pixCharges: 0, newCustomers: 0 };
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => {
    const createdAt = new Date(firstMs - 30 * DAY_MS + random() * (lastMs - firstMs + 30 * DAY_MS)).toISOString();
    return { id: `bench-customer-${i}`, name: `Cliente ${i}`, state: pick(STATES), createdAt };
  });
  const userItems = customers.map((c) => ({
    ...keys.user(c.id), entity: 'User', userId: c.id, email: `${c.id}@example.com`, name: c.name, phone: null, createdAt: c.createdAt, updatedAt: c.createdAt, addressCount: 0,
  }));
  expected.newCustomers = CUSTOMERS;

  /** One order's successive versions as the order path writes them: [placed (+ payment pending)], [final], [refund]. */
  function history(i: number): Item[][] {
    const customer = customers[Math.floor(random() ** 1.5 * CUSTOMERS)];
    const createdMs = firstMs + random() * (lastMs - firstMs);
    const at = (ms: number) => new Date(ms).toISOString();
    const createdAt = at(createdMs);
    const lineCount = 1 + Math.floor(random() * random() * 3);
    const chosen = new Map<string, Item>();
    while (chosen.size < Math.min(lineCount, variants.length)) {
      const v = variants[Math.floor(random() ** 2 * variants.length)]; // a few best sellers
      chosen.set(String(v.sku), v);
    }
    const items = [...chosen.values()].map((v) => {
      const quantity = 1 + Math.floor(random() * random() * 3);
      const unitPriceCents = Number(v.priceCents);
      return { sku: String(v.sku), productId: String(v.productId), name: String(v.productName), attributes: (v.attributes ?? {}) as Record<string, string>, quantity, unitPriceCents, lineTotalCents: unitPriceCents * quantity };
    });
    const subtotalCents = items.reduce((s, l) => s + l.lineTotalCents, 0);
    const shippingCents = 1_490 + Math.floor(random() * 2_000);
    const id = `BENCH${String(i).padStart(7, '0')}`;
    const placed: OrderRecord = {
      id, customerId: customer.id, status: 'PENDING_PAYMENT', items, subtotalCents, discountCents: 0, shippingCents, totalCents: subtotalCents + shippingCents, coupon: null,
      address: { id: `addr-${customer.id}`, label: 'Casa', recipient: customer.name, street: 'Rua das Flores', number: String(1 + (i % 900)), district: 'Centro', city: 'Cidade', state: customer.state, cep: '01310-100' } as OrderRecord['address'],
      // Due a day after the run starts: the stack's expiry sweeper (every minute) must not expire an order
      // between its placed and final writes, which are seconds apart on a loaded machine.
      shipping: null, paymentDeadline: at(now + DAY_MS), carrier: null, trackingCode: null, flashSaleId: null, flashSale: null,
      timeline: [{ status: 'PENDING_PAYMENT', at: createdAt, description: 'Pedido recebido' }], correlationId: `bench-${i}`, createdAt, updatedAt: createdAt,
    };
    expected.placed++;
    const roll = random();
    const versions: Item[][] = [];
    if (roll >= 0.85) {
      // Never paid: expired at its deadline, or cancelled by the customer before it.
      const status = roll < 0.93 ? 'EXPIRED' : 'CANCELLED';
      const endMs = status === 'EXPIRED' ? createdMs + 30 * MINUTE : createdMs + (1 + random() * 20) * MINUTE;
      if (status === 'EXPIRED') expected.expired++;
      else expected.cancelled++;
      const ended: OrderRecord = { ...placed, status, updatedAt: at(endMs), timeline: [...placed.timeline, { status, at: at(endMs), description: status === 'EXPIRED' ? 'Prazo de pagamento esgotado' : 'Cancelado pelo cliente' }] };
      versions.push([orderItem(placed)], [orderItem(ended)]);
      return versions;
    }
    const method = random() < 0.6 ? 'pix' : 'card';
    if (method === 'pix') expected.pixCharges++;
    expected.paid++;
    const paymentCreatedMs = createdMs + MINUTE;
    const paidMs = paymentCreatedMs + (1 + random() * 15) * MINUTE;
    const paymentId = `PAYBENCH${String(i).padStart(7, '0')}`;
    const pending: PaymentRecord = {
      paymentId, orderId: id, customerId: customer.id, provider: 'sandbox', providerPaymentId: `sandbox-${paymentId}`, method, status: 'PENDING', amountCents: placed.totalCents,
      installments: method === 'card' ? 1 : null, declineReason: null, pix: null, card: method === 'card' ? { brand: 'visa', lastFour: '1111' } : null, note: null,
      createdAt: at(paymentCreatedMs), updatedAt: at(paymentCreatedMs),
    };
    const paymentItem = (p: PaymentRecord) => ({
      ...keys.payment(p.orderId, p.paymentId), ...keys.providerPaymentIndex(p.provider, p.providerPaymentId),
      ...(p.status === 'PENDING' || p.status === 'REFUND_PENDING' ? keys.unsettledPaymentIndex(p.createdAt, p.paymentId) : {}), entity: 'Payment', ...p,
    });
    const approved: PaymentRecord = { ...pending, status: 'APPROVED', updatedAt: at(paidMs), approvedAt: at(paidMs) };
    const paid: OrderRecord = { ...placed, status: 'PAID', updatedAt: at(paidMs), timeline: [...placed.timeline, { status: 'PAID', at: at(paidMs), description: 'Pagamento aprovado' }] };
    versions.push([orderItem(placed), paymentItem(pending)], [orderItem(paid), paymentItem(approved)]);
    if (roll >= 0.8) {
      expected.refunds++;
      const refundMs = Math.min(lastMs, paidMs + random() * 7 * DAY_MS);
      versions.push([paymentItem({ ...approved, status: 'REFUNDED', updatedAt: at(refundMs), note: 'Refunded by an administrator (bench)' })]);
    }
    return versions;
  }

  /** Groups of consecutive batches: each order's versions in order (placed, then final, then refund), 8 orders a group. */
  const ORDERS_PER_GROUP = 8;
  const groups: Item[][][] = [];
  for (let first = 0; first < ORDERS; first += ORDERS_PER_GROUP) {
    const histories = Array.from({ length: Math.min(ORDERS_PER_GROUP, ORDERS - first) }, (_, k) => history(first + k));
    const steps = Math.max(...histories.map((h) => h.length));
    groups.push(Array.from({ length: steps }, (_, s) => histories.flatMap((h) => h[s] ?? [])).filter((batch) => batch.length > 0));
  }
  const itemsWritten = userItems.length + groups.flat(2).length;
  log(`history: ${num(ORDERS)} orders, ${num(CUSTOMERS)} customers, ${num(itemsWritten)} item writes; expecting ${JSON.stringify(expected)}`);

  // --- ingest: write, then wait for the consumer's aggregates to hold every fact ---
  const fromDay = storeDay(new Date(firstMs - 31 * DAY_MS).toISOString());
  async function storeTotals(): Promise<Record<string, number>> {
    const sums: Record<string, number> = {};
    await Promise.all(Array.from({ length: 8 }, async (_, shard) => {
      let start: Item | undefined;
      do {
        const page = await doc.send(new QueryCommand({
          TableName: TABLE, KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to', ExclusiveStartKey: start,
          ExpressionAttributeValues: { ':pk': `SALES#STORE#${shard}`, ':from': fromDay, ':to': todaySp },
        }));
        for (const item of page.Items ?? []) for (const counter of Object.values(COUNTERS)) sums[counter] = (sums[counter] ?? 0) + Number(item[counter] ?? 0);
        start = page.LastEvaluatedKey;
      } while (start);
    }));
    return sums;
  }
  // What the seeding counted already (the admin's profile is a new customer): the ingest is measured on top of it.
  const baseline = await storeTotals();
  const statsBefore = (await call(stack.url, 'GET', '/_local/dynamodb/stats')).body['reports/record-sales'] ?? { reads: 0, writes: 0, conditionalFailures: 0 };
  const ingestCpu = cpuMeter(stack);
  const ingestStarted = performance.now();
  const userGroups = Array.from({ length: Math.ceil(userItems.length / 25) }, (_, b) => [userItems.slice(b * 25, b * 25 + 25)]);
  const writing = writeGroups([...userGroups, ...groups]).then(() => performance.now() - ingestStarted);
  let writesMs: number | undefined;
  void writing.then((ms) => {
    writesMs = ms;
    log(`writes done in ${secs(ms)} (${num(itemsWritten / (ms / 1000))} items/s while the consumer ran)`);
  });
  const counted = (sums: Record<string, number>, k: keyof Expected) => (sums[COUNTERS[k]] ?? 0) - (baseline[COUNTERS[k]] ?? 0);
  const complete = (sums: Record<string, number>) => (Object.keys(COUNTERS) as (keyof Expected)[]).every((k) => counted(sums, k) >= expected[k]);
  let sums: Record<string, number> = {};
  for (let lastLog = 0; ; ) {
    await sleep(2_000);
    sums = await storeTotals();
    const s = (performance.now() - ingestStarted) / 1000;
    if (writesMs !== undefined && complete(sums)) break;
    if (s - lastLog >= 30) {
      lastLog = s;
      log(`${num(s)} s: placed ${num(counted(sums, 'placed'))}/${num(expected.placed)}, paid ${num(counted(sums, 'paid'))}/${num(expected.paid)}, refunds ${num(counted(sums, 'refunds'))}/${num(expected.refunds)}`);
    }
  }
  await writing;
  const ingestMs = performance.now() - ingestStarted;
  const ingestCpuUse = ingestCpu();
  const statsAfter = (await call(stack.url, 'GET', '/_local/dynamodb/stats')).body['reports/record-sales'];
  const consumerCalls = { reads: statsAfter.reads - statsBefore.reads, writes: statsAfter.writes - statsBefore.writes, conditionalFailures: statsAfter.conditionalFailures - statsBefore.conditionalFailures };
  const overshoot = (Object.keys(COUNTERS) as (keyof Expected)[]).filter((k) => counted(sums, k) !== expected[k]).map((k) => `${COUNTERS[k]} ${counted(sums, k)} ≠ ${expected[k]}`);
  const ordersPerSec = ORDERS / (ingestMs / 1000);
  log(`aggregates complete after ${secs(ingestMs)}: ${num(ordersPerSec, 1)} orders/s${overshoot.length ? `; MISMATCH ${overshoot.join(', ')}` : ''}`);

  // --- reports:check against a recomputation from the orders and payments ---
  log('npm run reports:check ...');
  const check = await timeCommand(process.execPath, [TSX_CLI, 'scripts/reports.ts', 'check'], {
    env: { TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: stack.info.dynamodb, AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }, timeoutMs: 3_600_000,
  });
  const checkDiffs = check.output.split('\n').filter((l) => l.startsWith('DIFF')).length;
  log(`reports:check exit ${check.code} in ${secs(check.ms)}${checkDiffs ? `, ${checkDiffs} DIFF lines` : ''}`);

  // --- report latency ---
  const token = await adminToken(stack);
  const back = (days: number) => storeDay(new Date(now - (days - 1) * DAY_MS).toISOString());
  const periods = [{ label: '30 days', from: back(30), to: todaySp }, { label: '90 days', from: back(90), to: todaySp }];
  const cases: { name: string; url: string }[] = [];
  for (const p of periods) {
    for (const groupBy of ['day', 'product', 'customer']) {
      for (const format of ['json', 'csv']) cases.push({ name: `sales by ${groupBy}, ${p.label}, ${format.toUpperCase()}`, url: `/admin/reports/sales?from=${p.from}&to=${p.to}&groupBy=${groupBy}&format=${format}` });
    }
    cases.push({ name: `KPIs, ${p.label}`, url: `/admin/reports/kpis?from=${p.from}&to=${p.to}` });
  }
  cases.push({ name: 'flash-sale windows (24)', url: '/admin/reports/flash-sales' }, { name: 'stock (every variant)', url: '/admin/reports/stock' });
  await waitForQuiet(60_000);
  const latencyCpu = cpuMeter(stack);
  const latencies: { name: string; status: string; bytes: number; p50: number; p99: number; max: number }[] = [];
  for (const c of cases) {
    const ms: number[] = [];
    const statuses = new Set<number>();
    let bytes = 0;
    for (let i = 0; i < SAMPLES + 2; i++) {
      const reply = await call(stack.url, 'GET', c.url, { token, timeoutMs: 120_000 });
      if (reply.status !== 200 && reply.status !== 303) throw new Error(`${c.url}: ${reply.status} ${reply.text.slice(0, 300)}`);
      statuses.add(reply.status);
      bytes = Buffer.byteLength(reply.text);
      if (i >= 2) ms.push(reply.ms);
    }
    latencies.push({ name: c.name, status: [...statuses].join('/'), bytes, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) });
    log(`${c.name}: p50 ${num(percentile(ms, 50))} ms, p99 ${num(percentile(ms, 99))} ms`);
  }
  const latencyCpuUse = latencyCpu();

  // --- the dashboard in headless Chromium ---
  const dashboard: { label: string; ms: number[] }[] = [];
  let dashboardNote = '';
  if (!flags['skip-browser'] && DASHBOARD_RUNS > 0) {
    if (!existsSync(path.join(ROOT, 'web/dist/index.html'))) {
      log('npm run web:build ...');
      const build = await timeCommand('npm', ['run', 'web:build'], { timeoutMs: 600_000 });
      if (build.code !== 0) throw new Error(`web:build failed:\n${build.output.slice(-2000)}`);
    }
    const { launch } = await import('../test/helpers/browser.js');
    const browser = await launch();
    try {
      browser.on('disconnected', () => log('the browser disconnected'));
      const login: number[] = [];
      const ninety: number[] = [];
      const drawnFor = (page: Page, from: string) => page.waitForFunction(
        `!!document.querySelector('.charts[data-charts-drawn]') && (document.querySelector('.period-note')?.textContent ?? '').startsWith(${JSON.stringify(`${from.slice(8, 10)}/${from.slice(5, 7)}`)})`,
        { timeout: 120_000, polling: 'mutation' },
      );
      for (let run = 0; run < DASHBOARD_RUNS; run++) {
        // A new page is a new session: the app keeps its tokens in the page's memory only.
        const page = await browser.newPage();
        await page.goto(`${stack.url}/store/admin`, { waitUntil: 'networkidle0' });
        await page.waitForSelector('#signin-email');
        await page.type('#signin-email', stack.info.admin.email);
        await page.type('#signin-password', stack.info.admin.password);
        const submit = await page.waitForSelector('::-p-xpath(//form//button[contains(normalize-space(.), "Entrar")])');
        const defaultFrom = storeDay(new Date(now - 6 * DAY_MS).toISOString());
        const started = performance.now();
        await submit!.click();
        await drawnFor(page, defaultFrom);
        login.push(performance.now() - started);
        // Then the 90-day period, by its button (in-app: the session is in memory).
        const button = await page.waitForSelector('::-p-xpath(//button[contains(normalize-space(.), "Últimos 90 dias")])');
        const switched = performance.now();
        await button!.click();
        await drawnFor(page, back(90));
        ninety.push(performance.now() - switched);
        await page.close();
        log(`dashboard run ${run + 1}: login → charts drawn ${num(login.at(-1)!)} ms; 90 days ${num(ninety.at(-1)!)} ms`);
      }
      dashboard.push({ label: 'login submit → every chart drawn (default period: 7 days)', ms: login }, { label: '“Últimos 90 dias” clicked → every chart drawn', ms: ninety });
    } catch (error) {
      dashboardNote = `The dashboard measurement failed in this run: ${(error as Error).message.split('\n')[0]}.`;
      log(dashboardNote);
    } finally {
      await browser.close().catch(() => undefined);
    }
  } else {
    dashboardNote = 'Dashboard not measured in this run (--skip-browser).';
  }

  // --- the report ---
  const errors = errorLines(stack.output());
  const perOrder = (n: number) => num(n / ORDERS, 2);
  const lines = [
    `_Measured ${machineLine()}._`,
    '',
    `A fresh stack (default catalog: ${variants.length} active variants) whose table stream feeds only the sales-aggregates consumer (\`LOCAL_STREAM_SUBSCRIPTIONS=sales-aggregates\`: the other four consumers, with their own Lambdas in AWS, do not share the two cores here). **${num(ORDERS)} orders over ${DAYS} São Paulo days** (to ${todaySp}), ${num(CUSTOMERS)} customers, 1-3 lines each, 27 UFs; each order written as the order path leaves it, with BatchWriteItem (${WRITERS} writers) straight to DynamoDB Local: placed (PENDING_PAYMENT) with its payment pending, then its final state — paid (60 % Pix, 40 % card; 5 % of all orders refunded later), expired or cancelled unpaid. ${num(itemsWritten)} item writes. The real consumer (reports/record-sales, through the local stream poller) builds the aggregates from those items' stream records.`,
    '',
    table(['measure', 'value'], [
      ['orders placed / paid / refunded / expired / cancelled', `${num(expected.placed)} / ${num(expected.paid)} / ${num(expected.refunds)} / ${num(expected.expired)} / ${num(expected.cancelled)}`],
      ['Pix charges / new customers', `${num(expected.pixCharges)} / ${num(expected.newCustomers)}`],
      ['writes done after (the consumer running meanwhile)', writesMs === undefined ? '–' : `${secs(writesMs)} (${num(itemsWritten / (writesMs / 1000))} items/s)`],
      ['**aggregates complete after** (first write → the store aggregates hold every fact)', `**${secs(ingestMs)}**`],
      ['**consumer ingest rate**', `**${num(ordersPerSec, 1)} orders/s**`],
      ['raw DynamoDB Local BatchWriteItem, same run (20,000 items of ~1 KB, before the ingest)', `${num(rawItemsPerSec)} items/s`],
      ['raw sale-shaped TransactWriteItems (marker Put + 11 ADD updates), one writer as the consumer, same run', `${num(rawTxPerSec, 1)} tx/s`],
      ['**orders/s ÷ raw tx/s**', `**${num(ordersPerSec / rawTxPerSec, 2)}**`],
      ['consumer DynamoDB calls per order (reads + writes)', `${perOrder(consumerCalls.reads)} + ${perOrder(consumerCalls.writes)} (conditional failures ${num(consumerCalls.conditionalFailures)})`],
      ['store aggregates = expected facts', overshoot.length ? `**no**: ${overshoot.join(', ')}` : 'yes'],
      ['`npm run reports:check`', `exit ${check.code} in ${secs(check.ms)}${checkDiffs ? ` (${checkDiffs} DIFF lines)` : ''}`],
    ]),
    '',
    `- Raw BatchWriteItem: ${cpuLine(rawBatchCpu)}.`,
    `- Raw transactions: ${cpuLine(rawTxCpu)}.`,
    `- Ingest: ${cpuLine(ingestCpuUse)}.`,
    '',
    `Report latency: ${SAMPLES} sequential requests per case after 2 warm-ups, admin token, through the local gateway (client-side time).`,
    '',
    table(['request', 'status', 'bytes', 'p50 ms', 'p99 ms', 'max ms'], latencies.map((l) => [l.name, l.status, num(l.bytes), num(l.p50), num(l.p99), num(l.max)])),
    '',
    `- ${cpuLine(latencyCpuUse)}.`,
    '',
    dashboard.length
      ? [
        `Dashboard (\`/store/admin\` on the API's origin, headless Chromium from @sparticuz/chromium, a new page (a new session) per run; ready = \`.charts[data-charts-drawn]\`, set once every Chart.js chart has rendered, for the period asked):`,
        '',
        table(['measure', 'runs', 'p50 ms', 'max ms'], dashboard.map((d) => [d.label, d.ms.length, num(percentile(d.ms, 50)), num(Math.max(...d.ms))])),
      ].join('\n')
      : dashboardNote,
    '',
    errors.length ? `Error lines in the stack's log: ${errors.length}; first: \`${errors[0].slice(0, 300)}\`` : 'No error lines in the stack\'s log during the run.',
  ];
  const section = lines.join('\n');
  console.log(`\n${section}\n`);
  if (flags.write) {
    writeSection(DOC, 'reports', section);
    log(`wrote ${path.relative(ROOT, DOC)}`);
  }
  if (check.code !== 0) console.error(check.output.slice(-3000));
} finally {
  await stack.stop();
}
