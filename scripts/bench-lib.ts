/**
 * Shared helpers of the benchmarks (scripts/bench.ts, scripts/bench-flash-sale.ts): start and
 * stop local stacks on free ports, a small keep-alive HTTP client, customers created through the
 * API, autocannon, percentiles, markdown, and writing results into a doc between markers.
 *
 * Everything here talks to 127.0.0.1 only. Every stack is started in memory with a throwaway
 * data dir, in its own process group, and killed (group-wide) when the benchmark ends, fails or
 * is interrupted.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, inBatches, jsonOrText, type LocalStackReady, PASSWORD, type SpawnedStack, spawnLocalStack } from '../local/harness.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const TSX_CLI = require.resolve('tsx/cli');

// ---------------------------------------------------------------------------------------------
// Command line

export interface FlagSpec {
  type: 'boolean' | 'string';
  default?: string | boolean;
  help: string;
}

/** Parses `--name=value` / `--flag` options; prints `usage` and exits on --help or an unknown flag. */
export function cli<T extends Record<string, FlagSpec>>(usage: string, spec: T): { [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean : string } {
  const all: Record<string, FlagSpec> = { ...spec, help: { type: 'boolean', help: 'this text' } };
  const options = Object.fromEntries(Object.entries(all).map(([name, s]) => [name, { type: s.type, default: s.default }]));
  const help = () => [
    usage, '', 'Options:',
    ...Object.entries(all).map(([name, s]) =>
      `${`  --${name}${s.type === 'string' ? '=<value>' : ''}`.padEnd(27)} ${s.help}` + (s.default !== undefined && s.type === 'string' ? ` (default ${s.default})` : '')),
  ].join('\n');
  let values: Record<string, unknown>;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: parseArgs' option typing does not survive the mapping above
    values = parseArgs({ args: process.argv.slice(2), options: options as any, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${help()}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(help());
    process.exit(0);
  }
  return values as { [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean : string };
}

export function intFlag(value: string, name: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer >= ${min}, got ${value}`);
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Local stacks

export interface Stack extends SpawnedStack {
  stop(): Promise<void>;
}

const live = new Set<Stack>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

process.once('exit', () => {
  for (const stack of live) {
    killGroup(stack.child, 'SIGKILL');
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping ${live.size} local stack(s)...`);
    void Promise.all([...live].map((s) => s.stop())).finally(() => process.exit(130));
  });
}

/**
 * Spawns `local/start.ts` (the same program as `npm start`) on free ports, in memory, with a
 * temporary DATA_DIR, in its own process group. Returns at once; `ready` resolves later.
 */
