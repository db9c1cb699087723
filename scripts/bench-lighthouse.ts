/**
 * `npm run bench:lighthouse`: the storefront's budgets (issue 17; docs/benchmarks.md "11. Storefront budgets").
 *
 * Builds the app (Vite), starts a local stack (as `npm start` does, in memory, `--products` seeded), and runs
 * Lighthouse 12.2.3 (pinned: 13 needs Node 22) with its default config, which is the mobile preset (Moto G
 * Power viewport, simulated slow 4G, 4× CPU slowdown), on the home, search and product pages of the local build,
 * in @sparticuz/chromium's Chromium started by chrome-launcher. Each page is run `--runs` times and its median
 * performance score kept (Lighthouse's own advice: single runs vary). Also: the first-load JavaScript of the
 * home page, gzip (every script the home page requested, gzipped at level 9 from the build's files), and the
 * search page's time from submitting a query to the first result card on screen (no type-ahead: the header's
 * search form submits), unthrottled, in the same browser.
 * Usage: npm run bench:lighthouse [-- --products=300 --runs=3]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import chromium from '@sparticuz/chromium';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { cli, intFlag, log, machineLine, median, num, ROOT, spawnStack, table, timeCommand, writeSection } from './bench-lib.js';

const options = cli('npm run bench:lighthouse [-- --products=300 --runs=3]', {
  products: { type: 'string', default: '300', help: 'catalog size seeded before the runs' },
  runs: { type: 'string', default: '3', help: 'Lighthouse runs per page (the median score is kept)' },
  'search-samples': { type: 'string', default: '7', help: 'searches timed from submit to the first result card' },
  'dry-run': { type: 'boolean', default: false, help: 'print the results without writing docs/benchmarks.md' },
});
const PRODUCTS = intFlag(options.products, 'products', 0);
const RUNS = intFlag(options.runs, 'runs');
const SEARCHES = intFlag(options['search-samples'], 'search-samples');
const TARGETS = { performance: 90, accessibility: 95, homeJsKb: 150, searchMs: 300 };
const DIST = path.join(ROOT, 'web/dist');

/** The package's flags without the ones Lighthouse's own Chrome handling sets or that break its tracing. */
const chromeFlags = chromium.args.filter((flag) => !flag.startsWith('--headless') && flag !== '--single-process').concat(['--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--lang=pt-BR']);

interface PageResult { name: string; url: string; performance: number[]; accessibility: number[]; metrics: Record<string, number>; failedA11y: string[]; scripts: string[] }

