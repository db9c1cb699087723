/**
 * Serves the built storefront (web/dist, `npm run web:build`) under /store/ on the gateway's port:
 * one origin for the app and the API, so no CORS, and no API route starts with /store. Paths
 * that are not files get index.html (the app routes them). `/` redirects to the store. Every answer
 * carries the security headers and CSP CloudFront sends in AWS (lib/storefront-headers.ts), with the
 * local stack's sources, so the browser journeys prove the policy does not break the app.
 */
import { readFile, stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { headerFields, productImageSources, runtimeConfigScript, storefrontHeaders, type StorefrontPayments } from '../lib/storefront-headers.js';

export const STOREFRONT_PATH = '/store/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StorefrontServing {
  /** @default STOREFRONT_DIR, else web/dist */
  readonly dir?: string;
  /**
   * The API's origin when the app is served on another one: the CSP names it, and `/store/config.js`
   * (web/src/config.ts) points the app at it and at its WebSocket. @default the page's own
   */
  readonly apiOrigin?: string;
}


/**
 * The card form of the local stack: the sandbox's, or with LOCAL_PAYMENTS=mercadopago (local/stack.ts) the
 * Mercado Pago one, whose SDK script, tokeniser and card-field frames are the MP fake's.
 */
export function localPayments(): StorefrontPayments {
  const sdkUrl = process.env.MERCADOPAGO_SDK_URL;
  return process.env.PAYMENT_PROVIDER === 'mercadopago' && sdkUrl
    ? { provider: 'mercadopago', publicKey: process.env.MERCADOPAGO_PUBLIC_KEY, sdkUrl }
    : { provider: 'sandbox' };
}

/**
 * The policy with the local stack's sources: the sandbox gateway (its card tokeniser is an API route) or the MP fake,
 * images from the S3 emulator and from the sites the collection tests publish, which are loopback
 * servers on http (COLLECTION_ALLOW_LOOPBACK) where AWS has only https marketplaces.
 */
export function localStorefrontHeaders(pageOrigin: string, apiOrigin?: string): Record<string, string> {
  const media = process.env.MEDIA_BASE_URL;
  const payments = localPayments();
  const fake = payments.provider === 'mercadopago' && payments.sdkUrl ? new URL(payments.sdkUrl).origin : undefined;
  return headerFields(storefrontHeaders({
    paymentProvider: payments.provider,
    mercadoPagoSources: fake ? { script: fake, connect: fake, frame: fake } : undefined,
    imageSources: media ? productImageSources(new URL(media).origin, ['http:', 'https:']) : ['http:', 'https:'],
    apiOrigin,
    websocketOrigin: (apiOrigin ?? pageOrigin).replace(/^http/, 'ws'),
    // The console's photo uploads: pre-signed PUTs to the S3 emulator.
    uploadOrigins: media ? [new URL(media).origin] : [],
  }));
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/** Answers the request when it is the storefront's; false lets the gateway route it to the API. */
export async function serveStorefront(req: IncomingMessage, res: ServerResponse, pathname: string, serving: StorefrontServing = {}): Promise<boolean> {
  const dir = path.resolve(serving.dir ?? process.env.STOREFRONT_DIR ?? 'web/dist');
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname === '/' || pathname === '/store') {
    res.writeHead(302, { location: STOREFRONT_PATH });
    res.end();
    return true;
  }
  if (!pathname.startsWith(STOREFRONT_PATH)) return false;
  const security = localStorefrontHeaders(`http://${req.headers.host ?? '127.0.0.1'}`, serving.apiOrigin);
  const index = path.join(dir, 'index.html');
  if (!(await isFile(index))) {
    res.writeHead(503, { ...security, 'content-type': 'text/plain; charset=utf-8' });
    res.end('The storefront is not built: run `npm run web:build`.\n');
    return true;
  }
  const payments = localPayments();
  if ((serving.apiOrigin || payments.provider !== 'sandbox') && pathname === `${STOREFRONT_PATH}config.js`) {
    const api = serving.apiOrigin ? { apiUrl: serving.apiOrigin, websocketUrl: `${serving.apiOrigin.replace(/^http/, 'ws')}/ws` } : {};
    res.writeHead(200, { ...security, 'content-type': TYPES['.js'], 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : runtimeConfigScript({ ...api, ...(payments.provider === 'sandbox' ? {} : { payments }) }));
    return true;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(STOREFRONT_PATH.length));
  } catch {
    relative = '';
  }
  const candidate = path.join(dir, path.normalize(`/${relative}`));
  const file = relative && candidate.startsWith(dir + path.sep) && (await isFile(candidate)) ? candidate : index;
  const hashed = file !== index && relative.startsWith('assets/');
  const body = await readFile(file);
  // Text files gzipped when the browser accepts it, as CloudFront compresses them in AWS (`compress: true`).
  const gzip = COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, {
    ...security,
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : gzip ? gzipped(file, body) : body);
  return true;
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json']);
const gzipCache = new Map<string, { source: Buffer; gzip: Buffer }>();

/** A file's gzip, kept while the file's bytes stay the same (a rebuild replaces them). */
function gzipped(file: string, source: Buffer): Buffer {
  const cached = gzipCache.get(file);
  if (cached?.source.equals(source)) return cached.gzip;
  const gzip = gzipSync(source);
  gzipCache.set(file, { source, gzip });
  return gzip;
}

/**
 * `npm start`'s second origin: the storefront alone (as on a CDN of its own), calling the gateway's API
 * across origins (the local gateway allows any origin). The gateway's /store/ keeps serving it on the
 * API's origin, as the distribution does in AWS, for the browser tests.
 */
export async function startStorefrontServer(options: { port: number; apiUrl: string; host?: string }): Promise<{ url: string; stop(): Promise<void> }> {
  const apiOrigin = new URL(options.apiUrl).origin;
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    void serveStorefront(req, res, pathname, { apiOrigin }).then((served) => {
      if (!served) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Only the storefront is here (${STOREFRONT_PATH}); the API is ${apiOrigin}\n`);
    }, () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
