/** A small HTTP client for the integration and e2e suites: real requests to API_URL. */
import { randomUUID } from 'node:crypto';
import { jsonOrText, PASSWORD } from '../../local/harness.js';

export const apiUrl = (): string => {
  const url = process.env.API_URL;
  if (!url) throw new Error('API_URL is not set (the integration globalSetup sets it)');
  return url;
};

// biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
export async function api<T = any>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${apiUrl()}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: jsonOrText(text) as T, headers: response.headers, text };
}

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;

export interface OutboxMessage { to: string; type: string; code: string | null; subject: string | null; body: string }

export async function lastCode(email: string, type: 'confirmation' | 'password-reset'): Promise<string> {
  const { body } = await api<{ items: OutboxMessage[] }>('GET', `/_local/outbox?to=${encodeURIComponent(email)}&type=${type}`);
  const code = body.items[0]?.code;
  if (!code) throw new Error(`no ${type} code in the outbox for ${email}`);
  return code;
}

export interface TestUser {
  email: string;
  password: string;
  userId: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export async function login(email: string, password: string): Promise<ApiResponse> {
  return api('POST', '/login', { body: { email, password } });
}

/** Registers, confirms with the emailed code and logs in a fresh customer. */
export async function newCustomer(extra: Record<string, unknown> = {}): Promise<TestUser> {
  const email = uniqueEmail();
  const registered = await api('POST', '/register', { body: { email, password: PASSWORD, name: 'Cliente Teste', ...extra } });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  const confirmed = await api('POST', '/register/confirm', { body: { email, code: await lastCode(email, 'confirmation') } });
  if (confirmed.status !== 204) throw new Error(`confirm failed: ${confirmed.status} ${confirmed.text}`);
  const tokens = await login(email, PASSWORD);
  if (tokens.status !== 200) throw new Error(`login failed: ${tokens.status} ${tokens.text}`);
  return { email, password: PASSWORD, userId: registered.body.userId, ...tokens.body };
}

export async function adminToken(): Promise<string> {
  const response = await login(process.env.ADMIN_EMAIL ?? '', process.env.ADMIN_PASSWORD ?? '');
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${response.text}`);
  return response.body.accessToken;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value other than undefined (asynchronous consumers, e.g. the search snapshot). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
