/**
 * Collection sources and runs: admin CRUD, a run started by an admin or by the tick, and the
 * tick itself (docs/decisions.md "Collection: one tick rule"). A run plans its pages (start URLs,
 * and the sitemap, whose entries the worker adds) and fans them out on the collection queue.
 */
import { ulid } from 'ulid';
import { ConflictError, NotFoundError } from '#shared/errors.js';
import { nextRunAfter } from '#shared/schedule.js';
import type { CollectionStore, PageQueue, RunRecord, SourceRecord } from './ports.js';
import type { PageMessage, RunView, SourceInput, SourceView } from './schemas.js';

export interface SourceDeps {
  store: CollectionStore;
  queue: PageQueue;
}

/** A RUNNING run is closed by the tick this long after it started (every page's retries and deferrals are over by then). */
export const RUN_DEADLINE_MS = 6 * 3600_000;

const nextRunAt = (input: SourceInput, now: Date) => (input.enabled ? (nextRunAfter(input.schedule, now)?.toISOString() ?? null) : null);

export async function createSource(deps: Pick<SourceDeps, 'store'>, input: SourceInput, now: Date): Promise<SourceView> {
  const at = now.toISOString();
  const source: SourceRecord = {
    id: ulid(), name: input.name, startUrls: input.startUrls, sitemapUrl: input.sitemapUrl ?? null, schedule: input.schedule,
    maxPages: input.maxPages, enabled: input.enabled, nextRunAt: nextRunAt(input, now), lastRunId: null, createdAt: at, updatedAt: at,
  };
  await deps.store.createSource(source);
  return source;
}

export async function listSources(deps: Pick<SourceDeps, 'store'>): Promise<{ items: SourceView[] }> {
  return { items: await deps.store.listSources() };
}

export async function updateSource(deps: Pick<SourceDeps, 'store'>, id: string, input: SourceInput, now: Date): Promise<SourceView> {
  const previous = await deps.store.getSource(id);
  if (!previous) throw new NotFoundError('Source');
  const at = now.toISOString();
  const next: SourceRecord = {
    ...previous, name: input.name, startUrls: input.startUrls, sitemapUrl: input.sitemapUrl ?? null, schedule: input.schedule,
    maxPages: input.maxPages, enabled: input.enabled, nextRunAt: nextRunAt(input, now), updatedAt: at > previous.updatedAt ? at : new Date(Date.parse(previous.updatedAt) + 1).toISOString(),
  };
  if (!(await deps.store.updateSource(previous, next))) throw new ConflictError('CONCURRENT_UPDATE', 'The source changed meanwhile; read it again and retry');
  return next;
}

export async function deleteSource(deps: Pick<SourceDeps, 'store'>, id: string): Promise<void> {
  if (!(await deps.store.deleteSource(id))) throw new NotFoundError('Source');
}

export async function startRunNow(deps: SourceDeps, sourceId: string, now: Date): Promise<{ runId: string }> {
  const source = await deps.store.getSource(sourceId);
  if (!source) throw new NotFoundError('Source');
  const run = await startRun(deps, source, 'admin', now);
  if (!run) throw new ConflictError('RUN_IN_PROGRESS', 'A run of this source is still going; wait for it to finish');
  return { runId: run.runId };
}

/** Starts a run unless the source's last one is still RUNNING (and not overdue); undefined then. */
export async function startRun(deps: SourceDeps, source: SourceRecord, trigger: RunView['trigger'], now: Date): Promise<RunRecord | undefined> {
  if (source.lastRunId) {
    const last = await deps.store.getRun(source.id, source.lastRunId);
    if (last?.status === 'RUNNING' && last.deadline > now.toISOString()) return undefined;
  }
  const pages: PageMessage[] = [];
  const runId = ulid();
  if (source.sitemapUrl) pages.push({ runId, sourceId: source.id, url: source.sitemapUrl, kind: 'sitemap', deferrals: 0, hops: 0 });
  for (const url of source.startUrls.slice(0, source.maxPages)) pages.push({ runId, sourceId: source.id, url, kind: 'page', deferrals: 0, hops: 0 });
  const at = now.toISOString();
  const run: RunRecord = {
    runId, sourceId: source.id, trigger, status: 'RUNNING', startedAt: at, finishedAt: null, deadline: new Date(now.getTime() + RUN_DEADLINE_MS).toISOString(),
    pagesPlanned: pages.length, pagesDone: 0, pagesFetched: 0, productsFound: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0,
    errorsByCause: {}, errors: [],
  };
  if (!(await deps.store.createRun(run, source.lastRunId))) return undefined;
  // Pages not enqueued (a queue fault here) are never recorded: the tick closes the run at its deadline, counting them as lost.
  await deps.queue.send(pages);
  return run;
}

export async function listRuns(deps: Pick<SourceDeps, 'store'>, sourceId: string, query: { limit?: number; cursor?: string }) {
  if (!(await deps.store.getSource(sourceId))) throw new NotFoundError('Source');
  const page = await deps.store.listRuns(sourceId, query.limit ?? 20, query.cursor);
  return { items: page.items.map(toRunView), nextCursor: page.nextCursor };
}

export function toRunView({ deadline: _deadline, pagesDone: _done, ...view }: RunRecord): RunView {
  return view;
}

/**
 * Every minute: start a run of each enabled source that is due (one tick wins each source: its
 * `nextRunAt` moves on conditionally), and close the runs past their deadline.
 */
export async function tick(deps: SourceDeps, now: Date, limit = 50): Promise<{ started: string[]; closed: RunRecord[] }> {
  const started: string[] = [];
  for (const source of await deps.store.dueSources(now.toISOString(), limit)) {
    const next = nextRunAfter(source.schedule, now)?.toISOString() ?? null;
    if (!(await deps.store.claimDueRun(source, next))) continue;
    const run = await startRun(deps, source, 'schedule', now);
    if (run) started.push(run.runId);
  }
  const closed: RunRecord[] = [];
  for (const { sourceId, runId } of await deps.store.overdueRuns(now.toISOString(), limit)) {
    const run = await deps.store.closeOverdueRun(sourceId, runId, now.toISOString());
    if (run) closed.push(run);
  }
  return { started, closed };
}
