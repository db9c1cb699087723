import { createHash } from 'node:crypto';
import type { HttpResult } from './core.js';

/** The JSON and ETag of each body object already answered (a cached, frozen result is serialised once). */
const serialised = new WeakMap<object, { json: string; etag: string }>();

/**
 * Public, briefly cacheable JSON: a strong ETag over the body and Cache-Control for CDNs and
 * browsers; a matching If-None-Match is answered 304 with no body. The body must not change once
 * answered: the same object is not serialised twice.
 */
export function cacheable(headers: Readonly<Record<string, string | undefined>>, body: unknown, maxAgeSeconds: number): HttpResult {
  const known = typeof body === 'object' && body !== null ? serialised.get(body) : undefined;
  const { json, etag } = known ?? (() => {
    const text = JSON.stringify(body);
    const made = { json: text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"` };
    if (typeof body === 'object' && body !== null) serialised.set(body, made);
    return made;
  })();
  const cacheHeaders = {
    etag,
    'cache-control': `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds * 3}`,
  };
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    return { status: 304, headers: cacheHeaders };
  }
  return { body, json, headers: cacheHeaders };
}
