/**
 * `npm run bench`: the local stack's cold start, every function's bundle size and import time,
 * the test suite's wall time, catalog search under load on a 10,000-product catalog, and order
 * placement under load next to DynamoDB Local's raw transaction rate, and live-tracking pushes over
 * WebSocket next to a bare `ws` echo. Prints a markdown report;
 * `--write` updates docs/benchmarks.md. `npm run bench -- --help` lists the options.
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConditionalCheckFailedException, CreateTableCommand, DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildBundles } from '../lib/bundling.js';
import { handlersOf } from '../lambdas/routes.js';
import { inBatches } from '../local/harness.js';
import { catalogProducts } from '../local/seed-catalog.js';
import { CatalogIndex } from '../lambdas/domain/catalog/search.js';
import { buildSnapshot } from '../lambdas/domain/catalog/snapshot.js';
import { DUMMY_ENV } from './bench-env.js';
import { INSPECT_ENV, inspectorUrls, type ProfileSummary, profileDuring, summarizeProfile } from './cpu-profile.js';
import { WebSocket } from 'ws';
import {
  adminToken, call, cli, cpuLine, cpuMeter, createCustomers, type CpuUse, errorLines, expectStatus, intFlag, kb, load, type LoadResult,
  groupCpu, log, machineLine, median, num, pollUntil200, ROOT, secs, sleep, spawnStack, startHelloServer, startStack, summarize, table, timeCommand, TSX_CLI,
  waitForQuiet, writeSection,
} from './bench-lib.js';

const PARTS = ['cold-start', 'bundles', 'tests', 'catalog', 'orders', 'session', 'realtime', 'notifier', 'webhooks'] as const;
type Part = (typeof PARTS)[number];

const flags = cli(`Usage: npm run bench -- [options]

Parts: ${PARTS.join(', ')}. Each starts what it needs on free ports (in-memory DynamoDB Local,
throwaway data dir) and stops it. A full run takes about 10 minutes on 2 cores.`, {
  write: { type: 'boolean', help: 'update docs/benchmarks.md (sections of parts not run are kept)' },
  'skip-tests': { type: 'boolean', help: 'do not time `npm test` (the slowest part)' },
  only: { type: 'string', help: `comma-separated parts to run (${PARTS.join(',')})` },
  products: { type: 'string', default: '10000', help: 'catalog size for the search benchmark' },
  duration: { type: 'string', default: '10', help: 'seconds of load per search query' },
  connections: { type: 'string', default: '50', help: 'autocannon connections for the search queries' },
  'orders-duration': { type: 'string', default: '15', help: 'seconds of order placement' },
  customers: { type: 'string', default: '20', help: 'concurrent customers placing orders' },
  'session-duration': { type: 'string', default: '10', help: 'seconds of load per run of the per-request fixed cost (bare server, authenticated route)' },
  'session-rounds': { type: 'string', default: '3', help: 'bare/route pairs of the per-request fixed cost, one after the other' },
  'session-connections': { type: 'string', default: '20', help: 'autocannon connections of the per-request fixed cost' },
  'cold-runs': { type: 'string', default: '3', help: 'cold starts to take the median of' },
  'ws-sockets': { type: 'string', default: '1000', help: 'connected WebSocket clients for the live-tracking benchmark' },
  'ws-customers': { type: 'string', default: '100', help: 'customers owning those sockets (sockets are spread evenly)' },
  'ws-changes': { type: 'string', default: '200', help: 'order status changes written while the sockets listen' },
  'notifier-messages': { type: 'string', default: '5000', help: 'backlog of domain events on the notifications queue' },
  'webhook-events': { type: 'string', default: '1000', help: 'domain events fanned out to the 10 integrator endpoints' },
  quick: { type: 'boolean', help: 'smoke run: 1 cold start, 1,000 products, 3 s per query, 5 s of orders, 500 queued events, no tests' },
});

const quick = flags.quick;
const only = flags.only ? new Set(flags.only.split(',').map((p) => p.trim())) : undefined;
for (const p of only ?? []) {
  if (!PARTS.includes(p as Part)) {
    console.error(`unknown part ${p}; parts are ${PARTS.join(', ')}`);
    process.exit(2);
  }
}
const runs = (part: Part) => (only ? only.has(part) : !(part === 'tests' && (flags['skip-tests'] || quick)));
const PRODUCTS = quick ? 1_000 : intFlag(flags.products, 'products');
const DURATION = quick ? 3 : intFlag(flags.duration, 'duration');
const CONNECTIONS = intFlag(flags.connections, 'connections');
const ORDERS_DURATION = quick ? 5 : intFlag(flags['orders-duration'], 'orders-duration');
const ORDER_CUSTOMERS = intFlag(flags.customers, 'customers');
const SESSION_DURATION = quick ? 3 : intFlag(flags['session-duration'], 'session-duration');
const SESSION_ROUNDS = quick ? 1 : intFlag(flags['session-rounds'], 'session-rounds');
const SESSION_CONNECTIONS = intFlag(flags['session-connections'], 'session-connections');
const COLD_RUNS = quick ? 1 : intFlag(flags['cold-runs'], 'cold-runs');
const WS_SOCKETS = quick ? 100 : intFlag(flags['ws-sockets'], 'ws-sockets');
const WS_CUSTOMERS = quick ? 10 : intFlag(flags['ws-customers'], 'ws-customers');
const WS_CHANGES = quick ? 20 : intFlag(flags['ws-changes'], 'ws-changes');
const NOTIFIER_MESSAGES = quick ? 500 : intFlag(flags['notifier-messages'], 'notifier-messages');
const WEBHOOK_EVENTS = quick ? 100 : intFlag(flags['webhook-events'], 'webhook-events');
const DOC = path.join(ROOT, 'docs/benchmarks.md');
const stamp = () => `_Measured ${machineLine()}${quick ? ' — **quick smoke run, not representative**' : ''}._`;

// ---------------------------------------------------------------------------------------------
// 1. Cold start

async function coldStart(): Promise<string> {
  const rows: (string | number)[][] = [];
  const first200: number[] = [];
  const readyMs: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    log(`cold start ${i + 1}/${COLD_RUNS}...`);
    const stack = await spawnStack();
    const meter = cpuMeter(stack);
    try {
      const ms = await pollUntil200(`${stack.url}/openapi.json`, stack.spawnedAt, 180_000);
      const info = await stack.ready;
      const ready = Number(process.hrtime.bigint() - stack.spawnedAt) / 1e6;
      const cpu = meter();
      first200.push(ms);
      readyMs.push(ready);
      rows.push([i + 1, num(ms), num(ready), num(info.startedInMs), info.seededProducts, num(cpu.other, 1)]);
    } finally {
      await stack.stop();
    }
  }
  return [
    stamp(), '',
    `\`local/start.ts\` spawned with the default seed (SEED_PRODUCTS unset: ${rows[0]?.[4] ?? '?'} products), in memory, on free ports; \`GET /openapi.json\` polled every 25 ms from the spawn. "Ready" is when it printed \`LOCAL_STACK_READY\` (admin, catalog and flash sale seeded, stream consumers idle).`, '',
    table(['run', 'first 200 on /openapi.json (ms)', 'LOCAL_STACK_READY (ms)', 'startedInMs (its own clock)', 'products seeded', 'other processes (CPU-s)'], rows), '',
    `**Median of ${COLD_RUNS}: first 200 after ${num(median(first200))} ms, ready after ${num(median(readyMs))} ms.**`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 2. Bundles


/** One fresh node process importing a bundle: ms inside the process around `await import()`, and ms from spawn to exit. */
type ImportSample = { importMs: number; wallMs: number } | { error: string };

function importOnce(file: string, nodeOptions: string): ImportSample {
  const code = 'const t = process.hrtime.bigint(); await import(process.env.BENCH_IMPORT); console.log(Number(process.hrtime.bigint() - t) / 1e6);';
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH, ...DUMMY_ENV, NODE_OPTIONS: nodeOptions, BENCH_IMPORT: pathToFileURL(file).href }, encoding: 'utf8', timeout: 30_000,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) return { error: (r.stderr || r.stdout || `exit ${r.status}`).split('\n').find((l) => /Error/.test(l)) ?? 'failed' };
  return { importMs: Number(r.stdout.trim().split('\n').pop()), wallMs };
}

/** Medians of `times` imports, or the first error. */
function importTime(file: string, times: number, nodeOptions: string): { importMs: number; wallMs: number } | { error: string } {
  const samples: { importMs: number; wallMs: number }[] = [];
  for (let i = 0; i < times; i++) {
    const sample = importOnce(file, nodeOptions);
    if ('error' in sample) return sample;
    samples.push(sample);
  }
  return { importMs: median(samples.map((x) => x.importMs)), wallMs: median(samples.map((x) => x.wallMs)) };
}

/** The floor: a hello-world Lambda handler bundled with the same options (logs nothing, imports nothing). */
const HELLO_WORLD = "export const handler = async () => ({ statusCode: 200, body: 'hello world' });\n";
const IMPORT_TARGET = 1.5;

