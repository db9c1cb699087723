/**
 * A polite, guarded HTTP GET for fetching other people's pages (the collection worker; meant to be
 * shared with the webhook sender, which has the same SSRF rules: lambdas/adapters/webhooks/sender.ts).
 *
 * - http(s) only; the host is resolved here and every address it resolves to must be public
 *   (domain/webhooks/addresses.ts: no private, loopback, link-local/metadata, CGNAT or reserved
 *   address; loopback only where the stage allows it, for the local fixtures); the connection goes
 *   to the address that was checked (a pinned `lookup`), so DNS rebinding cannot move it;
 * - redirects on the same host are followed by hand, at most `maxRedirects`, every hop checked again; a
 *   redirect to another host is answered as `moved` (that host's robots.txt and pace apply to it);
 * - an honest User-Agent with a contact URL; conditional GETs (If-None-Match, If-Modified-Since);
 * - one deadline for the whole exchange (headers and body: a page that never finishes fails);
 * - the body is capped (`maxBytes`, after decompression: a gzip bomb fails too);
 * - 429 and 503 are `throttled`, with Retry-After (seconds or an HTTP date) or a default.
 * Faults of the site are results, never thrown.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FetchResult, PageFetcher } from '#domain/collection/ports.js';
import { classifyAddress, isDeliverableAddress } from '#domain/webhooks/addresses.js';

export interface GuardedFetchOptions {
  userAgent: string;
  /** Loopback addresses allowed (the local stack and tests only, never in AWS). */
  allowLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** When a 429/503 says nothing (no Retry-After). */
  defaultRetryAfterMs: number;
  /** The longest Retry-After honoured as given. */
  maxRetryAfterMs: number;
  resolve?: (host: string) => Promise<string[]>;
}

/** Hosts are told apart by name and port; an upgrade from http to https on the default ports stays on the host. */
const hostKey = (url: URL) => `${url.hostname}:${url.port || 'default'}`;

const resolveAll = async (host: string): Promise<string[]> => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const pinnedLookup = (address: string): LookupFunction => (_host, options, callback) => {
  const family = address.includes(':') ? 6 : 4;
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
  else callback(null, address, family);
};

type Hop =
  | { kind: 'response'; status: number; headers: IncomingMessage['headers']; body: Buffer }
  | { kind: 'redirect'; location: string | undefined }
  | Extract<FetchResult, { kind: 'failed' }>;

export function retryAfterMs(header: string | undefined, now: number, fallback: number, max: number): number {
  if (!header) return fallback;
  const seconds = /^\s*(\d+)\s*$/.exec(header);
  const ms = seconds ? Number(seconds[1]) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(max, Math.max(0, ms)) : fallback;
}

