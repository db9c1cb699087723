import { createHash } from 'node:crypto';
import type { HttpResult } from './core.js';

/**
 * Public, briefly cacheable JSON: a strong ETag over the body and Cache-Control for CDNs and
 * browsers; a matching If-None-Match is answered 304 with no body.
 */
export function cacheable(headers: Readonly<Record<string, string | undefined>>, body: unknown, maxAgeSeconds: number): HttpResult {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  const cacheHeaders = {
    etag,
    'cache-control': `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds * 3}`,
  };
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    return { status: 304, headers: cacheHeaders };
  }
  return { body, headers: cacheHeaders };
}
