/**
 * `npm run bench:images`: the image pipeline's cost per source image (docs/benchmarks.md "10. Image
 * pipeline"), in process, one child process per case so each peak RSS is its own:
 *
 * - floor: sharp decodes the JPEG (EXIF orientation applied) to raw pixels and nothing else: what
 *   any pipeline pays; every other case is given as a ratio to it, measured in the same run (the
 *   machine is shared, so absolute rates move from run to run);
 * - webp: the pipeline with WebP and the JPEG fallback only;
 * - full: the pipeline as deployed (AVIF, WebP, JPEG at the planned widths, AVIF kept where smaller).
 *
 * Sources are made here: camera-like JPEGs (noise under a blur, quality 90, EXIF orientation 6).
 * The cases of a source run in turns (`--rounds`), and each case keeps its fastest round: the one
 * least slowed by whatever else the shared machine was doing.
 * Usage: npm run bench:images [-- --iterations=5 --rounds=2]
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { sharpProcessor } from '../lambdas/adapters/imaging/sharp.js';
import { chooseRenditions, planWidths, type RenditionFormat } from '../lambdas/domain/catalog/renditions.js';

const SOURCES = [
  { name: '1200 × 900 (a collected product photo)', width: 1200, height: 900 },
  { name: '3000 × 2000 (6 MP camera photo)', width: 3000, height: 2000 },
  { name: '4000 × 3000 (12 MP phone photo)', width: 4000, height: 3000 },
] as const;
const CASES = ['floor', 'webp', 'full'] as const;
type Case = (typeof CASES)[number];

async function photo(width: number, height: number): Promise<Buffer> {
  const noisy = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).blur(3).png().toBuffer();
  return sharp(noisy).modulate({ saturation: 1.4 }).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
}

async function runCase(kind: Case, sourceIndex: number, iterations: number) {
  const { width, height } = SOURCES[sourceIndex];
  const source = await photo(width, height);
  const formats: RenditionFormat[] = kind === 'full' ? ['avif', 'webp', 'jpeg'] : ['webp', 'jpeg'];
  let outBytes = 0;
  const once = async () => {
    if (kind === 'floor') {
      await sharp(source).autoOrient().raw().toBuffer();
      return;
    }
    const info = await sharpProcessor.probe(source);
    const kept = chooseRenditions(await sharpProcessor.render(source, planWidths(info.width), formats));
    outBytes = kept.reduce((sum, e) => sum + e.data.byteLength, 0);
  };
  await once();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await once();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, imagesPerSecond: iterations / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, sourceBytes: source.byteLength, outBytes };
}

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const iterations = flag('iterations', 5);
const rounds = flag('rounds', 2);

if (process.argv[2] === '--child') {
  const result = await runCase(process.argv[3] as Case, Number(process.argv[4]), iterations);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const self = fileURLToPath(import.meta.url);
  const rows: string[] = [];
  const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  for (const [i, source] of SOURCES.entries()) {
    const results = {} as Record<Case, Awaited<ReturnType<typeof runCase>>>;
    for (let round = 0; round < rounds; round++) {
      for (const kind of CASES) {
        const child = spawnSync(process.execPath, [tsx, self, '--child', kind, String(i), `--iterations=${iterations}`], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`${kind} failed: ${child.stderr}`);
        const result = JSON.parse(child.stdout.trim().split('\n').pop() as string) as Awaited<ReturnType<typeof runCase>>;
        if (!results[kind] || result.seconds < results[kind].seconds) results[kind] = result;
      }
    }
    const floor = results.floor;
    for (const kind of CASES) {
      const r = results[kind];
      rows.push(`| ${source.name} | ${kind} | ${fmt(r.imagesPerSecond, 2)} | ${kind === 'floor' ? '1.00' : fmt(r.seconds / floor.seconds, 2)} | ${fmt(r.peakRssMb, 0)} | ${fmt(r.sourceBytes / 1024, 0)} | ${kind === 'floor' ? '' : fmt(r.outBytes / 1024, 0)} |`);
    }
  }
  console.log(`_Measured ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · Node ${process.version} · sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips} · ${iterations} images per case after one warm-up, the fastest of ${rounds} rounds taken in turns._\n`);
  console.log('| source | case | images/s | time ÷ floor | peak RSS (MB) | source KB | renditions KB (all kept) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}
