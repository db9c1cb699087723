import { isScheduleExpression, nextRunAfter } from '#shared/schedule.js';
import { plainText } from '#shared/text.js';
import * as z from '#shared/zod.js';
import { Id } from '../catalog/view-schemas.js';
import { ListQuery } from '../list-query.js';

const HttpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).check(z.maxLength(2048));

/** The shortest interval between two runs of a source: the sites' politeness comes before freshness. */
export const MIN_SCHEDULE_MINUTES = 60;

const Schedule = z.string().check(
  z.trim(),
  z.maxLength(120),
  z.refine(isScheduleExpression, { message: 'schedule must be an EventBridge expression: rate(N minutes|hours|days) or cron(min hour day month weekday year)' }),
  z.refine((expression) => {
    if (!isScheduleExpression(expression)) return true;
    const first = nextRunAfter(expression, new Date(0));
    const second = first && nextRunAfter(expression, first);
    return first !== undefined && second !== undefined && second.getTime() - first.getTime() >= MIN_SCHEDULE_MINUTES * 60_000;
  }, { message: `schedule must fire at most once every ${MIN_SCHEDULE_MINUTES} minutes (and at least once a year)` }),
);

export const SourceBody = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120), plainText()),
  startUrls: z.array(HttpUrl).check(z.maxLength(100), z.refine((urls) => new Set(urls).size === urls.length, { message: 'startUrls must be distinct' })),
  sitemapUrl: z.optional(HttpUrl),
  schedule: Schedule,
  maxPages: z.number().check(z.int(), z.gte(1), z.lte(1000)),
  enabled: z.boolean(),
}).check(z.refine((s) => s.startUrls.length > 0 || s.sitemapUrl !== undefined, { message: 'give startUrls or a sitemapUrl', path: ['startUrls'] }));
export type SourceInput = z.infer<typeof SourceBody>;

export const SourceView = z.object({
  id: z.string(),
  name: z.string(),
  startUrls: z.array(z.string()),
  sitemapUrl: z.nullable(z.string()),
  schedule: z.string(),
  maxPages: z.number(),
  enabled: z.boolean(),
  nextRunAt: z.nullable(z.string()),
  lastRunId: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SourceView = z.infer<typeof SourceView>;
export const SourceList = z.object({ items: z.array(SourceView) });
export const SourceIdParam = z.object({ id: Id });

export const RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'] as const;
export const ERROR_CAUSES = [
  'robots-disallowed', 'ssrf-refused', 'not-html', 'too-large', 'timeout', 'http-error', 'throttled', 'network', 'redirects',
  'no-product', 'invalid-product', 'worker-lost',
] as const;
export type ErrorCause = (typeof ERROR_CAUSES)[number];

export const RunView = z.object({
  runId: z.string(),
  sourceId: z.string(),
  trigger: z.enum(['schedule', 'admin']),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  finishedAt: z.nullable(z.string()),
  pagesPlanned: z.number(),
  pagesFetched: z.number(),
  productsFound: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  failed: z.number(),
  errorsByCause: z.record(z.string(), z.number()),
  /** The first errors of the run (at most 50); `errorsByCause` counts them all. */
  errors: z.array(z.object({ url: z.string(), reason: z.string() })),
});
export type RunView = z.infer<typeof RunView>;
export const RunList = z.object({ items: z.array(RunView), nextCursor: z.nullable(z.string()) });
export const RunStarted = z.object({ runId: z.string() });
export const RunListQuery = ListQuery;

export const ITEM_STATUSES = ['pending', 'published', 'rejected'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

const VariantView = z.object({
  sourceSku: z.nullable(z.string()),
  gtin: z.nullable(z.string()),
  attributes: z.record(z.string(), z.string()),
  priceCents: z.number(),
  availability: z.enum(['in_stock', 'out_of_stock', 'unknown']),
});

export const ItemView = z.object({
  id: z.string(),
  status: z.enum(ITEM_STATUSES),
  sourceId: z.string(),
  sourceUrl: z.string(),
  method: z.enum(['json-ld', 'microdata', 'opengraph', 'heuristic']),
  name: z.string(),
  description: z.string(),
  brand: z.nullable(z.string()),
  gtin: z.nullable(z.string()),
  sourceSku: z.nullable(z.string()),
  images: z.array(z.string()),
  categoryHints: z.array(z.string()),
  variants: z.array(VariantView),
  /** The catalog product it matches (by GTIN, or the one it was published as). */
  productId: z.nullable(z.string()),
  /** On a published item that changed at the source: the prices and availability before the change (review, then publish to apply). */
  previous: z.nullable(z.object({ variants: z.array(VariantView) })),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  updatedAt: z.string(),
});
export type ItemView = z.infer<typeof ItemView>;
export const ItemList = z.object({ items: z.array(ItemView), nextCursor: z.nullable(z.string()) });
export const ItemListQuery = z.extend(ListQuery, { status: z._default(z.enum(ITEM_STATUSES, { message: 'status must be pending, published or rejected' }), 'pending') });
export const ItemIdParam = z.object({ id: Id });
export const PublishBody = z.object({
  categoryIds: z.array(Id).check(z.minLength(1), z.maxLength(10), z.refine((ids) => new Set(ids).size === ids.length, { message: 'categoryIds must be distinct' })),
});

/** One page to fetch and extract (the collection queue's message). */
export const PageMessage = z.object({
  runId: z.string(),
  sourceId: z.string(),
  url: z.string().check(z.maxLength(2048)),
  kind: z.enum(['page', 'sitemap']),
  /** Times this page was put back for a busy or throttling host (Retry-After, crawl delay). */
  deferrals: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** Redirects to other hosts that led here (each one a page of its own). */
  hops: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** The page whose redirect to another host this is: two pages redirecting to one URL are two pages of the run. */
  via: z.optional(z.string().check(z.maxLength(2048))),
});
export type PageMessage = z.infer<typeof PageMessage>;