function decode(body: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  try {
    return new TextDecoder(charset && charset !== 'utf8' ? charset : 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

export function createGuardedFetcher(options: GuardedFetchOptions): PageFetcher {
  const resolve = options.resolve ?? resolveAll;

  /** Where a URL may be fetched from: its checked address, or why not. */
  async function addressFor(url: URL): Promise<{ address: string } | Extract<FetchResult, { kind: 'failed' }>> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'failed', cause: 'ssrf-refused', reason: `scheme ${url.protocol} is not fetched` };
    if (url.username || url.password) return { kind: 'failed', cause: 'ssrf-refused', reason: 'URLs with credentials are not fetched' };
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    try {
      addresses = classifyAddress(host) === 'invalid' ? await resolve(host) : [host];
    } catch {
      return { kind: 'failed', cause: 'network', reason: `${host} does not resolve` };
    }
    if (!addresses.length) return { kind: 'failed', cause: 'network', reason: `${host} does not resolve` };
    const refused = addresses.find((a) => !isDeliverableAddress(a, options.allowLoopback));
    if (refused) return { kind: 'failed', cause: 'ssrf-refused', reason: `${host} resolves to a ${classifyAddress(refused)} address` };
    return { address: addresses[0] };
  }

  function hop(url: URL, address: string, headers: Record<string, string>, deadline: number): Promise<Hop> {
    return new Promise((resolveHop) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', headers, lookup: pinnedLookup(address), agent: false });
      let settled = false;
      const finish = (result: Hop) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        resolveHop(result);
      };
      const timer = setTimeout(() => finish({ kind: 'failed', cause: 'timeout', reason: `no complete answer within ${options.timeoutMs} ms` }), Math.max(0, deadline - Date.now()));
      request.on('error', (error) => finish({ kind: 'failed', cause: 'network', reason: `request failed: ${error.message}` }));
      request.on('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && status !== 304) {
          finish({ kind: 'redirect', location: response.headers.location });
          return;
        }
        const declared = Number(response.headers['content-length'] ?? 0);
        if (declared > options.maxBytes && response.headers['content-encoding'] === undefined) {
          finish({ kind: 'failed', cause: 'too-large', reason: `body of ${declared} bytes is over ${options.maxBytes}` });
          return;
        }
        const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
        const stream = encoding === 'gzip' ? response.pipe(createGunzip()) : encoding === 'br' ? response.pipe(createBrotliDecompress()) : encoding === 'deflate' ? response.pipe(createInflate()) : response;
        const chunks: Buffer[] = [];
        let read = 0;
        stream.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > options.maxBytes) finish({ kind: 'failed', cause: 'too-large', reason: `body over ${options.maxBytes} bytes` });
          else chunks.push(chunk);
        });
        stream.on('end', () => finish({ kind: 'response', status, headers: response.headers, body: Buffer.concat(chunks) }));
        stream.on('error', (error) => finish({ kind: 'failed', cause: 'network', reason: `body failed: ${error.message}` }));
      });
      request.end();
    });
  }

  type Exchange = Exclude<FetchResult, { kind: 'ok' }> | { kind: 'ok'; status: number; url: string; contentType: string; body: Buffer; etag: string | null; lastModified: string | null };

  /** One GET with its same-host redirects, every hop checked; the body as bytes. */
  async function exchange(target: string, accept: string, validators?: { etag: string | null; lastModified: string | null }): Promise<Exchange> {
    const deadline = Date.now() + options.timeoutMs;
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return { kind: 'failed', cause: 'http-error', reason: 'not a URL' };
    }
    for (let redirects = 0; ; redirects++) {
      const checked = await addressFor(url);
      if ('kind' in checked) return checked;
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept,
        'accept-language': 'pt-BR,pt;q=0.9',
        'accept-encoding': 'gzip, br',
      };
      // Validators belong to the URL asked for, not to a redirect's target.
      if (redirects === 0 && validators?.etag) headers['if-none-match'] = validators.etag;
      if (redirects === 0 && validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
      const result = await hop(url, checked.address, headers, deadline);
      if (result.kind === 'failed') return { ...result, reason: result.reason.slice(0, 300) };
      if (result.kind === 'redirect') {
        if (redirects >= options.maxRedirects) return { kind: 'failed', cause: 'redirects', reason: `more than ${options.maxRedirects} redirects` };
        if (!result.location) return { kind: 'failed', cause: 'http-error', reason: 'redirect without a Location' };
        let next: URL;
        try {
          next = new URL(result.location, url);
        } catch {
          return { kind: 'failed', cause: 'http-error', reason: 'redirect to an invalid URL' };
        }
        // Another host has its own robots.txt and pace: the caller fetches it as a page of its own.
        if (hostKey(next) !== hostKey(url)) return { kind: 'moved', url: next.href };
        url = next;
        continue;
      }
      const { status, headers: answer, body } = result;
      if (status === 304) return { kind: 'not-modified' };
      if (status === 429 || status === 503) {
        const header = Array.isArray(answer['retry-after']) ? answer['retry-after'][0] : answer['retry-after'];
        return { kind: 'throttled', status, retryAfterMs: retryAfterMs(header, Date.now(), options.defaultRetryAfterMs, options.maxRetryAfterMs) };
      }
      if (status < 200 || status >= 300) return { kind: 'failed', cause: 'http-error', reason: `HTTP ${status}`, status };
      return {
        kind: 'ok', status, url: url.href, contentType: String(answer['content-type'] ?? ''), body,
        etag: typeof answer.etag === 'string' ? answer.etag : null,
        lastModified: typeof answer['last-modified'] === 'string' ? answer['last-modified'] : null,
      };
    }
  }

  return {
    userAgent: options.userAgent,
    async get(target, validators) {
      const result = await exchange(target, 'text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1', validators);
      return result.kind === 'ok' ? { ...result, body: decode(result.body, result.contentType) } : result;
    },
    async getBytes(target) {
      const result = await exchange(target, 'image/avif,image/webp,image/png,image/jpeg;q=0.9,image/*;q=0.8');
      if (result.kind === 'not-modified') return { kind: 'failed', cause: 'http-error', reason: 'HTTP 304 to an unconditional GET' };
      return result.kind === 'ok' ? { kind: 'ok', contentType: result.contentType, bytes: new Uint8Array(result.body) } : result;
    },
  };
}