async function audit(port: number, name: string, url: string): Promise<PageResult> {
  const result: PageResult = { name, url, performance: [], accessibility: [], metrics: {}, failedA11y: [], scripts: [] };
  for (let run = 0; run < RUNS; run++) {
    const lhr = (await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] }))?.lhr;
    if (!lhr) throw new Error(`Lighthouse gave no result for ${url}`);
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    result.performance.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
    result.accessibility.push(Math.round((lhr.categories.accessibility?.score ?? 0) * 100));
    if (run === 0) {
      for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']) {
        result.metrics[id] = lhr.audits[id]?.numericValue ?? Number.NaN;
      }
      result.failedA11y = (lhr.categories.accessibility?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id}: ${lhr.audits[ref.id]?.title ?? ''}`);
      const requests = (lhr.audits['network-requests']?.details as { items?: { url: string; resourceType?: string }[] } | undefined)?.items ?? [];
      result.scripts = requests.filter((r) => r.resourceType === 'Script').map((r) => r.url);
    }
    log(`  ${name} run ${run + 1}: performance ${result.performance.at(-1)}, accessibility ${result.accessibility.at(-1)}`);
  }
  return result;
}

/** The gzip size of every script of ours a page loaded, from the build's files. */
function firstLoadJs(scripts: readonly string[]): { files: { file: string; raw: number; gzip: number }[]; gzip: number } {
  const files = scripts.map((url) => new URL(url).pathname).filter((p) => p.startsWith('/store/')).map((p) => {
    const body = readFileSync(path.join(DIST, p.slice('/store/'.length)));
    return { file: p, raw: body.byteLength, gzip: gzipSync(body, { level: 9 }).byteLength };
  });
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

async function searchTimes(port: number, base: string): Promise<number[]> {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  const page = await browser.newPage();
  const times: number[] = [];
  try {
    await page.setViewport({ width: 390, height: 844 });
    for (let i = 0; i < SEARCHES; i++) {
      await page.goto(`${base}/store/`, { waitUntil: 'networkidle0' });
      await page.type('#search-q', i % 2 === 0 ? 'cafe' : 'fone');
      const started = await page.evaluate(() => performance.now());
      await page.keyboard.press('Enter');
      // A string: this project's tsconfig has no DOM types.
      const shown = await page.waitForFunction(
        '(() => { const card = document.querySelector(\'[data-testid="results"] .card-link\'); return card && card.getBoundingClientRect().height > 0 ? performance.now() : false; })()',
        { polling: 'raf', timeout: 15_000 });
      times.push((await shown.jsonValue() as number) - started);
    }
  } finally {
    await page.close();
    await browser.disconnect();
  }
  return times;
}

async function main(): Promise<void> {
  log('building the storefront (vite build)...');
  const build = await timeCommand('npm', ['run', 'web:build'], { timeoutMs: 180_000 });
  if (build.code !== 0) throw new Error(`vite build failed:\n${build.output}`);
  log(`starting a local stack (SEED_PRODUCTS=${PRODUCTS})...`);
  // Seeding a large catalog takes minutes on this machine: a readiness wait, not a speed goal.
  const stack = await spawnStack({ seedProducts: PRODUCTS, timeoutMs: 1_800_000 });
  const info = await stack.ready.catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  const loadBefore = os.loadavg()[0];
  const chrome = await chromeLauncher.launch({ chromePath: await chromium.executablePath(), chromeFlags, logLevel: 'error' });
  try {
    const base = info.url;
    const listing = await fetch(`${base}/products?q=cafe&limit=1`).then((r) => r.json() as Promise<{ items: { id: string }[] }>);
    const productId = listing.items[0]?.id;
    if (!productId) throw new Error('no product to audit');
    const pages = [
      { name: 'home', url: `${base}/store/` },
      { name: 'search', url: `${base}/store/busca?q=cafe` },
      { name: 'product', url: `${base}/store/produto/${encodeURIComponent(productId)}` },
    ];
    const results: PageResult[] = [];
    for (const p of pages) {
      log(`lighthouse: ${p.name} (${RUNS} runs)...`);
      results.push(await audit(chrome.port, p.name, p.url));
    }
    const homeJs = firstLoadJs(results[0]!.scripts);
    log(`search: ${SEARCHES} searches from submit to the first card...`);
    const search = await searchTimes(chrome.port, base);
    const report = render(results, homeJs, search, loadBefore);
    console.log(report);
    if (!options['dry-run']) writeSection(path.join(ROOT, 'docs/benchmarks.md'), 'lighthouse', report);
  } finally {
    chrome.kill();
    await stack.stop();
  }
}

function render(results: PageResult[], homeJs: ReturnType<typeof firstLoadJs>, search: number[], loadBefore: number): string {
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '?' : `${num(v)} ms`);
  const rows = results.map((r) => {
    const perf = median(r.performance);
    const a11y = median(r.accessibility);
    return [
      r.name, `${perf} (${r.performance.join(', ')}) ${mark(perf >= TARGETS.performance)}`, `${a11y} ${mark(a11y >= TARGETS.accessibility)}`,
      ms(r.metrics['first-contentful-paint']), ms(r.metrics['largest-contentful-paint']), ms(r.metrics['total-blocking-time']), num(r.metrics['cumulative-layout-shift'] ?? Number.NaN, 3),
    ];
  });
  const homeKb = homeJs.gzip / 1024;
  const searchMedian = median(search);
  const failed = results.filter((r) => r.failedA11y.length > 0).map((r) => `- ${r.name}: ${r.failedA11y.join('; ')}`);
  return [
    `_${machineLine()} · load average (1 min) ${num(loadBefore, 1)} before the runs, ${num(os.loadavg()[0], 1)} after: Lighthouse's simulated throttling scales the CPU time it observes, so a busy machine lowers the performance score._`, '',
    `Lighthouse 12.2.3, default config (mobile: 412 × 823 at DPR 1.75, simulated slow 4G, 4× CPU slowdown), on the local gateway's \`/store/\` (the build as AWS serves it: under its CSP, text files gzipped as CloudFront compresses them), a stack seeded with ${num(PRODUCTS)} products. Median of ${RUNS} runs per page (each run's score in brackets); metrics from the first run.`, '',
    table(['page', `performance (target ≥ ${TARGETS.performance})`, `accessibility (target ≥ ${TARGETS.accessibility})`, 'FCP', 'LCP', 'TBT', 'CLS'], rows), '',
    failed.length ? ['Accessibility audits that failed:', ...failed].join('\n') : 'No accessibility audit failed.', '',
    `**First-load JavaScript of the home page: ${num(homeKb, 1)} KB gzip** (target ≤ ${TARGETS.homeJsKb} KB: ${mark(homeKb <= TARGETS.homeJsKb)}); every script the home page requested:`, '',
    table(['file', 'raw', 'gzip -9'], homeJs.files.map((f) => [f.file, `${num(f.raw / 1024, 1)} KB`, `${num(f.gzip / 1024, 1)} KB`])), '',
    `**Search: ${num(searchMedian)} ms** median from pressing Enter in the header's search box to the first result card on screen (${search.map((v) => num(v)).join(', ')} ms; target ≤ ${TARGETS.searchMs} ms after typing stops: ${mark(searchMedian <= TARGETS.searchMs)}). The app has no type-ahead, so this is the submit-to-results time, unthrottled, mobile viewport, ${num(PRODUCTS)} products.`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
