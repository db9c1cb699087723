import type { ErrorCause, ItemStatus, ItemView, PageMessage, RunView, SourceView } from './schemas.js';

export type SourceRecord = SourceView;

export interface RunRecord extends RunView {
  /** After this instant a RUNNING run is closed by the tick, its unrecorded pages counted as `worker-lost`. */
  deadline: string;
  /** Pages recorded (fetched, unchanged or failed); the run finishes when it reaches `pagesPlanned`. */
  pagesDone: number;
}

/** What one page added to its run's record. */
export interface PageOutcome {
  fetched: boolean;
  productsFound: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** A failed page: its cause (counted by cause) and a short reason (kept among the run's first errors). */
  failure?: { cause: ErrorCause; reason: string };
}

export interface ItemRecord extends ItemView {
  /** Hash of the extracted fields: an item that did not change is not touched (nor re-proposed once rejected). */
  fingerprint: string;
}

export type ItemKey = { kind: 'gtin'; value: string } | { kind: 'url'; value: string } | { kind: 'sku'; value: string };

/** The host's politeness record: one fetch at a time, `intervalMs` apart, robots.txt cached. */
export interface HostSlot {
  /** `status` 0: no answer at all. */
  robots: { body: string; status: number; fetchedAt: string; expiresAt: string } | null;
}

export interface CollectionStore {
  createSource(source: SourceRecord): Promise<void>;
  getSource(id: string): Promise<SourceRecord | undefined>;
  listSources(): Promise<SourceRecord[]>;
  /** False when the source changed meanwhile (its `updatedAt` is not `previous.updatedAt`) or is gone. */
  updateSource(previous: SourceRecord, next: SourceRecord): Promise<boolean>;
  deleteSource(id: string): Promise<boolean>;
  /** Enabled sources whose `nextRunAt` is at or before `now`. */
  dueSources(now: string, limit: number): Promise<SourceRecord[]>;
  /** Moves `nextRunAt` on if it is still `source.nextRunAt` (one tick wins); false otherwise. */
  claimDueRun(source: SourceRecord, nextRunAt: string | null): Promise<boolean>;

  /** The run and the source's `lastRunId` together, if `lastRunId` is still `previousRunId`; false otherwise. */
  createRun(run: RunRecord, previousRunId: string | null): Promise<boolean>;
  getRun(sourceId: string, runId: string): Promise<RunRecord | undefined>;
  listRuns(sourceId: string, limit: number, cursor?: string): Promise<{ items: RunRecord[]; nextCursor: string | null }>;
  /** More pages planned (a sitemap's entries), while the run is RUNNING. */
  addPlanned(sourceId: string, runId: string, pages: number): Promise<void>;
  /** Whether the page (`pageKey`: its URL, and the page that redirected to it, if any) was counted into the run. */
  pageRecorded(runId: string, pageKey: string): Promise<boolean>;
  /** Counts one page into its run, once per page key (`recorded` false: already counted); the run as finished by its last page. */
  recordPage(sourceId: string, runId: string, page: { key: string; url: string }, outcome: PageOutcome, at: string): Promise<{ recorded: boolean; finished?: RunRecord }>;
  /** RUNNING runs past their deadline. */
  overdueRuns(now: string, limit: number): Promise<{ sourceId: string; runId: string }[]>;
  /** Closes a RUNNING run: the pages never recorded count as failed (`worker-lost`). The closed run, unless another closed it first. */
  closeOverdueRun(sourceId: string, runId: string, at: string): Promise<RunRecord | undefined>;

  /**
   * Takes the host for one fetch if it is free (`nextAllowedAt` passed): held until `holdUntilMs`.
   * Otherwise when it is free again, and whether that is a fetch's pessimistic hold (`fetching`) or a real wait.
   */
  takeHost(host: string, nowMs: number, holdUntilMs: number): Promise<{ ok: true; slot: HostSlot } | { ok: false; retryAtMs: number; fetching: boolean }>;
  /**
   * A turn for a page that found the host busy: the next free turn after every turn already handed
   * out (`intervalMs` apart, not before `notBeforeMs`), so waiting pages come back one by one, not all at once.
   */
  reserveTurn(host: string, notBeforeMs: number, intervalMs: number): Promise<number>;
  /** Frees the host from `nextAllowedAtMs` on, with robots.txt when it was (re)fetched. */
  releaseHost(host: string, nextAllowedAtMs: number, robots?: HostSlot['robots']): Promise<void>;
  /** Validators of the last fetch of a URL (conditional GETs) and how many products it held. */
  pageCache(url: string): Promise<{ etag: string | null; lastModified: string | null; products: number } | undefined>;
  savePageCache(url: string, cache: { etag: string | null; lastModified: string | null; products: number }): Promise<void>;

  findItem(key: ItemKey): Promise<ItemRecord | undefined>;
  getItem(id: string): Promise<ItemRecord | undefined>;
  /** The item and its lookup keys; `{ok: false}` when one of the keys already names another item (a concurrent worker). */
  createItem(item: ItemRecord, keys: ItemKey[]): Promise<boolean>;
  /** False when the item changed meanwhile (`updatedAt`). */
  updateItem(previous: ItemRecord, next: ItemRecord): Promise<boolean>;
  listItems(status: ItemStatus, limit: number, cursor?: string): Promise<{ items: ItemRecord[]; nextCursor: string | null }>;
}

export interface PageQueue {
  send(messages: PageMessage[], delaySeconds?: number): Promise<void>;
}

export type FetchResult =
  | { kind: 'ok'; status: number; url: string; contentType: string; body: string; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified' }
  /** A redirect to another host: fetch `url` as a page of its own (its host's robots.txt and pace). */
  | { kind: 'moved'; url: string }
  /** 429 or 503: come back after `retryAfterMs` (Retry-After, or a default). */
  | { kind: 'throttled'; status: number; retryAfterMs: number }
  /** `status`: the HTTP status of a refusal (4xx/5xx other than 429/503), when there was one. */
  | { kind: 'failed'; cause: ErrorCause; reason: string; status?: number };

/** A binary GET (a collected product's image): the bytes, or why not. */
export type BytesResult =
  | { kind: 'ok'; contentType: string; bytes: Uint8Array }
  | Extract<FetchResult, { kind: 'moved' | 'throttled' | 'failed' }>;

/** A polite, guarded HTTP GET (lambdas/adapters/net/guarded-fetch.ts). */
export interface PageFetcher {
  readonly userAgent: string;
  get(url: string, validators?: { etag: string | null; lastModified: string | null }): Promise<FetchResult>;
  /** The same guards (SSRF, deadline, size cap, same-host redirects) for an image. */
  getBytes(url: string): Promise<BytesResult>;
}

/** The catalog, as collection sees it: a product by a variant's SKU (a GTIN used as SKU matches). */
export interface CatalogLookup {
  productIdBySku(sku: string): Promise<string | undefined>;
}