export async function spawnStack(options: { seedProducts?: number; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Stack> {
  const spawned = await spawnLocalStack({
    projectRoot: ROOT,
    dataDirPrefix: 'store-bench-',
    env: { LOG_LEVEL: 'ERROR', ...options.env, SEED_PRODUCTS: options.seedProducts === undefined ? undefined : String(options.seedProducts) },
    timeoutMs: options.timeoutMs ?? 180_000,
  });
  const { child, dataDir } = spawned;
  const stack: Stack = {
    ...spawned,
    stop: async () => {
      if (!live.has(stack)) return;
      live.delete(stack);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        killGroup(child, 'SIGTERM');
        await Promise.race([exited, sleep(10_000, true)]);
        // The group (DynamoDB Local's JVM included) goes, whatever the parent did.
        killGroup(child, 'SIGKILL');
      } else {
        killGroup(child, 'SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  live.add(stack);
  return stack;
}

/** Spawns a stack and waits for it. */
export async function startStack(options: { seedProducts?: number; env?: Record<string, string> } = {}): Promise<Stack & { info: LocalStackReady }> {
  const stack = await spawnStack(options);
  try {
    return Object.assign(stack, { info: await stack.ready });
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/**
 * CPU seconds used so far by each process of a process group (Linux /proc), by command name:
 * shows where a 2-core machine's time goes during a load test (gateway, DynamoDB Local, client).
 */
export function groupCpu(pgid: number | undefined): Record<string, number> {
  const usage: Record<string, number> = {};
  if (!pgid) return usage;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return usage; // not Linux
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] is state (field 3): pgrp is field 5, utime 14, stime 15
      if (Number(fields[2]) !== pgid) continue;
      usage[comm] = (usage[comm] ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      // the process ended meanwhile
    }
  }
  return usage;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Busy CPU seconds of the whole machine so far (/proc/stat), 0 when unavailable. */
function machineBusy(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

export interface CpuUse { gateway: number; dynamodb: number; client: number; other: number; wall: number }

/**
 * CPU seconds used by a stack's processes, by this (client) process and by everything else on
 * the machine between two calls. `other` shows interference (another test run, a build).
 */
export function cpuMeter(stack: Stack | undefined): () => CpuUse {
  const before = groupCpu(stack?.child.pid);
  const client = process.cpuUsage();
  const busy = machineBusy();
  const started = performance.now();
  return () => {
    const after = groupCpu(stack?.child.pid);
    const delta = (names: string[]) => names.reduce((sum, n) => sum + (after[n] ?? 0) - (before[n] ?? 0), 0);
    const names = Object.keys(after);
    const used = process.cpuUsage(client);
    const gateway = delta(names.filter((n) => !n.startsWith('java')));
    const dynamodb = delta(names.filter((n) => n.startsWith('java')));
    const clientS = (used.user + used.system) / 1e6;
    const total = machineBusy() - busy;
    return { gateway, dynamodb, client: clientS, other: Math.max(0, total - gateway - dynamodb - clientS), wall: (performance.now() - started) / 1000 };
  };
}

/**
 * Waits (up to `maxWaitMs`) until processes other than this one use less than `threshold` of a
 * core over a 2 s sample, so a measurement does not start while a test run or a build is busy.
 * Returns the last sample (cores in use by others).
 */
export async function waitForQuiet(maxWaitMs = 60_000, threshold = 0.25): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (let announced = false; ; ) {
    const busy = machineBusy();
    const own = process.cpuUsage();
    await sleep(2_000);
    const used = process.cpuUsage(own);
    const others = Math.max(0, machineBusy() - busy - (used.user + used.system) / 1e6) / 2;
    if (others < threshold || Date.now() > deadline) {
      if (others >= threshold) log(`machine still busy (${num(others, 2)} cores used by other processes); measuring anyway`);
      return others;
    }
    if (!announced) log(`other processes use ${num(others, 2)} cores; waiting up to ${maxWaitMs / 1000} s for a quiet machine...`);
    announced = true;
  }
}

export function cpuLine(cpu: CpuUse): string {
  const cores = os.availableParallelism();
  return `CPU seconds over ${num(cpu.wall, 1)} s (${cores} cores = ${num(cpu.wall * cores, 1)} CPU-s): gateway + handlers (node) ${num(cpu.gateway, 1)}, DynamoDB Local (java) ${num(cpu.dynamodb, 1)}, load generator ${num(cpu.client, 1)}, other processes ${num(cpu.other, 1)}`;
}

/** Lines of the stack's output that look like errors (handler logs at ERROR, gateway errors, stack traces). */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((l) => /"level":"(ERROR|CRITICAL)"|local gateway error|Error:|stream poller error|dropped a batch/i.test(l));
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** `unref`: do not keep the process alive for this timer (time-outs raced against other work). */
export const sleep = (ms: number, unref = false) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms);
  if (unref) timer.unref();
});

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

const defaultAgent = keepAliveAgent(64);

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  /** ms from the call to the full response (client-side queueing included). */
  ms: number;
  /** ms from getting a socket to the full response (the server's share). */
  serviceMs: number;
  /** performance.now() when the response ended. */
  endedAt: number;
}

export interface CallOptions { token?: string; body?: unknown; headers?: Record<string, string>; agent?: http.Agent; timeoutMs?: number }

/** One HTTP request; never rejects on a status, rejects on a network error or timeout. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
export function call<T = any>(base: string, method: string, urlPath: string, options: CallOptions = {}): Promise<Reply<T>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    let socketAt = started;
    const req = http.request(`${base}${urlPath}`, { method, headers, agent: options.agent ?? defaultAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const endedAt = performance.now();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: jsonOrText(text) as T, text, ms: endedAt - started, serviceMs: endedAt - socketAt, endedAt });
      });
    });
    req.on('socket', () => {
      socketAt = performance.now();
    });
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`timeout: ${method} ${urlPath}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Throws unless the status is the expected one. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
export async function expectStatus<T = any>(expected: number, reply: Promise<Reply<T>>, what: string): Promise<Reply<T>> {
  const r = await reply;
  if (r.status !== expected) throw new Error(`${what}: expected ${expected}, got ${r.status} ${r.text.slice(0, 500)}`);
  return r;
}

/** Polls `url` every `everyMs` until it answers 200; returns ms since `since` (hrtime). */
export async function pollUntil200(url: string, since: bigint, deadlineMs: number, everyMs = 25): Promise<number> {
  const agent = new http.Agent({ keepAlive: false });
  const limit = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.setTimeout(5_000, () => req.destroy());
      req.on('error', () => resolve(false));
    });
    if (ok) return Number(process.hrtime.bigint() - since) / 1e6;
    if (Date.now() > limit) throw new Error(`${url} did not answer 200 within ${deadlineMs} ms`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The store's API

export const ADDRESS = { label: 'Casa', recipient: 'Cliente Bench', street: 'Av. Paulista', number: '1000', district: 'Bela Vista', city: 'São Paulo', state: 'SP', cep: '01310-100' };

export async function adminToken(stack: { url: string; info: LocalStackReady }): Promise<string> {
  const r = await expectStatus(200, call(stack.url, 'POST', '/login', { body: stack.info.admin }), 'admin login');
  return r.body.accessToken as string;
}

export interface Customer { email: string; userId: string; token: string; addressId: string; ip: string }

/** A distinct, valid-looking client IP per customer index (the per-IP limiter keys on it). */
export const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/**
 * Creates `n` confirmed customers with one address each, through the API: register, read the
 * confirmation codes from `GET /_local/outbox`, confirm, log in, add an address. Codes are read
 * once per batch (the outbox endpoint re-reads the whole outbox file on every call).
 */
export async function createCustomers(base: string, n: number, options: { concurrency?: number; batch?: number; prefix?: string; onProgress?: (done: number) => void } = {}): Promise<Customer[]> {
  const concurrency = options.concurrency ?? 10;
  const batch = options.batch ?? 500;
  const prefix = options.prefix ?? `bench${Date.now().toString(36)}`;
  const customers: Customer[] = [];
  for (let from = 0; from < n; from += batch) {
    const size = Math.min(batch, n - from);
    const emails = Array.from({ length: size }, (_, i) => `${prefix}-${from + i}@example.com`);
    const userIds = await inBatches(size, concurrency, async (i) => {
      const r = await expectStatus(201, call(base, 'POST', '/register', { body: { email: emails[i], password: PASSWORD, name: 'Cliente Bench' } }), 'register');
      return r.body.userId as string;
    });
    const outbox = await expectStatus(200, call(base, 'GET', '/_local/outbox?type=confirmation', { timeoutMs: 120_000 }), 'outbox');
    const codes = new Map<string, string>();
    for (const m of outbox.body.items as { to: string; code: string | null }[]) if (m.code && !codes.has(m.to)) codes.set(m.to, m.code);
    const created = await inBatches(size, concurrency, async (i) => {
      const email = emails[i];
      const code = codes.get(email);
      if (!code) throw new Error(`no confirmation code for ${email}`);
      await expectStatus(204, call(base, 'POST', '/register/confirm', { body: { email, code } }), 'confirm');
      const login = await expectStatus(200, call(base, 'POST', '/login', { body: { email, password: PASSWORD } }), 'login');
      const token = login.body.accessToken as string;
      const address = await expectStatus(201, call(base, 'POST', '/me/addresses', { token, body: ADDRESS }), 'address');
      return { email, userId: userIds[i], token, addressId: address.body.id as string, ip: ipOf(from + i) };
    });
    customers.push(...created);
    options.onProgress?.(customers.length);
  }
  return customers;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Nearest-rank percentile of unsorted values (q in 0..100). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((q / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface Summary { n: number; p50: number; p90: number; p99: number; max: number; mean: number }

export function summarize(values: readonly number[]): Summary {
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return { n: values.length, p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), max: Math.max(...values), mean };
}

/** 1234.5 -> "1,235"; small numbers keep `digits` decimals. */
export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const kb = (bytes: number) => `${num(bytes / 1024, 1)} KB`;
export const secs = (ms: number) => `${num(ms / 1000, 1)} s`;

/** Countdown of statuses: { '201': 100, '410': 4900 }. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const NUMERIC = /^\**[-–~≈]?[\d,.]+( ?(ms|s|KB|%|×))?\**$/;

/** A markdown table; columns whose cells are all numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === '' || NUMERIC.test(String(r[i]))));
  return [line(header), `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// autocannon (no types are published; this is the part used here)

interface Histogram { p50: number; p90: number; p99: number; max: number; average: number; total: number }
interface AutocannonResult {
  latency: Histogram;
  requests: Histogram & { sent: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  '2xx': number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult> & { stop(): void };
const autocannon = require('autocannon') as Autocannon;

export interface LoadResult { label: string; rps: number; p50: number; p90: number; p99: number; max: number; requests: number; non2xx: number; errors: number; statuses: Record<string, number> }

/** autocannon against one URL; req/s is completed requests over the measured duration. */
export async function load(label: string, url: string, options: { connections: number; durationS: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const result = await autocannon({ url, connections: options.connections, duration: options.durationS, headers: options.headers, timeout: 30 });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  return {
    label,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
  };
}

/** A bare node:http hello-world in its own process (like the stack), for a baseline on the same machine. */
export async function startHelloServer(): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const code = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end('{"hello":"world"}'); }).listen(${port}, '127.0.0.1', () => console.log('up'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`hello server exited ${c}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      await Promise.race([exited, sleep(5_000, true)]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Machine and docs

export function machine(): { cores: number; cpu: string; memoryGb: number; node: string; java: string; os: string; date: string; commit: string } {
  let java = 'java: not found';
  try {
    java = execFileSync('sh', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' }).trim().replace(/"/g, '');
  } catch {
    // no java
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    java,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
  };
}

export function machineLine(): string {
  const m = machine();
  return `${m.date} · commit ${m.commit} · \`nproc\` = ${m.cores} (${m.cpu}) · ${m.memoryGb} GB RAM · Node ${m.node} · ${m.java} · ${m.os}`;
}

/**
 * Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in `file` (the
 * markers are kept); appends the block at the end if the markers are missing.
 */
export function writeSection(file: string, name: string, content: string): void {
  let doc = '';
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    // new file
  }
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${content.trim()}\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  doc = from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}

/** Wall time of a child process, with its output kept for the report. */
export function timeCommand(command: string, args: string[], options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<{ ms: number; code: number | null; output: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => { output += c.toString(); });
    child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
    const timer = options.timeoutMs ? setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs) : undefined;
    child.once('exit', (code) => {
      if (timer) clearTimeout(timer);
      killGroup(child, 'SIGKILL'); // anything it left behind in its group
      resolve({ ms: performance.now() - started, code, output });
    });
  });
}

export function log(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}
