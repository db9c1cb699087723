/**
 * The fetch-and-extract worker's use case, one page (one queue message) at a time:
 *
 * 1. a page of a run that is over, or already recorded (a redelivered message), is dropped;
 * 2. the page's host is taken for this fetch alone (concurrency 1, `intervalMs` between fetches, or
 *    robots.txt's Crawl-delay when longer); a busy host puts the message back with a delay;
 * 3. robots.txt (cached a day on the host record; 4xx = everything allowed; unreachable = everything
 *    disallowed, asked again after 10 minutes, as RFC 9309 says) must allow the URL for our User-Agent;
 * 4. a conditional GET (ETag / Last-Modified of the last fetch); 429/503 back the whole host off for
 *    Retry-After and put the page back, a few times at most;
 * 5. the products on the page go to ingest (or a sitemap's URLs become pages of the run);
 * 6. the page is counted into its run once (the run finishes with its last page).
 * A store or queue fault throws: the message comes back (SQS) and nothing was counted twice.
 */
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import robotsParserModule from 'robots-parser';
import { absoluteUrl } from './clean.js';
import { extractProducts } from './extract.js';
import { ingestProduct, type IngestDeps } from './ingest.js';
import type { CollectionStore, FetchResult, HostSlot, PageFetcher, PageOutcome, PageQueue, RunRecord } from './ports.js';
import type { PageMessage } from './schemas.js';

/** robots-parser is CommonJS (`module.exports` is the function) while its types declare an ES default export. */
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export interface WorkerDeps extends IngestDeps {
  store: CollectionStore;
  queue: PageQueue;
  fetcher: PageFetcher;
  /** Least time between two fetches from one host. */
  intervalMs: number;
  /** Longest a fetch may hold its host (the fetcher's timeout and a margin). */
  holdMs: number;
  now: () => Date;
}

/** Times a page is put back (busy or throttling host) before it counts as failed. */
export const MAX_DEFERRALS = 20;
const MAX_DELAY_SECONDS = 900;
const ROBOTS_TTL_MS = 24 * 3600_000;
/** An unreachable robots.txt (everything disallowed meanwhile) is asked again after this long. */
const ROBOTS_RETRY_MS = 10 * 60_000;
/** A robots.txt Crawl-delay above this is not honoured to the letter: the host waits this long. */
const MAX_CRAWL_DELAY_MS = 60_000;

const none = (): PageOutcome => ({ fetched: false, productsFound: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 });
const failed = (cause: NonNullable<PageOutcome['failure']>['cause'], reason: string, fetched = false): PageOutcome => ({ ...none(), fetched, failure: { cause, reason: reason.slice(0, 300) } });

/** What became of a page; `finished`: the run its count finished (for the run's metrics and alarm). */
export type PageResult = { kind: 'dropped' | 'deferred' } | { kind: 'recorded'; finished?: RunRecord };

const DROPPED: PageResult = { kind: 'dropped' };
const DEFERRED: PageResult = { kind: 'deferred' };

