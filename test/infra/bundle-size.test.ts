/**
 * Bundle size guard, from esbuild's metafile (bytes, not time): every function is bundled with
 * lib/bundling.ts's ESBUILD_OPTIONS in one esbuild run, as `cdk synth` does, without writing files.
 *
 * The requirement is ≤ 300 KB minified for functions that use only DynamoDB. What the code reaches
 * today (docs/benchmarks.md section 2) is ~287–343 KB for those functions: the AWS SDK's DynamoDB
 * client with @smithy/core is ~200 KB of it, Powertools and middy ~36 KB, zod/mini ~28–37 KB, and
 * aws-jwt-verify ~16 KB in the ones that take a token. The limits below are that level plus a little
 * headroom, so a change that brings a heavy dependency back (classic zod, the whole wiring table,
 * sanitize-html, the token verifier in a public route) fails here. Lower them when the bundles
 * shrink; raising them needs a reason in docs/benchmarks.md.
 */
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { ESBUILD_OPTIONS } from '../../lib/bundling.js';
import { allHandlers, routes } from '../../lambdas/routes.js';
import { projectRoot } from './synth.js';

const KB = 1024;
/** DynamoDB-only functions: no other AWS client and not the product writes (the HTML sanitiser, tested below). */
const DYNAMODB_ONLY_LIMIT = 350 * KB;
/** The target, met so far by the product page and the category tree (public, view schemas only) and three schedules. */
const TARGET = 300 * KB;
const AT_TARGET = ['catalog/get-product', 'catalog/list-categories', 'flash-sale/open-window', 'flash-sale/reconcile', 'orders/expire-orders'];
/** GET /openapi.json and GET /docs: the whole wiring table and the JSON Schema generator, no AWS client. */
const SYSTEM_LIMIT = 150 * KB;
const SYSTEM = new Set(['system/openapi', 'system/docs']);

interface Bundle { readonly handler: string; readonly bytes: number; readonly inputs: readonly string[] }

let bundles: Bundle[];

beforeAll(async () => {
  const handlers = allHandlers();
  const result = await build({
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    sourcemap: false,
    metafile: true,
    write: false,
    absWorkingDir: projectRoot,
    entryPoints: Object.fromEntries(handlers.map((h) => [h, path.join('lambdas/handlers', `${h}.ts`)])),
    outdir: 'bundle-size',
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  const outputs = (result.metafile as Metafile).outputs;
  bundles = handlers.map((handler) => {
    const output = outputs[`bundle-size/${handler}.mjs`];
    if (!output) throw new Error(`no output for ${handler}`);
    return { handler, bytes: output.bytes, inputs: Object.keys(output.inputs) };
  });
});

const awsClients = (b: Bundle) => new Set(b.inputs.map((i) => /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(i)?.[1]).filter((c) => c !== undefined));
const hasSanitiser = (b: Bundle) => b.inputs.some((i) => i.includes('node_modules/sanitize-html/'));
const isDynamoDbOnly = (b: Bundle) => {
  const clients = awsClients(b);
  return clients.size === 1 && clients.has('client-dynamodb') && !hasSanitiser(b);
};
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

it('bundles every function (the DynamoDB-only ones are most of them)', () => {
  expect(bundles.length).toBe(allHandlers().length);
  expect(bundles.filter(isDynamoDbOnly).length).toBeGreaterThanOrEqual(35);
});

it(`DynamoDB-only functions stay within ${kb(DYNAMODB_ONLY_LIMIT)}`, () => {
  expect(bundles.filter(isDynamoDbOnly).filter((b) => b.bytes > DYNAMODB_ONLY_LIMIT).map((b) => `${b.handler}: ${kb(b.bytes)}`)).toEqual([]);
});

it(`${AT_TARGET.join(', ')} stay within the ${kb(TARGET)} target`, () => {
  expect(bundles.filter((b) => AT_TARGET.includes(b.handler) && b.bytes > TARGET).map((b) => `${b.handler}: ${kb(b.bytes)}`)).toEqual([]);
  expect(bundles.filter((b) => AT_TARGET.includes(b.handler)).every(isDynamoDbOnly)).toBe(true);
});

it(`the OpenAPI/docs functions stay within ${kb(SYSTEM_LIMIT)}`, () => {
  expect(bundles.filter((b) => SYSTEM.has(b.handler) && b.bytes > SYSTEM_LIMIT).map((b) => `${b.handler}: ${kb(b.bytes)}`)).toEqual([]);
});

it('public routes bundle no token verifier (publicHttp); the others do', () => {
  const publicHandlers = new Set<string>(Object.values(routes).filter((r) => r.access === 'public').map((r) => r.handler));
  const withVerifier = new Set(bundles.filter((b) => b.inputs.some((i) => i.includes('node_modules/aws-jwt-verify/'))).map((b) => b.handler));
  expect([...publicHandlers].filter((h) => withVerifier.has(h))).toEqual([]);
  const protectedHandlers = new Set<string>(Object.values(routes).filter((r) => r.access !== 'public').map((r) => r.handler));
  expect([...protectedHandlers].filter((h) => !withVerifier.has(h))).toEqual([]);
});

it('no function bundles classic zod (handlers use zod/mini through lambdas/shared/zod.ts)', () => {
  expect(bundles.filter((b) => b.inputs.some((i) => i.includes('node_modules/zod/v4/classic/'))).map((b) => b.handler)).toEqual([]);
});

it('only the OpenAPI/docs functions bundle the whole wiring table; the others carry their own area', () => {
  expect(bundles.filter((b) => b.inputs.includes('lambdas/routes.ts')).map((b) => b.handler).sort()).toEqual([...SYSTEM].sort());
});

it('only product writes bundle the HTML sanitiser', () => {
  expect(bundles.filter(hasSanitiser).map((b) => b.handler).sort())
    .toEqual(['catalog/create-product', 'catalog/update-product']);
});