async function bundles(): Promise<string> {
  const handlers = handlersOf();
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'store-bench-bundles-'));
  try {
    const helloEntry = path.join(outDir, 'hello-world.ts');
    writeFileSync(helloEntry, HELLO_WORLD);
    log(`bundling ${handlers.length} functions and a hello-world handler with buildBundles (lib/bundling.ts)...`);
    const t = performance.now();
    const metafile = buildBundles(Object.fromEntries([...handlers.map((h) => [`${h}/index`, `lambdas/handlers/${h}.ts`]), ['hello-world/index', helloEntry]]), outDir, ROOT, { logLevel: 'error' });
    const buildMs = performance.now() - t;
    const helloFile = path.join(outDir, 'hello-world', 'index.mjs');
    const outputs = new Map(Object.entries(metafile.outputs).map(([file, o]) => [path.resolve(ROOT, file), o]));
    const rows = handlers.map((h) => {
      const file = path.join(outDir, h, 'index.mjs');
      const bytes = statSync(file).size;
      const content = readFileSync(file);
      return { handler: h, file, bytes, gzip: gzipSync(content).length, inputs: outputs.get(file)?.inputs ?? {} };
    }).sort((a, b) => b.bytes - a.bytes);

    // The floor is sampled between the functions (one hello-world import before each), so it sees the
    // same machine load as they do; every ratio divides by the median of those samples.
    log('importing each bundle in a fresh node process (3x with --enable-source-maps as in Lambda), a hello-world import before each...');
    const helloSamples: { importMs: number; wallMs: number }[] = [];
    const timed = rows.map((r) => {
      const hello = importOnce(helloFile, '--enable-source-maps');
      if ('error' in hello) throw new Error(`the hello-world bundle failed to import: ${hello.error}`);
      helloSamples.push(hello);
      return { ...r, withMaps: importTime(r.file, 3, '--enable-source-maps') };
    });
    const floor = { importMs: median(helloSamples.map((x) => x.importMs)), wallMs: median(helloSamples.map((x) => x.wallMs)) };
    const ratio = (x: { importMs: number; wallMs: number } | { error: string }) => ('error' in x ? undefined : { import: x.importMs / floor.importMs, wall: x.wallMs / floor.wallMs });
    const over = timed.filter((r) => r.bytes > 300 * 1024);
    const biggest = timed[0];
    const inputs = Object.entries(biggest.inputs).map(([file, i]) => ({ file, bytes: i.bytesInOutput })).sort((a, b) => b.bytes - a.bytes);
    const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
    const byPackage = new Map<string, number>();
    for (const i of inputs) byPackage.set(packageOf(i.file), (byPackage.get(packageOf(i.file)) ?? 0) + i.bytes);
    // Across all bundles: which packages are everywhere, and which only some functions need.
    const across = new Map<string, number[]>();
    for (const r of timed) {
      const perBundle = new Map<string, number>();
      for (const [file, i] of Object.entries(r.inputs)) perBundle.set(packageOf(file), (perBundle.get(packageOf(file)) ?? 0) + i.bytesInOutput);
      for (const [p, b] of perBundle) across.set(p, [...(across.get(p) ?? []), b]);
    }
    const show = (x: { importMs: number; wallMs: number } | { error: string }, key: 'importMs' | 'wallMs') => ('error' in x ? `**fails: ${x.error.slice(0, 80)}**` : num(x[key], 1));
    const showRatio = (x: { importMs: number; wallMs: number } | { error: string }, key: 'import' | 'wall') => {
      const r = ratio(x);
      return r ? `${num(r[key], key === 'wall' ? 2 : 0)}×` : '';
    };
    const failing = timed.filter((r) => 'error' in r.withMaps);
    const ratios = timed.map((r) => ratio(r.withMaps)).filter((r) => r !== undefined);
    const withinWall = ratios.filter((r) => r.wall <= IMPORT_TARGET).length;
    const total = timed.reduce((s, r) => s + r.bytes, 0);
    return [
      stamp(), '',
      `\`buildBundles\` (lib/bundling.ts: one esbuild run with \`ESBUILD_OPTIONS\`) over all ${handlers.length} handlers of \`handlersOf()\` and a hello-world handler took ${num(buildMs)} ms. Sizes are the minified \`index.mjs\` (the \`.map\` next to it is not loaded unless --enable-source-maps is set); gzip is \`zlib\` level 6, close to what the deployment zip stores. Import time is a fresh \`node\` process with \`NODE_OPTIONS=--enable-source-maps\` (as the functions run in Lambda) running \`await import(bundle)\` with dummy values for the environment variables read at load, median of 3: "import" is measured inside the process around the \`import()\`, "process" from spawn to exit (Node's own start included, as in a cold start). **The floor** is the same two numbers for a hello-world handler (${num(statSync(helloFile).size)} bytes) bundled with the same options, imported once before each function (${helloSamples.length} samples, median: import ${num(floor.importMs, 2)} ms, process ${num(floor.wallMs, 1)} ms), so it sees the load the functions see; every ratio divides by it. The machine was shared with other engineers' test runs and benchmarks while this ran: absolute milliseconds are noisy, the ratios less so.`, '',
      `**${over.length} of ${timed.length} bundles exceed 300 KB**${over.length ? ` (${over.map((r) => `\`${r.handler}\``).join(', ')})` : ''}; total ${kb(total)}. **${withinWall} of ${ratios.length} functions start a process within ${IMPORT_TARGET}× the hello-world's.**${failing.length ? ` **${failing.length} bundle(s) fail to import** with dummy env: ${failing.map((r) => `\`${r.handler}\``).join(', ')}.` : ''}`, '',
      table(['function', 'minified KB', 'gzip KB', '> 300 KB', 'import ms', '× hello world', 'process ms', '× hello world'],
        timed.map((r) => [`\`${r.handler}\``, num(r.bytes / 1024, 1), num(r.gzip / 1024, 1), r.bytes > 300 * 1024 ? '**yes**' : '', show(r.withMaps, 'importMs'), showRatio(r.withMaps, 'import'), show(r.withMaps, 'wallMs'), showRatio(r.withMaps, 'wall')])), '',
      `What makes the biggest bundle (\`${biggest.handler}\`, ${kb(biggest.bytes)}) big — top 5 input modules by bytes in the output:`, '',
      table(['input module', 'bytes in output'], inputs.slice(0, 5).map((i) => [`\`${i.file}\``, num(i.bytes)])), '',
      'The same bundle by package:', '',
      table(['package', 'bytes in output', 'share'], [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([p, b]) => [`\`${p}\``, num(b), `${num((b / biggest.bytes) * 100, 1)} %`])), '',
      `Packages across all ${timed.length} bundles (top 12 by total bytes; a package in every bundle is the shared floor, one in a few is what those functions pay for):`, '',
      table(['package', 'in bundles', 'KB per bundle (median)', 'total KB'], [...across].map(([p, b]) => ({ p, b, total: b.reduce((x, y) => x + y, 0) }))
        .sort((a, b) => b.total - a.total).slice(0, 12).map(({ p, b, total }) => [`\`${p}\``, b.length, num(median(b) / 1024, 1), num(total / 1024)])),
    ].join('\n');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Tests

async function tests(): Promise<string> {
  log('running npm test (about two minutes)...');
  const meter = cpuMeter(undefined);
  const run = await timeCommand('npm', ['test'], { timeoutMs: 30 * 60_000, env: { FORCE_COLOR: '0' } });
  const cpu = meter();
  const summary = run.output.split('\n').filter((l) => /^(Test Suites|Tests|Time):/.test(l.trim())).map((l) => l.trim());
  return [
    stamp(), '',
    `\`npm test\` (all three Jest projects, \`--runInBand\`, the integration project starting its own local stack): **${secs(run.ms)}** wall time, exit code ${run.code}${run.code === 0 ? '' : ' — **the suite failed**'}.`, '',
    '```', ...summary, '```', '',
    `The machine's CPU during the run: ${num(cpu.other + cpu.client, 1)} CPU-seconds over ${num(cpu.wall, 1)} s (${os.availableParallelism()} cores = ${num(cpu.wall * os.availableParallelism(), 1)} available), the suite's processes and anything else running.`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// 4. Catalog

const uniqueWord = (prefix: string) => `${prefix}${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;

/** What the listing index costs by itself on the benchmark's catalog: build, a query the first time and again, a one-product delta. */
function indexCosts(categories: { id: string; name: string; slug: string }[], inputs: ReturnType<typeof catalogProducts>) {
  const at = '2026-11-23T00:00:00.000Z';
  const products = inputs.map((p, i) => ({
    id: `p${i}`, name: p.name, slug: `p${i}`, description: p.description ?? '', brand: p.brand ?? null, categoryIds: p.categoryIds, images: [],
    status: 'active' as const, skus: p.variants.map((v) => v.sku), createdAt: at, updatedAt: at,
  }));
  const variants = inputs.flatMap((p, i) => p.variants.map((v) => ({
    sku: v.sku, productId: `p${i}`, attributes: v.attributes ?? {}, priceCents: v.priceCents, stock: v.stock ?? 0, orderedUnits: 0, weightGrams: 500, heightCm: 10, widthCm: 10, lengthCm: 10, ncm: null,
  })));
  const snapshot = buildSnapshot({ categories: categories.map((c) => ({ ...c, parentId: null, productCount: 0, childCount: 0, createdAt: at })), products, variants }, new Date(at));
  let t = performance.now();
  const index = new CatalogIndex(snapshot);
  const buildMs = performance.now() - t;
  const runs = 7;
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    const fresh = new CatalogIndex(snapshot);
    t = performance.now();
    fresh.list({ q: 'cafe' });
    cold.push(performance.now() - t);
  }
  index.list({ q: 'cafe' });
  t = performance.now();
  for (let i = 0; i < 10_000; i++) index.list({ q: 'cafe' });
  const warmUs = ((performance.now() - t) / 10_000) * 1000;
  const changed = { ...snapshot.products[0], name: `${snapshot.products[0].name} renomeado` };
  t = performance.now();
  index.apply({ version: `${Number(snapshot.version) + 1}`, baseVersion: snapshot.version, upserts: [changed], removes: [] });
  return { buildMs, runs, coldMs: median(cold), warmUs, applyMs: performance.now() - t };
}

async function searchFinds(url: string, word: string, id?: string): Promise<boolean> {
  const r = await call(url, 'GET', `/products?q=${encodeURIComponent(word)}&limit=5`);
  return r.status === 200 && (r.body.items as { id: string; name: string }[]).some((p) => (id ? p.id === id : p.name.toLowerCase().includes(word)));
}

async function catalog(): Promise<string> {
  log('catalog: starting a local stack (SEED_PRODUCTS=0)...');
  // Every Node process of the stack opens an inspector on a free port: the profile below samples the gateway's.
  const stack = await startStack({ seedProducts: 0, env: INSPECT_ENV });
  try {
    const admin = await adminToken(stack);
    const categories = (await expectStatus(200, call(stack.url, 'GET', '/categories'), 'categories')).body.items as { id: string; name: string; slug: string }[];
    const idByName = new Map(categories.map((c) => [c.name, c.id]));
    // The seed's generator (realistic names, accents, several variants each); its first product is the iPhone the stack already has.
    const inputs = catalogProducts(idByName, { products: PRODUCTS + 1, seed: 7 }).slice(1);
    const lastWord = uniqueWord('zebu');
    inputs[inputs.length - 1] = { ...inputs[inputs.length - 1], name: `${inputs[inputs.length - 1].name} ${lastWord}` };

    log(`catalog: creating ${num(PRODUCTS)} products through POST /products, 8 at a time...`);
    const meter = cpuMeter(stack);
    const createStarted = performance.now();
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    let lastId = '';
    await inBatches(inputs.length, 8, async (i) => {
      const r = await call(stack.url, 'POST', '/products', { token: admin, body: inputs[i], timeoutMs: 120_000 });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      latencies.push(r.ms);
      if (r.status !== 201) throw new Error(`create product: ${r.status} ${r.text.slice(0, 300)}`);
      if (i === inputs.length - 1) lastId = r.body.id;
      if ((i + 1) % 2_000 === 0) log(`  ${num(i + 1)} products (${secs(performance.now() - createStarted)})`);
    });
    const createMs = performance.now() - createStarted;
    const createCpu = meter();
    const create = summarize(latencies);
    log(`catalog: waiting until search finds the last product ("${lastWord}")...`);
    const waitStarted = performance.now();
    while (!(await searchFinds(stack.url, lastWord, lastId))) {
      if (performance.now() - waitStarted > 600_000) throw new Error('the last product never appeared in search');
      await sleep(250);
    }
    const indexLagMs = performance.now() - waitStarted;
    const slug = categories.find((c) => c.name === 'Cafeteiras e Café')?.slug ?? categories[0].slug;
    const queries: [string, string][] = [
      ['text: q=cafe', '/products?q=cafe'],
      ['prefix: q=iphone 15', '/products?q=iphone%2015'],
      [`category: ${slug}, sort=price, limit=20`, `/products?category=${slug}&sort=price&limit=20`],
      ['filters: inStock, 1000–50000, sort=-price', '/products?inStock=true&minPrice=1000&maxPrice=50000&sort=-price'],
      ['facets: q=cafe, brand, attribute', '/products?q=cafe&brand=Melitta&attr.voltagem=220V'],
    ];
    const hello = await startHelloServer();
    const results: (LoadResult & { cpu: CpuUse; path: string })[] = [];
    try {
      log(`catalog: autocannon ${CONNECTIONS} connections × ${DURATION} s: node:http hello world...`);
      const helloMeter = cpuMeter(undefined);
      results.push({ ...(await load('bare `node:http` hello world', hello.url, { connections: CONNECTIONS, durationS: DURATION })), cpu: helloMeter(), path: '/' });
    } finally {
      await hello.stop();
    }
    for (const [label, p] of queries) {
      const warm = await expectStatus(200, call(stack.url, 'GET', p), label); // builds the container's index once
      log(`catalog: autocannon ${CONNECTIONS} connections × ${DURATION} s: ${p} (${warm.body.items.length} items on the first page)...`);
      const m = cpuMeter(stack);
      results.push({ ...(await load(label, `${stack.url}${p}`, { connections: CONNECTIONS, durationS: DURATION })), cpu: m(), path: p });
    }

    // Where the gateway's time goes under the text search's load: a separate run, sampled (the sampling slows it).
    const [, profiledPath] = queries[0];
    log(`catalog: CPU profile of the gateway under ${CONNECTIONS} connections × ${DURATION} s of ${profiledPath}...`);
    const { profile } = await profileDuring(inspectorUrls(stack.output()), () => load('profiled', `${stack.url}${profiledPath}`, { connections: CONNECTIONS, durationS: DURATION }));
    if (!profile) throw new Error('no inspector target in the stack');
    const profileFile = path.join(os.tmpdir(), `catalog-q-cafe-${Date.now()}.cpuprofile`);
    writeFileSync(profileFile, JSON.stringify(profile));
    log(`catalog: profile written to ${profileFile} (open it in Chrome DevTools or speedscope)`);
    const cpu = summarizeProfile(profile);
    const pct = (share: number) => `${num(share * 100, 1)} %`;

    log('catalog: time for an admin rename to show in search (5×)...');
    const freshness: number[] = [];
    const products = (await expectStatus(200, call(stack.url, 'GET', '/products?sort=newest&limit=5'), 'newest')).body.items as { id: string }[];
    for (const { id } of products) {
      const product = (await expectStatus(200, call(stack.url, 'GET', `/products/${id}`), 'get product')).body;
      const word = uniqueWord('quokka');
      const body = {
        name: `${product.name} ${word}`, slug: product.slug, description: product.description, ...(product.brand ? { brand: product.brand } : {}),
        categoryIds: product.categoryIds, images: product.images, status: product.status,
        variants: product.variants.map((v: { sku: string; attributes: Record<string, string>; priceCents: number; weightGrams: number }) => ({ sku: v.sku, attributes: v.attributes, priceCents: v.priceCents, weightGrams: v.weightGrams })),
      };
      await expectStatus(200, call(stack.url, 'PUT', `/products/${id}`, { token: admin, body }), 'rename product');
      const t = performance.now();
      while (!(await searchFinds(stack.url, word, id))) {
        if (performance.now() - t > 120_000) throw new Error('a rename never appeared in search');
        await sleep(50);
      }
      freshness.push(performance.now() - t);
    }

    // Orders change stock all day: each change is a Variant write on the stream. The snapshot is
    // rebuilt only when a variant sells out or comes back, so the churn keeps one in stock
    // (+1, -1, ...) and search should not notice it. Search under that churn:
    const [qLabel, qPath] = queries[0];
    let target: { id: string; sku: string } | undefined;
    for (const { id } of products) {
      const product = (await expectStatus(200, call(stack.url, 'GET', `/products/${id}`), 'get product')).body as { id: string; variants: { sku: string; available: number }[] };
      const sku = product.variants.find((v) => v.available > 0)?.sku;
      if (sku) {
        target = { id, sku };
        break;
      }
    }
    if (!target) throw new Error('none of the newest products has a variant in stock');
    const { id: targetId, sku: targetSku } = target;
    log(`catalog: autocannon ${qPath} while a variant's stock changes every 500 ms...`);
    let stockChanges = 0;
    let churning = true;
    const churn = (async () => {
      for (let delta = 1; churning; delta = -delta) {
        await expectStatus(200, call(stack.url, 'PUT', `/products/${targetId}/variants/${targetSku}/stock`, { token: admin, body: { delta } }), 'change stock');
        stockChanges++;
        await sleep(500);
      }
    })();
    const churnMeter = cpuMeter(stack);
    const underChurn = { ...(await load(`${qLabel} while stock changes`, `${stack.url}${qPath}`, { connections: CONNECTIONS, durationS: DURATION })), cpu: churnMeter(), path: qPath };
    churning = false;
    await churn;
    const errors = errorLines(stack.output());
    const base = results[0];
    const inProcess = indexCosts(categories, inputs);
    return [
      stamp(), '',
      `A stack with SEED_PRODUCTS=0 (categories and the flash-sale iPhone only), then **${num(PRODUCTS)} products created through \`POST /products\`** (admin token, 8 in flight; the seed's generator: Portuguese names with accents, 1–6 variants each): **${secs(createMs)}** (${num(PRODUCTS / (createMs / 1000))} products/s; latency p50 ${num(create.p50)} ms, p99 ${num(create.p99)} ms, max ${num(create.max)} ms; statuses ${JSON.stringify(statuses)}). ${cpuLine(createCpu)}.`, '',
      `The last product was found by \`GET /products?q=<its unique word>\` **${secs(indexLagMs)}** after its creation returned (the stream-driven snapshot rebuild catching up with the bulk load).`, '',
      `autocannon, ${CONNECTIONS} connections, ${DURATION} s per row, one after the other, from the same machine (responses are full 200s: autocannon sends no If-None-Match):`, '',
      table(['request', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', '× slower than hello world (req/s)'],
        results.map((r) => [r === base ? r.label : `\`GET ${decodeURIComponent(r.path)}\``, num(r.rps), num(r.p50), num(r.p99), num(r.max), r.non2xx, r.errors, r === base ? '1' : num(base.rps / r.rps, 1)])), '',
      ...results.slice(1).map((r) => `- \`${decodeURIComponent(r.path)}\`: ${cpuLine(r.cpu)}.`), '',
      `**Where the time goes** (\`GET ${decodeURIComponent(profiledPath)}\`, ${CONNECTIONS} connections, ${DURATION} s, the gateway process sampled every 100 µs through the V8 inspector; ${num(cpu.busyMs / 1000, 1)} s of busy CPU; shares of the busy samples; \`.cpuprofile\` written to the OS temp dir):`, '',
      table(['self time by package / file', 'share'], cpu.selfByArea.map((r) => [`\`${r.area}\``, pct(r.share)])), '',
      table(['self time by function', 'share'], cpu.selfByFrame.map((r) => [`\`${r.frame}\``, pct(r.share)])), '',
      table(['inclusive time by function', 'share'], cpu.totalByFrame.map((r) => [`\`${r.frame}\``, pct(r.share)])), '',
      `**The index alone, in the benchmark's own process** (the same ${num(PRODUCTS)} products, no HTTP): building the index ${num(inProcess.buildMs)} ms; \`q=cafe\` on an index that has never seen it (MiniSearch, sort, facets; median of ${inProcess.runs}) ${num(inProcess.coldMs, 2)} ms; the same query again (the answer cached for the snapshot) ${num(inProcess.warmUs, 1)} µs; a delta of one changed product applied to the index ${num(inProcess.applyMs, 2)} ms.`, '',
      `**Search while stock changes** (what orders do all day): the same \`GET ${decodeURIComponent(qPath)}\` load while an admin changes one variant's stock every 500 ms (${stockChanges} changes of a variant that stays in stock; each is a Variant write on the stream, which the snapshot rebuild skips: only a variant selling out or coming back rebuilds): **${num(underChurn.rps)} req/s, p50 ${num(underChurn.p50)} ms, p99 ${num(underChurn.p99)} ms, max ${num(underChurn.max)} ms** (vs ${num(results[1].rps)} req/s, p99 ${num(results[1].p99)} ms without changes; non-2xx ${underChurn.non2xx}, errors ${underChurn.errors}). ${cpuLine(underChurn.cpu)}.`, '',
      `**Admin change → visible in search** (rename a product with a unique word through \`PUT /products/{id}\`, poll \`GET /products?q=word\` every 50 ms), 5 times: median **${num(median(freshness))} ms**, max **${num(Math.max(...freshness))} ms** (${freshness.map((f) => num(f)).join(', ')} ms).`,
      '', errors.length ? `Error lines in the stack's log: ${errors.length}, e.g. \`${errors[0].slice(0, 300)}\`` : 'No error lines in the stack\'s log.',
    ].join('\n');
  } finally {
    await stack.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Orders

/**
 * The order transaction's shape, item for item (lambdas/adapters/dynamodb/orders.ts `createOrder`, one
 * cart line, no coupon): the order, the variant's conditional decrement, the customer's purchase
 * counter, the cart line's conditional delete, the cart's last-order marker and the session's
 * ConditionCheck. `legacy` is the three-item shape earlier runs of this benchmark used as the floor.
 */
type RawShape = 'order' | 'legacy';

async function rawTransactions(endpoint: string, workers: number, seconds: number, shape: RawShape = 'legacy'): Promise<{ txPerSec: number; ok: number; statuses: Record<string, number>; latency: ReturnType<typeof summarize> }> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const TableName = `bench-orders-raw-${Date.now().toString(36)}`;
  await client.send(new CreateTableCommand({
    TableName, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
  }));
  await client.send(new PutItemCommand({ TableName, Item: { PK: { S: 'SKU#RAW-1' }, SK: { S: 'VARIANT' }, stock: { N: '1000000000' }, orderedUnits: { N: '0' } } }));
  const orderPayload = readFileSync(path.join(ROOT, 'package.json'), 'utf8').slice(0, 1_500); // an order item is ~1.5 KB
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let seq = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    while (performance.now() < deadline) {
      const id = `${Date.now().toString(36)}-${w}-${seq++}`;
      const t = performance.now();
      try {
        await client.send(new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: { PK: { S: `ORDER#${id}` }, SK: { S: 'ORDER' }, status: { S: 'PENDING_PAYMENT' }, body: { S: orderPayload } }, ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Update: {
                TableName, Key: { PK: { S: 'SKU#RAW-1' }, SK: { S: 'VARIANT' } }, UpdateExpression: 'SET stock = stock - :q ADD orderedUnits :q',
                ConditionExpression: 'attribute_exists(PK) AND stock >= :q', ExpressionAttributeValues: { ':q': { N: '1' } },
              },
            },
            ...(shape === 'legacy'
              ? [{ Delete: { TableName, Key: { PK: { S: `CART#worker-${w}` }, SK: { S: 'LINE#RAW-1' } } } }]
              : [
                { Update: { TableName, Key: { PK: { S: `USER#worker-${w}` }, SK: { S: 'PURCHASES' } }, UpdateExpression: 'SET entity = :e ADD ordersPlaced :one', ExpressionAttributeValues: { ':e': { S: 'Purchases' }, ':one': { N: '1' } } } },
                {
                  Delete: {
                    TableName, Key: { PK: { S: `USER#worker-${w}` }, SK: { S: 'CART#RAW-1' } },
                    ConditionExpression: 'attribute_not_exists(quantity) OR quantity = :q', ExpressionAttributeValues: { ':q': { N: '1' } },
                  },
                },
                { Put: { TableName, Item: { PK: { S: `USER#worker-${w}` }, SK: { S: 'CART_ORDER' }, orderId: { S: id }, at: { S: new Date().toISOString() } } } },
                {
                  ConditionCheck: {
                    TableName, Key: { PK: { S: `USER#worker-${w}` }, SK: { S: 'TOKENS' } },
                    ConditionExpression: 'attribute_not_exists(validAfterMs) OR validAfterMs <= :iat', ExpressionAttributeValues: { ':iat': { N: String(Date.now()) } },
                  },
                },
              ]),
          ],
        }));
        ok++;
        statuses.ok = (statuses.ok ?? 0) + 1;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.map((r) => r.Code).filter((c) => c && c !== 'None');
        const key = `${(error as Error).name}${reasons?.length ? ` (${reasons.join(',')})` : ''}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (error instanceof ConditionalCheckFailedException) throw error;
      }
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  client.destroy();
  return { txPerSec: ok / elapsed, ok, statuses, latency: summarize(latencies) };
}

interface DynamoCounts { reads: number; writes: number }

/** DynamoDB calls per handler so far, as the stack counts them (`GET /_local/dynamodb/stats`). */
async function dynamoStats(base: string): Promise<Record<string, DynamoCounts>> {
  return (await expectStatus(200, call<Record<string, DynamoCounts>>(base, 'GET', '/_local/dynamodb/stats'), 'dynamodb stats')).body;
}

const callsOf = (stats: Record<string, DynamoCounts>, handler: string) => (stats[handler]?.reads ?? 0) + (stats[handler]?.writes ?? 0);

/**
 * The per-request fixed cost (docs/benchmarks.md "Per-request fixed cost"): scripts/bench-session-server.ts
 * (the real HTTP chain around a handler that does nothing else, in its own process; it builds the
 * API Gateway event itself, as the gateway would) against a bare node:http server, both under the
 * same autocannon load, alternating, `SESSION_ROUNDS` times in this run; then a separate, sampled run
 * of the route for the CPU profile. One customer's token, so the session check is answered from the
 * container's memory of the marker except for its refreshes.
 */
/** CPU seconds used so far by a detached child's process group (the server and, for tsx, its loader). */
const processCpu = (pgid: number | undefined) => Object.values(groupCpu(pgid)).reduce((sum, s) => sum + s, 0);

async function sessionCost(stack: Awaited<ReturnType<typeof startStack>>, token: string): Promise<{ rounds: { bare: LoadResult; route: LoadResult; markerReads: number; cpu: CpuUse; bareCpuMs: number; routeCpuMs: number }[]; profile: ProfileSummary; unavailable: Record<string, number> }> {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { iss: string; client_id: string };
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [TSX_CLI, path.join(ROOT, 'scripts/bench-session-server.ts')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    env: {
      ...process.env, ...INSPECT_ENV, PORT: String(port), LOG_LEVEL: 'WARN', TABLE_NAME: stack.info.tableName, DYNAMODB_ENDPOINT: stack.info.dynamodb,
      JWT_ISSUER: claims.iss, JWKS_URI: `${claims.iss}/.well-known/jwks.json`, USER_POOL_CLIENT_ID: claims.client_id,
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', POWERTOOLS_METRICS_DISABLED: 'true',
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  // The handler's warnings (LOG_LEVEL=WARN): a 503 logs the dependency's error ("Dependency unavailable").
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const hello = await startHelloServer();
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`session server exited ${code}: ${stderr.slice(-2000)}`)));
    });
    const url = `http://127.0.0.1:${port}/bench/session`;
    const headers = { authorization: `Bearer ${token}` };
    await expectStatus(200, call(`http://127.0.0.1:${port}`, 'GET', '/bench/session', { token }), 'session route');
    const calls = async () => (await expectStatus(200, call<{ dynamoCalls: number }>(`http://127.0.0.1:${port}`, 'GET', '/bench/calls'), 'session server calls')).body.dynamoCalls;
    // Unmeasured: both servers' first seconds run cold code (JIT), and the route's first requests fetch the JWKS.
    log('session: warm-up, 3 s on each server (not measured)...');
    await load('warm-up', hello.url, { connections: SESSION_CONNECTIONS, durationS: 3 });
    await load('warm-up', url, { connections: SESSION_CONNECTIONS, durationS: 3, headers });
    const rounds = [];
    for (let i = 0; i < SESSION_ROUNDS; i++) {
      log(`session: round ${i + 1}/${SESSION_ROUNDS}: bare node:http, then the authenticated route, ${SESSION_DURATION} s each...`);
      const bareCpu = processCpu(hello.pid);
      const bare = await load('bare node:http', hello.url, { connections: SESSION_CONNECTIONS, durationS: SESSION_DURATION });
      const bareCpuMs = (processCpu(hello.pid) - bareCpu) * 1000;
      const before = await calls();
      const meter = cpuMeter(stack);
      const routeCpu = processCpu(child.pid);
      const route = await load('authenticated route', url, { connections: SESSION_CONNECTIONS, durationS: SESSION_DURATION, headers });
      const routeCpuMs = (processCpu(child.pid) - routeCpu) * 1000;
      const cpu = meter();
      rounds.push({ bare, route, markerReads: (await calls()) - before, cpu, bareCpuMs: bareCpuMs / bare.requests, routeCpuMs: routeCpuMs / route.requests });
    }
    log(`session: CPU profile of the session server under the same load (${SESSION_DURATION} s)...`);
    const { profile } = await profileDuring(inspectorUrls(stderr), () => load('profiled', url, { connections: SESSION_CONNECTIONS, durationS: SESSION_DURATION, headers }));
    if (!profile) throw new Error('no inspector target in the session server');
    const profileFile = path.join(os.tmpdir(), `session-route-${Date.now()}.cpuprofile`);
    writeFileSync(profileFile, JSON.stringify(profile));
    log(`session: profile written to ${profileFile}`);
    const unavailable: Record<string, number> = {};
    for (const line of stdout.split('\n')) {
      if (!line.includes('Dependency unavailable')) continue;
      const { error } = JSON.parse(line) as { error?: { name?: string; message?: string } };
      const cause = `${error?.name ?? '?'}: ${(error?.message ?? '').slice(0, 120)}`;
      unavailable[cause] = (unavailable[cause] ?? 0) + 1;
    }
    return { rounds, profile: summarizeProfile(profile, 15), unavailable };
  } finally {
    await hello.stop();
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
}

// ---------------------------------------------------------------------------------------------
// 5b. Per-request fixed cost

async function session(): Promise<string> {
  log('session: starting a local stack (SEED_PRODUCTS=0)...');
  const stack = await startStack({ seedProducts: 0 });
  try {
    const [customer] = await createCustomers(stack.url, 1);
    const { rounds, profile, unavailable } = await sessionCost(stack, customer.token);
    const pct = (share: number) => `${num(share * 100, 1)} %`;
    const ratios = rounds.map((r) => r.route.rps / r.bare.rps);
    const requests = rounds.reduce((sum, r) => sum + r.route.requests, 0);
    const reads = rounds.reduce((sum, r) => sum + r.markerReads, 0);
    return [
      stamp(), '',
      `What it measures: our handler's fixed cost per request. scripts/bench-session-server.ts serves one route with the real \`http()\` chain (middy, Powertools logger, token verified with aws-jwt-verify, the session check with its per-container memory, the error mapping) around a handler that does nothing else, under node:http in its own process; it builds the API Gateway v2 event itself (in AWS, API Gateway's work, not ours; the local gateway's route matching is not in it). Baseline: a bare \`node:http\` server answering a constant. ${SESSION_CONNECTIONS} connections, ${SESSION_DURATION} s each, bare then route, ${SESSION_ROUNDS} rounds one after the other after 3 s of unmeasured warm-up on each; one customer's token (a stack with SEED_PRODUCTS=0).`, '',
      table(['round', 'bare node:http req/s (p99 ms)', 'authenticated route req/s (p99 ms)', 'statuses', '**route ÷ bare** (req/s)', 'server CPU per request, bare / route (ms)', 'bare ÷ route (CPU per request)', 'marker reads / requests'],
        rounds.map((r, i) => [i + 1, `${num(r.bare.rps)} (${num(r.bare.p99)})`, `${num(r.route.rps)} (${num(r.route.p99)})`, JSON.stringify(r.route.statuses), `**${num(ratios[i], 2)}**`, `${num(r.bareCpuMs, 3)} / ${num(r.routeCpuMs, 3)}`, num(r.bareCpuMs / r.routeCpuMs, 2), `${num(r.markerReads)} / ${num(r.route.requests)}`])), '',
      ...rounds.map((r, i) => `- Round ${i + 1}, the route's run: ${cpuLine(r.cpu)} (the session server is one of the "other processes").`), '',
      'The server CPU per request is each server\'s own process group\'s CPU time (/proc) over the requests it answered: on a machine whose cores other processes hold, req/s moves with what the scheduler gives each server, while the CPU a request costs does not, so "bare ÷ route (CPU per request)" is the ratio the route would reach with a core of its own.', '',
      `Route ÷ bare: **${num(Math.min(...ratios), 2)}–${num(Math.max(...ratios), 2)}×** over ${rounds.length} rounds (median ${num(median(ratios), 2)}). Marker reads: ${num(reads)} for ${num(requests)} requests (${num(reads / Math.max(1, requests), 5)} consistent reads, i.e. RCU, per request).`, '',
      Object.keys(unavailable).length
        ? `503 answers, by the failed dependency call the handler logged (a marker read that fails fails every request waiting for it): ${Object.entries(unavailable).map(([cause, n]) => `${n}× \`${cause}\``).join('; ')}.`
        : `503 answers: ${num(rounds.reduce((sum, r) => sum + (r.route.statuses['503'] ?? 0), 0))}; no cause found in the handler's warnings.`, '',
      `**Where the time goes** (a separate ${SESSION_DURATION} s run of the route, the session server sampled every 100 µs through the V8 inspector; ${num(profile.busyMs / 1000, 1)} s of busy CPU; shares of the busy samples):`, '',
      table(['self time by package / file', 'share'], profile.selfByArea.map((r) => [`\`${r.area}\``, pct(r.share)])), '',
      table(['inclusive time by function', 'share'], profile.totalByFrame.map((r) => [`\`${r.frame}\``, pct(r.share)])),
    ].join('\n');
  } finally {
    await stack.stop();
  }
}