export async function processPage(deps: WorkerDeps, message: PageMessage): Promise<PageResult> {
  const { store } = deps;
  const run = await store.getRun(message.sourceId, message.runId);
  if (run?.status !== 'RUNNING') return DROPPED;
  const page = { key: message.via ? `${message.url} via ${message.via}` : message.url, url: message.url };
  if (await store.pageRecorded(message.runId, page.key)) return DROPPED;
  const record = async (outcome: PageOutcome): Promise<PageResult> => {
    const { recorded, finished } = await store.recordPage(message.sourceId, message.runId, page, outcome, deps.now().toISOString());
    return recorded ? { kind: 'recorded', finished } : DROPPED;
  };

  let url: URL;
  try {
    url = new URL(message.url);
  } catch {
    return record(failed('http-error', 'not a URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return record(failed('ssrf-refused', 'only http(s) URLs are fetched'));

  const nowMs = deps.now().getTime();
  const taken = await store.takeHost(url.host, nowMs, nowMs + deps.holdMs);
  if (!taken.ok) {
    // Busy (another fetch, a crawl delay or a Retry-After): come back at a turn of our own.
    // A fetch in flight usually ends well before its hold does; a crawl delay or Retry-After is waited out in full.
    const turn = await store.reserveTurn(url.host, taken.fetching ? nowMs + deps.intervalMs : taken.retryAtMs, deps.intervalMs);
    return defer(deps, message, turn - nowMs, record);
  }

  let nextAllowedMs = nowMs + deps.intervalMs;
  let robots: HostSlot['robots'] | undefined;
  try {
    const cached = taken.slot.robots;
    if (!cached?.expiresAt || Date.parse(cached.expiresAt) <= nowMs) {
      const fetched = await fetchRobots(deps.fetcher, url, deps.now());
      // A host we may not reach at all (its address is private, loopback, metadata ...): the page's own failure.
      if ('refused' in fetched) return await record(failed('ssrf-refused', fetched.refused));
      robots = fetched;
    }
    const rules = robotsRules(url, robots ?? cached, deps.fetcher.userAgent);
    const crawlDelay = Math.min(MAX_CRAWL_DELAY_MS, (rules.crawlDelaySeconds ?? 0) * 1000);
    nextAllowedMs = deps.now().getTime() + Math.max(deps.intervalMs, crawlDelay);
    if (!rules.allowed(url.href)) return await record(failed('robots-disallowed', rules.why));

    const cache = message.kind === 'page' ? await store.pageCache(url.href) : undefined;
    const result = await deps.fetcher.get(url.href, cache);
    nextAllowedMs = deps.now().getTime() + Math.max(deps.intervalMs, crawlDelay);
    if (result.kind === 'throttled') {
      nextAllowedMs = deps.now().getTime() + Math.max(result.retryAfterMs, deps.intervalMs);
      if (message.deferrals >= MAX_DEFERRALS) return await record(failed('throttled', `HTTP ${result.status} after ${message.deferrals} deferrals`, true));
      return await defer(deps, message, nextAllowedMs - deps.now().getTime(), record);
    }
    if (result.kind === 'failed') return await record(failed(result.cause, result.reason));
    if (result.kind === 'moved') return await record(await follow(deps, message, result.url));
    if (result.kind === 'not-modified') {
      // Unchanged since the last fetch: its products are unchanged too (and a page that had none still has none).
      const products = cache?.products ?? 0;
      if (!products) return await record(failed('no-product', 'no product found on the page (unchanged)', true));
      return await record({ ...none(), fetched: true, productsFound: products, unchanged: products });
    }
    if (message.kind === 'sitemap') return await record(await planSitemap(deps, message, result, run.pagesPlanned));
    return await record(await extractPage(deps, message, result));
  } finally {
    await store.releaseHost(url.host, nextAllowedMs, robots);
  }
}

/** What became of a polite image fetch: the bytes, come back later (busy or throttling host), another host to ask, or refused. */
export type ImageFetch =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'later'; waitMs: number }
  | { kind: 'moved'; url: string }
  | { kind: 'refused'; reason: string };

export type ImageFetchDeps = Pick<WorkerDeps, 'store' | 'fetcher' | 'intervalMs' | 'holdMs' | 'now'>;

/**
 * A collected product's image, fetched as politely as its page was: the same host record (one fetch
 * at a time, the interval or Crawl-delay between fetches, Retry-After), robots.txt for our
 * User-Agent, and the guarded fetcher (SSRF checks after DNS, deadline, size cap).
 */
export async function fetchImagePolitely(deps: ImageFetchDeps, href: string): Promise<ImageFetch> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { kind: 'refused', reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'refused', reason: 'only http(s) URLs are fetched' };
  const nowMs = deps.now().getTime();
  const taken = await deps.store.takeHost(url.host, nowMs, nowMs + deps.holdMs);
  if (!taken.ok) {
    const turn = await deps.store.reserveTurn(url.host, taken.fetching ? nowMs + deps.intervalMs : taken.retryAtMs, deps.intervalMs);
    return { kind: 'later', waitMs: turn - nowMs };
  }
  let nextAllowedMs = nowMs + deps.intervalMs;
  let robots: HostSlot['robots'] | undefined;
  try {
    const cached = taken.slot.robots;
    if (!cached?.expiresAt || Date.parse(cached.expiresAt) <= nowMs) {
      const fetched = await fetchRobots(deps.fetcher, url, deps.now());
      if ('refused' in fetched) return { kind: 'refused', reason: fetched.refused };
      robots = fetched;
    }
    const rules = robotsRules(url, robots ?? cached, deps.fetcher.userAgent);
    const crawlDelay = Math.min(MAX_CRAWL_DELAY_MS, (rules.crawlDelaySeconds ?? 0) * 1000);
    if (!rules.allowed(url.href)) return { kind: 'refused', reason: rules.why };
    const result = await deps.fetcher.getBytes(url.href);
    nextAllowedMs = deps.now().getTime() + Math.max(deps.intervalMs, crawlDelay);
    if (result.kind === 'throttled') {
      nextAllowedMs = deps.now().getTime() + Math.max(result.retryAfterMs, deps.intervalMs);
      return { kind: 'later', waitMs: nextAllowedMs - deps.now().getTime() };
    }
    if (result.kind === 'failed') return { kind: 'refused', reason: `${result.cause}: ${result.reason}` };
    if (result.kind === 'moved') return result;
    return { kind: 'ok', bytes: result.bytes };
  } finally {
    await deps.store.releaseHost(url.host, nextAllowedMs, robots);
  }
}

async function defer(deps: WorkerDeps, message: PageMessage, waitMs: number, record: (o: PageOutcome) => Promise<PageResult>): Promise<PageResult> {
  if (message.deferrals >= MAX_DEFERRALS) return record(failed('throttled', `host busy after ${message.deferrals} deferrals`));
  const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(waitMs / 1000)));
  await deps.queue.send([{ ...message, deferrals: message.deferrals + 1 }], delaySeconds);
  return DEFERRED;
}

