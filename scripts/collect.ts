/**
 * `npm run collect -- --source <id> [--json]`: a one-off collection run of one source, through the
 * API like the admin console (POST /admin/collection/sources/{id}/runs), waited for and printed.
 * Exit 0 when the run SUCCEEDED, 1 when it was PARTIAL or FAILED or could not start, 2 on bad usage.
 *
 * API_URL (default http://localhost:3000) and an admin's ADMIN_EMAIL / ADMIN_PASSWORD; locally they
 * default to the credentials `npm start` seeded (.data/admin.json, or DATA_DIR/admin.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const sourceId = args[args.indexOf('--source') + 1];
if (!args.includes('--source') || !sourceId || sourceId.startsWith('--')) {
  console.error('usage: npm run collect -- --source <sourceId> [--json]');
  process.exit(2);
}
const json = args.includes('--json');
const apiUrl = (process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
const POLL_MS = 2_000;

function credentials(): { email: string; password: string } {
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) return { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
  const file = path.join(process.env.DATA_DIR ?? '.data', 'admin.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string };
  } catch {
    console.error(`Set ADMIN_EMAIL and ADMIN_PASSWORD (no ${file} to read the local admin from)`);
    process.exit(2);
  }
}

async function call(method: string, route: string, token?: string, body?: unknown) {
  const response = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const login = await call('POST', '/login', undefined, credentials());
if (login.status !== 200) {
  console.error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  process.exit(1);
}
const token = login.body.accessToken as string;
const started = await call('POST', `/admin/collection/sources/${encodeURIComponent(sourceId)}/runs`, token);
if (started.status !== 202) {
  console.error(`could not start a run: ${started.status} ${JSON.stringify(started.body)}`);
  process.exit(1);
}
const runId = started.body.runId as string;
if (!json) console.log(`run ${runId} started for source ${sourceId}`);

for (;;) {
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const runs = await call('GET', `/admin/collection/sources/${encodeURIComponent(sourceId)}/runs?limit=20`, token);
  const run = (runs.body?.items ?? []).find((r: { runId: string }) => r.runId === runId);
  if (!run || run.status === 'RUNNING') {
    if (!json && run) console.log(`  ${run.pagesFetched} fetched, ${run.failed} failed of ${run.pagesPlanned} pages...`);
    continue;
  }
  if (json) console.log(JSON.stringify(run));
  else {
    console.log(`${run.status}: ${run.pagesFetched}/${run.pagesPlanned} pages fetched, ${run.productsFound} products (${run.created} new, ${run.updated} changed, ${run.unchanged} unchanged, ${run.skipped} skipped), ${run.failed} pages failed`);
    for (const [cause, count] of Object.entries(run.errorsByCause as Record<string, number>)) console.log(`  ${cause}: ${count}`);
    for (const e of run.errors as { url: string; reason: string }[]) console.log(`  ${e.url}  ${e.reason}`);
  }
  process.exit(run.status === 'SUCCEEDED' ? 0 : 1);
}
