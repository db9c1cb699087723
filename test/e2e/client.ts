/**
 * The e2e suite's only way to the API: plain HTTP to one base URL, with what a tester of any stage
 * has: API_URL, ADMIN_EMAIL / ADMIN_PASSWORD and the stage's TEST_HOOKS_SECRET (and WS_URL, the
 * stage's WebSocket URL, for the live-tracking check). (In `npm test` the
 * suite's own local stack sets E2E_*, test/e2e/global-setup.ts, which win over the plain names.)
 * A `/_local` path is refused here, so the suite cannot lean on the local stack's back doors.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { signTestHookRequest } from '../../lambdas/http/test-signature.js';

function setting(name: string): string {
  const value = process.env[`E2E_${name}`] ?? process.env[name];
  if (!value) throw new Error(`Set ${name} (see docs/testing.md): the e2e suite needs API_URL, ADMIN_EMAIL, ADMIN_PASSWORD and TEST_HOOKS_SECRET`);
  return value;
}

export const target = () => ({
  url: setting('API_URL').replace(/\/+$/, ''),
  adminEmail: setting('ADMIN_EMAIL'),
  adminPassword: setting('ADMIN_PASSWORD'),
  testHooksSecret: setting('TEST_HOOKS_SECRET'),
});

/**
 * The live-tracking WebSocket (API.md "Real-time (v2)"): WS_URL, the stage's `WebSocketUrl` output; by
 * default API_URL's `/ws`, where the local stack (and npm start) serves it.
 */
const webSocketUrl = () => process.env.E2E_WS_URL ?? process.env.WS_URL ?? `${target().url.replace(/^http/, 'ws')}/ws`;

/** A signed-in socket and every JSON message it received; refused handshakes reject with their status. */
export async function liveFeed(token: string): Promise<{ messages: Record<string, unknown>[]; close(): void }> {
  const socket = new WebSocket(`${webSocketUrl()}?token=${encodeURIComponent(token)}`);
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`WebSocket handshake: ${response.statusCode}`)));
    socket.once('error', reject);
  });
  return { messages, close: () => socket.close() };
}

// biome-ignore lint/suspicious/noExplicitAny: the suite asserts response bodies field by field
export interface Reply<T = any> { status: number; body: T; text: string; headers: Headers }

// biome-ignore lint/suspicious/noExplicitAny: the suite asserts response bodies field by field
export async function call<T = any>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<Reply<T>> {
  if (path.startsWith('/_local')) throw new Error(`The e2e suite must not use the local stack's endpoints (${path})`);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${target().url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the text itself
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** A request to a test hook, signed with the stage's test secret. */
// biome-ignore lint/suspicious/noExplicitAny: the suite asserts response bodies field by field
export async function hook<T = any>(routeKey: string, body?: unknown, secret = target().testHooksSecret): Promise<Reply<T>> {
  const [method, path] = routeKey.split(' ');
  const raw = body === undefined ? '' : JSON.stringify(body);
  const signature = signTestHookRequest({ secret, routeKey, rawBody: raw, nowMs: Date.now() });
  return call<T>(method, path, { raw: raw || undefined, headers: { ...signature, ...(raw ? { 'content-type': 'application/json' } : {}) } });
}

/** Expects a status, failing with the whole answer (a failing journey step should say why). */
export function expectStatus(reply: Reply, status: number): void {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${reply.text.slice(0, 500)}`);
}

export const runId = () => randomUUID().replace(/-/g, '').slice(0, 10);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (asynchronous consumers: the search snapshot, refunds). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}
