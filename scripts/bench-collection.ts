/**
 * `npm run bench:collection`: pages extracted per second on one core, on the fixture marketplace
 * pages (test/fixtures/collection), through the worker's own extraction and cleaning
 * (lambdas/domain/collection/extract.ts) and the ingest step's description sanitiser. In process,
 * no network, no table: the CPU side of one page. The fetch is paced per host (2 s by default), so
 * a run's wall time is set by politeness, not by this figure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sanitizeDescription } from '../lambdas/domain/catalog/sanitize.js';
import { extractProducts } from '../lambdas/domain/collection/extract.js';

const dir = path.resolve(import.meta.dirname, '../test/fixtures/collection');
const pages = readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => ({ name: f, html: readFileSync(path.join(dir, f), 'utf8') }));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

function measure(run: () => void): number {
  for (let i = 0; i < 200; i++) run(); // warm-up (JIT)
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < end) {
    run();
    count++;
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

const rows: { page: string; bytes: number; perSecond: number }[] = [];
for (const page of pages) {
  const perSecond = measure(() => {
    for (const product of extractProducts(page.html, 'https://loja.example/produto/x').products) sanitizeDescription(product.description);
  });
  rows.push({ page: page.name, bytes: page.html.length, perSecond });
}
let i = 0;
const mixed = measure(() => {
  const page = pages[i++ % pages.length];
  for (const product of extractProducts(page.html, 'https://loja.example/produto/x').products) sanitizeDescription(product.description);
});
// A page of realistic weight: the fixture's markup inside 150 KB of navigation, scripts and footer.
const filler = `<div class="menu">${'<a href="/categoria/x">Categoria</a>'.repeat(1500)}</div><script>var x = ${JSON.stringify('x'.repeat(50_000))};</script>`;
const heavy = pages.map((p) => ({ ...p, html: p.html.replace('<body>', `<body>${filler}`) }));
let j = 0;
const heavyRate = measure(() => {
  const page = heavy[j++ % heavy.length];
  for (const product of extractProducts(page.html, 'https://loja.example/produto/x').products) sanitizeDescription(product.description);
});

for (const r of rows) console.log(`${r.page.padEnd(32)} ${String(r.bytes).padStart(7)} B  ${r.perSecond.toFixed(0).padStart(7)} pages/s`);
console.log(`${'all fixtures, round robin'.padEnd(32)} ${''.padStart(9)}  ${mixed.toFixed(0).padStart(7)} pages/s (one core)`);
console.log(`${'with ~150 KB of page chrome'.padEnd(32)} ${String(heavy[0].html.length).padStart(7)} B  ${heavyRate.toFixed(0).padStart(7)} pages/s (one core)`);