async function orders(): Promise<string> {
  log('orders: starting a local stack (SEED_PRODUCTS=0)...');
  const stack = await startStack({ seedProducts: 0 });
  try {
    const admin = await adminToken(stack);
    const categories = (await expectStatus(200, call(stack.url, 'GET', '/categories'), 'categories')).body.items as { id: string }[];
    const sku = `BENCH-${Date.now().toString(36).toUpperCase()}`;
    await expectStatus(201, call(stack.url, 'POST', '/products', {
      token: admin,
      body: { name: 'Produto de carga', description: '<p>Estoque grande</p>', categoryIds: [categories[0].id], variants: [{ sku, priceCents: 4_990, stock: 1_000_000, weightGrams: 500 }] },
    }), 'create product');
    log(`orders: creating ${ORDER_CUSTOMERS} customers...`);
    const customers = await createCustomers(stack.url, ORDER_CUSTOMERS, { concurrency: 10 });
    log(`orders: ${ORDER_CUSTOMERS} customers add to cart + POST /orders for ${ORDERS_DURATION} s...`);
    const outputBefore = stack.output().length;
    const latencies: number[] = [];
    const cartLatencies: number[] = [];
    const statuses: Record<string, number> = {};
    const cartStatuses: Record<string, number> = {};
    const failures: Record<string, number> = {};
    let placed = 0;
    const statsBefore = await dynamoStats(stack.url);
    const meter = cpuMeter(stack);
    const deadline = performance.now() + ORDERS_DURATION * 1000;
    const started = performance.now();
    await Promise.all(customers.map(async (c) => {
      while (performance.now() < deadline) {
        const cart = await call(stack.url, 'POST', '/cart', { token: c.token, body: { sku, quantity: 1 } });
        cartStatuses[cart.status] = (cartStatuses[cart.status] ?? 0) + 1;
        cartLatencies.push(cart.ms);
        if (cart.status !== 200) {
          failures[`POST /cart ${cart.status} ${cart.body?.error?.code ?? ''}`] = (failures[`POST /cart ${cart.status} ${cart.body?.error?.code ?? ''}`] ?? 0) + 1;
          continue;
        }
        const order = await call(stack.url, 'POST', '/orders', { token: c.token, body: { addressId: c.addressId } });
        statuses[order.status] = (statuses[order.status] ?? 0) + 1;
        latencies.push(order.ms);
        if (order.status === 201) placed++;
        else failures[`POST /orders ${order.status} ${order.body?.error?.code ?? ''}`] = (failures[`POST /orders ${order.status} ${order.body?.error?.code ?? ''}`] ?? 0) + 1;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = meter();
    const statsAfter = await dynamoStats(stack.url);
    const cartCalls = callsOf(statsAfter, 'cart/add-item') - callsOf(statsBefore, 'cart/add-item');
    const orderCalls = callsOf(statsAfter, 'orders/create-order') - callsOf(statsBefore, 'orders/create-order');
    const cartRequests = Object.values(cartStatuses).reduce((a, b) => a + b, 0);
    const orderRequests = Object.values(statuses).reduce((a, b) => a + b, 0);
    const errors = errorLines(stack.output().slice(outputBefore));
    const ordersPerSec = placed / elapsed;
    const o = summarize(latencies);
    const cartSummary = summarize(cartLatencies);
    log(`orders: ${placed} orders in ${num(elapsed, 1)} s; raw TransactWriteItems (order shape) for ${ORDERS_DURATION} s...`);
    const rawMeter = cpuMeter(stack);
    const raw = await rawTransactions(stack.info.dynamodb, ORDER_CUSTOMERS, ORDERS_DURATION, 'order');
    const rawCpu = rawMeter();
    log(`orders: raw TransactWriteItems (three-item shape of earlier runs) for ${ORDERS_DURATION} s...`);
    const legacy = await rawTransactions(stack.info.dynamodb, ORDER_CUSTOMERS, ORDERS_DURATION, 'legacy');
    return [
      stamp(), '',
      `A stack with SEED_PRODUCTS=0; one SKU with 1,000,000 units; ${ORDER_CUSTOMERS} customers created through the API (register, code from the outbox, confirm, login, address). Each customer loops for ${ORDERS_DURATION} s: \`POST /cart\` (1 unit of the SKU), then \`POST /orders\` — so all orders reserve stock on the same variant item, the hottest case.`, '',
      table(['measure', 'value'], [
        ['orders placed (201)', num(placed)],
        ['**orders/s**', `**${num(ordersPerSec, 1)}**`],
        ['`POST /orders` latency p50 / p99 / max', `${num(o.p50)} / ${num(o.p99)} / ${num(o.max)} ms`],
        ['`POST /orders` statuses', JSON.stringify(statuses)],
        ['`POST /cart` latency p50 / p99', `${num(cartSummary.p50)} / ${num(cartSummary.p99)} ms`],
        ['`POST /cart` statuses', JSON.stringify(cartStatuses)],
        ['**DynamoDB calls per `POST /cart` + `POST /orders`** (`/_local/dynamodb/stats`)', `**${num(cartCalls / Math.max(1, cartRequests), 2)} + ${num(orderCalls / Math.max(1, orderRequests), 2)} = ${num(cartCalls / Math.max(1, cartRequests) + orderCalls / Math.max(1, orderRequests), 2)}** (${num(cartCalls)} calls for ${num(cartRequests)} adds, ${num(orderCalls)} for ${num(orderRequests)} orders)`],
        [`DynamoDB Local raw \`TransactWriteItems\` of the order's shape (${ORDER_CUSTOMERS} workers: Put order-like item + conditional Update of one shared variant item + purchase counter + conditional Delete of a cart line + last-order Put + session ConditionCheck)`, `**${num(raw.txPerSec, 1)} tx/s**, p50 ${num(raw.latency.p50)} ms, p99 ${num(raw.latency.p99)} ms; outcomes ${JSON.stringify(raw.statuses)}`],
        ['**orders/s ÷ raw tx/s (order shape)**', `**${num(ordersPerSec / raw.txPerSec, 2)}**`],
        ['`POST /orders` p99 ÷ raw p99 (order shape)', num(o.p99 / raw.latency.p99, 1)],
        ['raw three-item transaction of earlier runs (Put + Update + Delete), for comparison', `${num(legacy.txPerSec, 1)} tx/s, p99 ${num(legacy.latency.p99)} ms; orders/s ÷ it: ${num(ordersPerSec / legacy.txPerSec, 2)}`],
      ]), '',
      `- Orders: ${cpuLine(cpu)}.`,
      `- Raw transactions (order shape): ${cpuLine(rawCpu)}.`, '',
      `The per-request fixed cost of an authenticated route is its own part (\`session\`), below.`, '',
      Object.keys(failures).length ? `Failed requests: ${Object.entries(failures).map(([k, n]) => `${n}× ${k}`).join('; ')}.` : 'No failed requests.',
      errors.length ? `Error lines in the stack's log during the run: ${errors.length}, e.g. \`${errors[0].slice(0, 400)}\`` : 'No error lines in the stack\'s log during the run.',
    ].join('\n');
  } finally {
    await stack.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Live tracking over WebSocket

/** A bare `ws` echo server in its own process (like the stack's gateway), for the baseline round trip. */
async function startEchoServer(): Promise<{ url: string; stop(): void }> {
  const code = "const { WebSocketServer } = require('ws'); const s = new WebSocketServer({ port: 0, host: '127.0.0.1' }, () => console.log(s.address().port)); s.on('connection', (c) => c.on('message', (m) => c.send(m)));";
  const child = spawn(process.execPath, ['-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (c) => reject(new Error(`echo server exited ${c}`)));
  });
  return { url: `ws://127.0.0.1:${port}`, stop: () => void child.kill('SIGTERM') };
}

function openSocket(url: string, onMessage: (data: string, at: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => resolve(socket));
    socket.on('message', (data) => onMessage(String(data), performance.now()));
    socket.on('unexpected-response', (_q, response) => reject(new Error(`handshake refused: ${response.statusCode}`)));
    socket.on('error', reject);
  });
}

/** Echo round trips, one message at a time on each of `sockets` sockets. */
async function echoRoundTrips(url: string, sockets: number, perSocket: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(Array.from({ length: sockets }, async () => {
    let pending: ((at: number) => void) | undefined;
    const socket = await openSocket(url, (_data, at) => pending?.(at));
    for (let i = 0; i < perSocket; i++) {
      const sent = performance.now();
      const at = await new Promise<number>((resolve) => {
        pending = resolve;
        socket.send(JSON.stringify({ type: 'order.status', orderId: `01J${i}`, status: 'PAID', previousStatus: 'PENDING_PAYMENT', at: new Date().toISOString() }));
      });
      latencies.push(at - sent);
    }
    socket.close();
  }));
  return latencies;
}

async function realtime(): Promise<string> {
  log('realtime: starting a local stack (SEED_PRODUCTS=0)...');
  const stack = await startStack({ seedProducts: 0 });
  const sockets: WebSocket[] = [];
  try {
    const admin = await adminToken(stack);
    const categories = (await expectStatus(200, call(stack.url, 'GET', '/categories'), 'categories')).body.items as { id: string }[];
    const sku = `LIVE-${Date.now().toString(36).toUpperCase()}`;
    await expectStatus(201, call(stack.url, 'POST', '/products', {
      token: admin,
      body: { name: 'Produto rastreado', description: '<p>Estoque grande</p>', categoryIds: [categories[0].id], variants: [{ sku, priceCents: 4_990, stock: 1_000_000, weightGrams: 500 }] },
    }), 'create product');
    log(`realtime: ${WS_CUSTOMERS} customers, ${WS_CHANGES} orders...`);
    const customers = await createCustomers(stack.url, WS_CUSTOMERS, { concurrency: 10 });
    const orders = await inBatches(WS_CHANGES, 10, async (i) => {
      const c = customers[i % customers.length];
      await expectStatus(200, call(stack.url, 'POST', '/cart', { token: c.token, body: { sku, quantity: 1 } }), 'cart');
      const order = await expectStatus(201, call(stack.url, 'POST', '/orders', { token: c.token, body: { addressId: c.addressId } }), 'order');
      return { id: order.body.id as string, customer: i % customers.length };
    });
    await sleep(3_000); // the orders' own pushes and events go by before the sockets open

    log(`realtime: opening ${WS_SOCKETS} sockets...`);
    const writtenAt = new Map<string, number>();
    const latencies: number[] = [];
    const stray: string[] = [];
    const wsBase = `${stack.url.replace(/^http/, 'ws')}/ws`;
    const socketsPerCustomer = Math.ceil(WS_SOCKETS / customers.length);
    const opened = await inBatches(WS_SOCKETS, 20, (i) => {
      const owner = customers[i % customers.length];
      return openSocket(`${wsBase}?token=${owner.token}`, (data, at) => {
        const message = JSON.parse(data) as { type: string; orderId: string; status: string };
        const start = writtenAt.get(message.orderId);
        if (message.type === 'order.status' && message.status === 'PAID' && start !== undefined) latencies.push(at - start);
        else stray.push(data);
      });
    });
    sockets.push(...opened);

    log(`realtime: ${WS_CHANGES} order status changes written to the table (PENDING_PAYMENT -> PAID), 20 per second...`);
    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.info.dynamodb, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
    const meter = cpuMeter(stack);
    const expected = orders.reduce((n, o) => n + Math.floor(WS_SOCKETS / customers.length) + (o.customer < WS_SOCKETS % customers.length ? 1 : 0), 0);
    await Promise.all(orders.map(async (order, i) => {
      await sleep(i * 50);
      const at = new Date().toISOString();
      writtenAt.set(order.id, performance.now());
      await ddb.send(new UpdateCommand({
        TableName: stack.info.tableName,
        Key: { PK: `ORDER#${order.id}`, SK: 'ORDER' },
        UpdateExpression: 'SET #status = :paid, timeline = list_append(timeline, :entry), updatedAt = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paid': 'PAID', ':pending': 'PENDING_PAYMENT', ':at': at, ':entry': [{ status: 'PAID', at, description: 'Pagamento confirmado' }] },
      }));
    }));
    const deadline = performance.now() + 60_000;
    while (latencies.length < expected && performance.now() < deadline) await sleep(100);
    const cpu = meter();
    const push = summarize(latencies);

    log('realtime: bare ws echo round trips...');
    const echo = await startEchoServer();
    let echoLatencies: number[];
    try {
      echoLatencies = await echoRoundTrips(echo.url, 20, 100);
    } finally {
      echo.stop();
    }
    const e = summarize(echoLatencies);
    const errors = errorLines(stack.output());
    return [
      stamp(), '',
      `A stack with SEED_PRODUCTS=0; ${WS_CUSTOMERS} customers (created through the API) with ${WS_SOCKETS} WebSocket clients (\`ws\`, ${socketsPerCustomer} per customer, \`/ws?token=\`) on the local gateway; ${WS_CHANGES} of their orders changed from PENDING_PAYMENT to PAID by direct table writes, 20 per second. Latency: from just before the table write is sent to the \`order.status\` message arriving at each of the owner's sockets (the path: DynamoDB Local's stream → the local poller, which polls every 250 ms → realtime/push-changes → PostToConnection through the SDK → the gateway's management API → the socket). Baseline: a bare \`ws\` echo server in its own process, 20 clients × 100 sequential round trips, in the same run.`, '',
      table(['measure', 'value'], [
        ['pushes received / expected', `${num(latencies.length)} / ${num(expected)}`],
        ['**table write → push at the client** p50 / p99 / max', `**${num(push.p50)} / ${num(push.p99)} / ${num(push.max)} ms**`],
        ['bare `ws` echo round trip p50 / p99 / max', `${num(e.p50, 2)} / ${num(e.p99, 2)} / ${num(e.max, 2)} ms`],
        ['messages for anything else (must be 0)', num(stray.length)],
      ]), '',
      `- During the changes: ${cpuLine(cpu)}.`,
      errors.length ? `Error lines in the stack's log during the run: ${errors.length}, e.g. \`${errors[0].slice(0, 400)}\`` : 'No error lines in the stack\'s log during the run.',
    ].join('\n');
  } finally {
    for (const socket of sockets) socket.terminate();
    await stack.stop();
  }
}

// ---------------------------------------------------------------------------------------------

const SKELETON = `# Benchmarks

Measured with \`npm run bench\` (scripts/bench.ts); \`npm run bench -- --write\` regenerates the
sections between the \`bench:\` markers, \`npm run bench -- --help\` lists the options (\`--skip-tests\`,
\`--only=catalog,orders\`, \`--products=10000\`, \`--quick\`). Each section says when and on what it was
measured. The flash sale has its own benchmark and results: [flash-sale.md](flash-sale.md).

Everything runs on one machine: the load generator, the local gateway (all handlers in one Node
process) and DynamoDB Local (Java). On a 2-core machine they compete for the same cores, so absolute
numbers are a floor for this code, not a prediction for AWS, where every request gets its own Lambda
container and DynamoDB is a fleet. The ratios (next to a bare \`node:http\` server and to DynamoDB
Local's raw rate on the same machine in the same run) are what to compare between runs.

<!-- bench:machine -->
<!-- /bench:machine -->

## 1. Local stack cold start

<!-- bench:cold-start -->
<!-- /bench:cold-start -->

## 2. Bundle size and import time per function

<!-- bench:bundles -->
<!-- /bench:bundles -->

## 3. Test suite wall time

<!-- bench:tests -->
<!-- /bench:tests -->

## 4. Catalog search on a large catalog

<!-- bench:catalog -->
<!-- /bench:catalog -->

## 5. Orders under load

<!-- bench:orders -->
<!-- /bench:orders -->

### Per-request fixed cost

<!-- bench:session -->
<!-- /bench:session -->

## 6. Live tracking over WebSocket

<!-- bench:realtime -->
<!-- /bench:realtime -->

## 7. Notifier throughput

<!-- bench:notifier -->
<!-- /bench:notifier -->
`;

// ---------------------------------------------------------------------------------------------
// 6. Notifier throughput

/**
 * A backlog of domain events on the notifications queue (the real SQS emulator), drained by the local
 * pollers and the notifier exactly as `npm start` runs them. To make a backlog rather than a stream,
 * every message is sent with the DelaySeconds that makes it visible at one instant (1 s granularity),
 * after all of them are on the queue; the clock starts then and stops when the queue is empty.
 */
async function notifier(): Promise<string> {
  log('notifier: starting a local stack (SEED_PRODUCTS=0)...');
  const stack = await startStack({ seedProducts: 0 });
  try {
    const customers = await createCustomers(stack.url, 20, { concurrency: 10 });
    // Half the customers get SMS too: a message is then two sends (email + SMS), each with its marker.
    const smsCustomers = customers.filter((_, i) => i % 2 === 0);
    await inBatches(smsCustomers.length, 5, async (i) => {
      const c = smsCustomers[i];
      await expectStatus(200, call(stack.url, 'PATCH', '/me', { token: c.token, body: { phone: `+551199${String(1_000_000 + i).slice(-7)}` } }), 'phone');
      await expectStatus(200, call(stack.url, 'PUT', '/me/notification-preferences', { token: c.token, body: { email: { orders: true, marketing: false }, sms: { orders: true } } }), 'preferences');
    });
    const queueUrl = `${stack.info.sqs}/123456789012/${stack.info.tableName}-notifications`;
    const statsBefore = (await call(stack.url, 'GET', '/_local/dynamodb/stats')).body as Record<string, { reads: number; writes: number }>;
    log(`notifier: queueing ${NOTIFIER_MESSAGES} OrderPaid events, visible together...`);
    const sqs = await queueBacklog(stack, 'notifications', NOTIFIER_MESSAGES, (i) => orderPaidEvent(i, customers[i % customers.length].userId));
    const meter = cpuMeter(stack);
    const started = performance.now();
    const depth = async () => {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
        QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }));
      return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) + Number(Attributes.ApproximateNumberOfMessagesDelayed);
    };
    for (let left = await depth(); left > 0; left = await depth()) {
      if (performance.now() - started > 600_000) throw new Error(`the notifier did not drain the queue in 10 minutes (${left} left)`);
      await sleep(100);
    }
    const elapsed = (performance.now() - started) / 1000;
    const cpu = meter();
    const statsAfter = (await call(stack.url, 'GET', '/_local/dynamodb/stats')).body as Record<string, { reads: number; writes: number }>;
    const outbox = (await call(stack.url, 'GET', '/_local/outbox?type=order-paid', { timeoutMs: 120_000 })).body.items as { channel: string }[];
    const deadLetters = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${queueUrl}-dlq`, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const emails = outbox.filter((m) => m.channel === 'email').length;
    const sms = outbox.filter((m) => m.channel === 'sms').length;
    const calls = (s: typeof statsAfter) => s['notifications/notify'] ?? { reads: 0, writes: 0 };
    const reads = calls(statsAfter).reads - calls(statsBefore).reads;
    const writes = calls(statsAfter).writes - calls(statsBefore).writes;
    return [
      stamp(), '',
      `A stack with SEED_PRODUCTS=0 and 20 customers, half of them opted in to SMS (with a phone). ${num(NOTIFIER_MESSAGES)} \`OrderPaid\` events (distinct ids) are put on the notifications queue of the SQS emulator with a DelaySeconds that makes them visible together; the clock runs from that instant until the queue (visible + in flight + delayed) is empty. The local pollers (4 per queue, batches of 10, like Lambda's event source mapping with 4 concurrent batches) invoke the notifier, which reads the recipient (one BatchGetItem), claims a marker per channel, appends to the outbox and marks it sent.`, '',
      table(['measure', 'value'], [
        ['events on the queue', num(NOTIFIER_MESSAGES)],
        ['drained in', `${num(elapsed, 1)} s`],
        ['**notifier throughput**', `**${num(NOTIFIER_MESSAGES / elapsed, 1)} messages/s**`],
        ['sends (emails + SMS)', `${num(emails)} + ${num(sms)} = ${num(emails + sms)} (${num((emails + sms) / elapsed, 1)} sends/s)`],
        ['DynamoDB calls per event (notifier)', `${num(reads / NOTIFIER_MESSAGES, 2)} reads, ${num(writes / NOTIFIER_MESSAGES, 2)} writes`],
        ['messages in the DLQ afterwards', Number(deadLetters.Attributes?.ApproximateNumberOfMessages ?? 0)],
      ]), '',
      `- ${cpuLine(cpu)}.`,
      `- Expected sends: ${num(NOTIFIER_MESSAGES)} emails and ${num(NOTIFIER_MESSAGES / 2)} SMS; ${emails === NOTIFIER_MESSAGES && sms === NOTIFIER_MESSAGES / 2 ? 'all sent, none twice' : '**counts differ: see the stack log**'}.`,
      '- In AWS the event source mapping scales out to many concurrent batches (up to the function\'s concurrency), and SES and End User Messaging have their own send rates (account quotas), which this local figure does not model: it measures the notifier\'s own cost (DynamoDB Local bounds it here).',
    ].join('\n');
  } finally {
    await stack.stop();
  }
}

