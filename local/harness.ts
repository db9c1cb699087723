/**
 * Drives the local stack from outside: the integration tests' globalSetup (test/helpers/) and the
 * benchmarks (scripts/bench-lib.ts) both start it through here. Free ports, `local/start.ts` (the
 * same program as `npm start`) spawned on them in memory and waited for, plus the small pieces both
 * clients share: the customers' password, response bodies, bounded concurrency.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The password of the customers tests and benchmarks register (it meets the password policy). */
export const PASSWORD = 'Segura#2026';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The LOCAL_STACK_READY line `local/start.ts` prints once it is seeded (LOCAL_STACK_JSON=true). */
export interface LocalStackReady {
  url: string;
  /** The storefront on its own origin (its API is `url`). */
  storefrontUrl: string;
  admin: { email: string; password: string };
  dataDir: string;
  cognito: string;
  userPoolId: string;
  dynamodb: string;
  s3: string;
  sqs: string;
  tableName: string;
  sandboxWebhookSecret: string;
  /** Signs requests to the test hooks (docs/testing.md). */
  testHooksSecret: string;
  /** Sign-ups at this domain are confirmed without a code. */
  testEmailDomain: string;
  seededProducts: number;
  flashSaleId: string | null;
  startedInMs: number;
}

export interface SpawnedStack {
  /** http://127.0.0.1:<port> (known before the stack is ready). */
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** process.hrtime.bigint() just before spawn. */
  spawnedAt: bigint;
  /** Resolves with the LOCAL_STACK_READY line. */
  ready: Promise<LocalStackReady>;
  /** The stack's stdout+stderr (last 2 MB), for error evidence. */
  output(): string;
}

export interface SpawnOptions {
  /** The repository root: `local/start.ts` runs there, with its tsx. */
  projectRoot: string;
  /** Prefix of the throwaway DATA_DIR under the OS temp dir. */
  dataDirPrefix: string;
  /** Variables over the process's own and the stack's ports; an undefined value unsets one. */
  env?: Record<string, string | undefined>;
  /**
   * How long to wait for readiness (default 300 s: on a machine shared with other builds, DynamoDB
   * Local's JVM and the first bundling can take minutes; a readiness wait, not a speed goal).
   */
  timeoutMs?: number;
}

const DEFAULT_START_TIMEOUT_MS = 300_000;

/**
 * Spawns `local/start.ts` on free ports, in memory, with a temporary DATA_DIR, in its own process
 * group (stop it group-wide). Returns at once; `ready` resolves later, or rejects if the stack
 * exits or does not start within `timeoutMs`.
 */
export async function spawnLocalStack(options: SpawnOptions): Promise<SpawnedStack> {
  const [port, dynamoPort, cognitoPort, s3Port, sqsPort, storefrontPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix));
  const env = Object.fromEntries(Object.entries({
    ...process.env,
    PORT: String(port),
    DYNAMODB_PORT: String(dynamoPort),
    COGNITO_PORT: String(cognitoPort),
    S3_PORT: String(s3Port),
    SQS_PORT: String(sqsPort),
    STOREFRONT_PORT: String(storefrontPort),
    DATA_DIR: dataDir,
    IN_MEMORY: 'true',
    LOCAL_STACK_JSON: 'true',
    ...options.env,
  }).filter(([, value]) => value !== undefined));
  const tsxCli = createRequire(path.join(options.projectRoot, 'package.json')).resolve('tsx/cli');
  const spawnedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, [tsxCli, 'local/start.ts'], { cwd: options.projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const ready = readyLine(child, () => output, options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  ready.catch(() => undefined);
  return { url: `http://127.0.0.1:${port}`, child, dataDir, spawnedAt, ready, output: () => output };
}

function readyLine(child: ChildProcess, output: () => string, timeoutMs: number): Promise<LocalStackReady> {
  return new Promise<LocalStackReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local stack did not start in ${timeoutMs / 1000} s:\n${output().slice(-4000)}`)), timeoutMs);
    const onData = () => {
      const line = /LOCAL_STACK_READY (.+)\n/.exec(output());
      if (line) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve(JSON.parse(line[1]) as LocalStackReady);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${output().slice(-4000)}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A response body: its JSON, undefined when empty, the text itself when it is not JSON (e.g. the docs page). */
/**
 * Stops a spawned stack's process group (SIGTERM, SIGKILL after 10 s) and removes its data directory:
 * the globalTeardowns and the test files that start a stack of their own.
 */
export async function stopSpawnedStack(child: ChildProcess | undefined, dataDir: string | undefined): Promise<void> {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

export function jsonOrText(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Runs `fn` for 0..n-1 with at most `concurrency` in flight. */
export async function inBatches<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, async () => {
    while (next < n) {
      const i = next++;
      results[i] = await fn(i);
    }
  }));
  return results;
}
