/**
 * Shared pieces of the browser journeys (test/helpers/browser-*-journey.ts): a headless Chromium from
 * npm (@sparticuz/chromium's binary, driven by puppeteer-core), axe-core injected from its npm file,
 * screenshots at the two sizes the README shows, the journeys' command line and their JSON calls to the
 * API. ESM-only packages, so only the tsx-run journeys import this file, never Jest.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Flags for this machine's closed network (see the env notes), over the package's own. */
const EXTRA_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=pt-BR'];

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A journey's input: `<storefront URL> <dir> <dir>` on the command line and its JSON config in the
 * environment variable `variable`; anything missing throws the usage line. `apiUrl` is the storefront's
 * origin, where the local gateway also serves the API.
 */
export function journeyInput<Config>(variable: string, usage: string): { storeUrl: string; dirs: [string, string]; config: Config; apiUrl: string } {
  const [storeUrl, first, second] = process.argv.slice(2);
  const raw = process.env[variable];
  if (!storeUrl || !first || !second || !raw) throw new Error(`usage: ${variable}=<json> ${usage}`);
  return { storeUrl, dirs: [first, second], config: JSON.parse(raw) as Config, apiUrl: new URL(storeUrl).origin };
}

/** A JSON call to the API, for what a journey arranges or checks outside the page. */
// biome-ignore lint/suspicious/noExplicitAny: the journeys read a few fields of the API's answers
export type ApiCall = (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: any }>;

export function apiCaller(apiUrl: string): ApiCall {
  return async (method, path, body, token) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await response.text();
    return { status: response.status, body: raw ? JSON.parse(raw) : null };
  };
}

export async function launch(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args, ...EXTRA_ARGS],
    headless: 'shell',
    defaultViewport: DESKTOP,
  });
}

export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
  return page.evaluate('axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))') as Promise<AxeViolation[]>;
}

export const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => el.textContent?.trim() ?? ''));
export const text = async (page: Page, selector: string) => (await texts(page, selector))[0] ?? '';
export const pathOf = (page: Page) => { const url = new URL(page.url()); return url.pathname + url.search; };

/**
 * Collects console errors, Content Security Policy messages and uncaught exceptions of a page. A resource of another origin that fails to
 * load is not the app's error: products that the collection tests publish keep their marketplace image
 * URLs (unresolvable here, or a fixture server already closed), and which of them a page lists depends on
 * the order the test files ran in.
 */
export function consoleErrorsOf(page: Page, ignore: RegExp[] = []): string[] {
  const errors: string[] = [];
  const keep = (message: string) => { if (!ignore.some((pattern) => pattern.test(message))) errors.push(message); };
  const foreignResource = (url: string | undefined) => {
    if (!url || !/^https?:/.test(url)) return false;
    return new URL(url).origin !== new URL(page.url()).origin;
  };
  page.on('console', (message) => {
    // A CSP violation fails the journey whatever its level or origin: the storefront's policy (lib/storefront-headers.ts) must let the app work.
    if (message.text().includes('Content Security Policy')) return keep(message.text());
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource') && foreignResource(message.location().url)) return;
    keep(message.text());
  });
  page.on('pageerror', (error) => keep(String(error)));
  return errors;
}

/**
 * `<name>-desktop.png` at 1280 × 800 and `<name>-mobile.png` at 390 × 844 of the page as it is (or the
 * whole page with `fullPage`), then back to desktop. Only the size changes (no isMobile/hasTouch, which would reload the page and
 * lose the in-memory session); the layout follows the width through its media queries.
 */
export async function shoot(page: Page, dir: string, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}-desktop.png`), fullPage: options.fullPage });
  await page.setViewport(MOBILE);
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.screenshot({ path: path.join(dir, `${name}-mobile.png`), fullPage: options.fullPage });
  await page.setViewport(DESKTOP);
}