async function fetchRobots(fetcher: PageFetcher, url: URL, now: Date): Promise<NonNullable<HostSlot['robots']> | { refused: string }> {
  const result: FetchResult = await fetcher.get(`${url.protocol}//${url.host}/robots.txt`);
  if (result.kind === 'failed' && result.cause === 'ssrf-refused') return { refused: result.reason };
  const fetchedAt = now.toISOString();
  const until = (ms: number) => new Date(now.getTime() + ms).toISOString();
  if (result.kind === 'ok') return { body: result.body.slice(0, 500_000), status: result.status, fetchedAt, expiresAt: until(ROBOTS_TTL_MS) };
  // 4xx but 429 (no robots.txt): everything allowed, for a day.
  const status = result.kind === 'throttled' ? result.status : result.kind === 'failed' ? (result.status ?? 0) : 0;
  if (status >= 400 && status < 500 && status !== 429) return { body: '', status, fetchedAt, expiresAt: until(ROBOTS_TTL_MS) };
  // Unreachable (5xx, 429, network, timeout): RFC 9309 says assume complete disallow; asked again sooner.
  return { body: '', status, fetchedAt, expiresAt: until(ROBOTS_RETRY_MS) };
}

interface RobotsRules {
  allowed(href: string): boolean;
  /** Why a URL is not allowed. */
  why: string;
  crawlDelaySeconds?: number;
}

function robotsRules(url: URL, robots: HostSlot['robots'], agent: string): RobotsRules {
  if (!robots) return { allowed: () => false, why: 'robots.txt unknown' };
  if (robots.status === 0 || robots.status === 429 || robots.status >= 500) {
    return { allowed: () => false, why: `robots.txt unreachable (${robots.status ? `HTTP ${robots.status}` : 'no answer'}): nothing is fetched from the host until it answers` };
  }
  if (robots.status >= 400) return { allowed: () => true, why: '' };
  const parsed = robotsParser(`${url.protocol}//${url.host}/robots.txt`, robots.body);
  return { allowed: (href) => parsed.isAllowed(href, agent) !== false, why: 'robots.txt disallows this path', crawlDelaySeconds: parsed.getCrawlDelay(agent) };
}

async function extractPage(deps: WorkerDeps, message: PageMessage, page: Extract<FetchResult, { kind: 'ok' }>): Promise<PageOutcome> {
  if (!/^(text\/html|application\/xhtml\+xml)/i.test(page.contentType)) return failed('not-html', `content type ${page.contentType || 'missing'}`, true);
  const { products } = extractProducts(page.body, page.url);
  const outcome: PageOutcome = { ...none(), fetched: true, productsFound: products.length };
  if (!products.length) {
    await deps.store.savePageCache(message.url, { etag: page.etag, lastModified: page.lastModified, products: 0 });
    return { ...outcome, failure: { cause: 'no-product', reason: 'no product found on the page' } };
  }
  for (const product of products) {
    const result = await ingestProduct(deps, message.sourceId, product, deps.now());
    outcome[result]++;
  }
  await deps.store.savePageCache(message.url, { etag: page.etag, lastModified: page.lastModified, products: products.length });
  return outcome;
}

/** Redirects to other hosts followed as pages of their own: at most this many in a row. */
export const MAX_HOPS = 5;

/** A redirect to another host: the target becomes a page of the run (planned first), this page is done. */
async function follow(deps: WorkerDeps, message: PageMessage, target: string): Promise<PageOutcome> {
  if (message.hops >= MAX_HOPS) return failed('redirects', `more than ${MAX_HOPS} redirects to other hosts`, true);
  await deps.store.addPlanned(message.sourceId, message.runId, 1);
  await deps.queue.send([{ ...message, url: target, deferrals: 0, hops: message.hops + 1, via: message.url }]);
  return { ...none(), fetched: true };
}

/** A sitemap's `<loc>` URLs on the same host become pages of the run, within its page budget. */
async function planSitemap(deps: WorkerDeps, message: PageMessage, page: Extract<FetchResult, { kind: 'ok' }>, planned: number): Promise<PageOutcome> {
  const source = await deps.store.getSource(message.sourceId);
  const budget = Math.max(0, (source?.maxPages ?? 0) - (planned - 1));
  const doc = parseDocument(page.body, { xmlMode: true });
  const host = new URL(page.url).host;
  const urls = [...new Set(findAll((e) => e.name === 'loc', doc.children)
    .map((e) => absoluteUrl(textContent(e).trim(), page.url))
    .filter((u): u is string => u !== undefined && new URL(u).host === host))]
    .filter((u) => !source?.startUrls.includes(u))
    .slice(0, budget);
  if (urls.length) {
    // Planned before they are sent, so the run cannot finish before they are counted.
    await deps.store.addPlanned(message.sourceId, message.runId, urls.length);
    await deps.queue.send(urls.map((url) => ({ runId: message.runId, sourceId: message.sourceId, url, kind: 'page' as const, deferrals: 0, hops: 0 })));
  }
  return { ...none(), fetched: true };
}
