/**
 * Serves the built storefront (web/dist, `npm run web:build`) under /store/ on the gateway's port:
 * one origin for the app and the API, so no CORS, and no API route starts with /store. Paths
 * that are not files get index.html (the app routes them). `/` redirects to the store.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/** Answers the request when it is the storefront's; false lets the gateway route it to the API. */
export async function serveStorefront(req: IncomingMessage, res: ServerResponse, pathname: string, dir = path.resolve(process.env.STOREFRONT_DIR ?? 'web/dist')): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname === '/' || pathname === '/store') {
    res.writeHead(302, { location: STOREFRONT_PATH });
    res.end();
    return true;
  }
  if (!pathname.startsWith(STOREFRONT_PATH)) return false;
  const index = path.join(dir, 'index.html');
  if (!(await isFile(index))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The storefront is not built: run `npm run web:build`.\n');
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
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  return true;
}