/** An OrderPaid event as EventBridge puts it on an SQS target (the webhooks and notifications queues carry these). */
function orderPaidEvent(i: number, customerId: string) {
  const orderId = `01BENCH${String(i).padStart(8, '0')}`;
  const at = new Date().toISOString();
  return {
    version: '0', id: `bench-${i}`, 'detail-type': 'OrderPaid', source: 'store.orders', account: '000000000000', region: 'local', time: at, resources: [],
    detail: {
      metadata: { id: `${orderId}:PAID`, version: 1, time: at, correlationId: `bench-${i}` },
      data: {
        orderId, customerId, status: 'PAID', previousStatus: 'PENDING_PAYMENT', totalCents: 4_990, items: [],
        paymentDeadline: at, carrier: null, trackingCode: null, flashSaleId: null,
      },
    },
  };
}

/** Puts `count` events on a queue of the SQS emulator, all visible at one instant (a backlog, not a stream); resolves at that instant. */
async function queueBacklog(stack: Awaited<ReturnType<typeof startStack>>, queue: string, count: number, event: (i: number) => unknown): Promise<SQSClient> {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: stack.info.sqs, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const queueUrl = `${stack.info.sqs}/123456789012/${stack.info.tableName}-${queue}`;
  const sendSeconds = Math.max(5, Math.ceil(count / 500));
  const visibleAt = Date.now() + (sendSeconds + 2) * 1000;
  await inBatches(Math.ceil(count / 10), 10, async (b) => {
    const delay = Math.max(0, Math.ceil((visibleAt - Date.now()) / 1000));
    const entries = Array.from({ length: Math.min(10, count - b * 10) }, (_, k) => ({ Id: String(k), MessageBody: JSON.stringify(event(b * 10 + k)), DelaySeconds: delay }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  });
  const queued = Date.now();
  if (queued > visibleAt) throw new Error(`sending took longer than the delay (${queued - visibleAt} ms late): raise sendSeconds`);
  await sleep(visibleAt - queued);
  return sqs;
}

/**
 * Integrator webhooks fan-out (issue 20): 10 endpoints subscribed to order.paid, one of them failing,
 * a backlog of OrderPaid events on the webhooks queue; how fast the healthy endpoints receive every
 * event, and whether the failing one slows them. Two runs: the failing endpoint answers 500 at once,
 * or never answers (the sender's timeout).
 */
async function webhooks(): Promise<string> {
  const received = new Map<string, Set<string>>();
  let failingHits = 0;
  let mode: 'error' | 'hang' = 'error';
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/failing') {
        failingHits++;
        if (mode === 'hang') return; // never answers: the sender's timeout ends it
        res.writeHead(500).end('no');
        return;
      }
      const ids = received.get(req.url ?? '') ?? new Set<string>();
      ids.add(String(req.headers['webhook-id']));
      received.set(req.url ?? '', ids);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const rows: (string | number)[][] = [];
  try {
    for (const scenario of ['error', 'hang'] as const) {
      mode = scenario;
      received.clear();
      failingHits = 0;
      log(`webhooks (${scenario}): starting a local stack (SEED_PRODUCTS=0)...`);
      const stack = await startStack({ seedProducts: 0 });
      try {
        const token = await adminToken(stack);
        const healthy = Array.from({ length: 9 }, (_, i) => `/ok${i}`);
        for (const target of [...healthy, '/failing']) {
          await expectStatus(201, call(stack.url, 'POST', '/admin/webhooks', { token, body: { url: `${base}${target}`, events: ['order.paid'], description: `bench ${target}` } }), 'register');
        }
        log(`webhooks (${scenario}): queueing ${WEBHOOK_EVENTS} OrderPaid events...`);
        await queueBacklog(stack, 'webhooks', WEBHOOK_EVENTS, (i) => orderPaidEvent(i, 'bench-customer'));
        const started = performance.now();
        const meter = cpuMeter(stack);
        let healthyDone: number | undefined;
        while (healthyDone === undefined) {
          if (performance.now() - started > 900_000) throw new Error('the healthy endpoints did not receive every event in 15 minutes');
          if (healthy.every((p) => (received.get(p)?.size ?? 0) >= WEBHOOK_EVENTS)) healthyDone = (performance.now() - started) / 1000;
          else await sleep(100);
        }
        const cpu = meter();
        const deliveries = healthy.reduce((n, p) => n + (received.get(p)?.size ?? 0), 0);
        rows.push([
          scenario === 'error' ? 'answers 500 at once' : 'never answers (first attempt cut at 1 s)',
          `${num(healthyDone, 1)} s`, `${num(deliveries / healthyDone, 1)} deliveries/s`, `${num(WEBHOOK_EVENTS / healthyDone, 1)} events/s`,
          num(failingHits), cpuLine(cpu),
        ]);
      } finally {
        await stack.stop();
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return [
    stamp(), '',
    `A stack with SEED_PRODUCTS=0 and 10 integrator endpoints on 127.0.0.1 subscribed to \`order.paid\`: 9 answer 200, 1 fails. ${num(WEBHOOK_EVENTS)} \`OrderPaid\` events are put on the webhooks queue of the SQS emulator, visible together; the clock runs from that instant until each healthy endpoint has received every event (counted by distinct \`webhook-id\`). The local pollers (4 per queue, batches of 10) invoke webhooks/fan-out, which records one delivery per endpoint and event and tries it once; failed deliveries wait for the retry sweep.`, '',
    table(['failing endpoint', 'healthy endpoints complete in', 'healthy deliveries', 'events fanned out', 'attempts on the failing one', 'CPU'], rows),
  ].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const partsRun: [Part, (() => Promise<string>)][] = ([
    ['cold-start', coldStart], ['bundles', bundles], ['tests', tests], ['catalog', catalog], ['orders', orders], ['session', session], ['realtime', realtime], ['notifier', notifier], ['webhooks', webhooks],
  ] as [Part, () => Promise<string>][]).filter(([p]) => runs(p));
  const sections: [Part, string][] = [];
  for (const [part, fn] of partsRun) {
    await waitForQuiet();
    const t = performance.now();
    const md = await fn();
    log(`${part} done in ${secs(performance.now() - t)}`);
    sections.push([part, `${md}\n\n_This part took ${secs(performance.now() - t)}._`]);
  }
  console.log(`\n# Benchmarks (${secs(performance.now() - started)})\n`);
  for (const [part, md] of sections) console.log(`## ${part}\n\n${md}\n`);
  if (flags.write) {
    if (!existsSync(DOC)) writeFileSync(DOC, SKELETON);
    for (const [part, md] of sections) writeSection(DOC, part, md);
    writeSection(DOC, 'machine', `Last \`npm run bench -- --write\`: ${machineLine()}. Parts run: ${sections.map(([p]) => p).join(', ')}${quick ? ' (quick smoke run)' : ''}; ${secs(performance.now() - started)} in all. The machine: \`nproc\` cores, \`node --version\`, \`java -version\`, \`uname\`; each section below has its own date.`);
    log(`wrote ${path.relative(ROOT, DOC)}`);
  }
  log(`done in ${secs(performance.now() - started)}`);
}

main().then(() => process.exit(process.exitCode ?? 0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
