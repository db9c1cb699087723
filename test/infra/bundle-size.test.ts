/**
 * Bundle size guard, from esbuild's metafile (bytes, not time): every function is bundled with
 * lib/bundling.ts's ESBUILD_OPTIONS in one esbuild run, as `cdk synth` does, without writing files.
 *
 * The requirement is ≤ 300 KB minified for every function (issue 19 item 5; docs/benchmarks.md
 * section 2). What a function carries: the AWS SDK's DynamoDB client with @smithy/core (~190 KB),
 * Powertools' logger and middy (~26 KB), zod/mini (~28–36 KB), aws-jwt-verify (~16 KB) in the ones
 * that take a token, and its own code; other AWS services are signed calls (adapters/aws-call.ts),
 * not SDK clients. The few functions still over the target are listed with a ceiling each: they
 * may not grow, and the list must shrink as they get under (the test fails on a stale entry). The
 * other limits fail a change that brings a heavy dependency back (classic zod, the whole wiring
 * table, the metrics library in the HTTP chain, sanitize-html, the token verifier in a public
 * route, an SDK client where a signed call does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { EVENT_STREAMS, SDK_ALIASES, buildBundles, importsStatically } from '../../lib/bundling.js';
import { handlersOf, routes } from '../../lambdas/routes.js';
import { projectRoot } from './synth.js';

const KB = 1024;
/** Every function. */
const TARGET = 300 * KB;
/**
 * Functions still over the target, with what keeps them there and the ceiling they may not pass
 * (KB, measured + ~1 %). Remove an entry once its function fits.
 */
const OVER_TARGET: Readonly<Record<string, number>> = {
  /** bwip-js (every barcode type, ~940 KB) and pdf-lib with its standard fonts (~400 KB) for the 10 × 15 cm label. */
  'logistics/create-shipment': 1_695,
  /** sanitize-html (htmlparser2, postcss, dom-serializer and two copies of the entity tables, ~290 KB) and the extractor. */
  'collection/fetch-page': 702,
  'collection/publish-item': 590,
  'catalog/create-product': 570,
  'catalog/update-product': 568,
  /**
   * The images queue's consumer: collected images are fetched through the collection's polite fetcher,
   * whose module graph brings dom-serializer's entity tables (~58 KB); sharp itself is outside the bundle.
   */
  'catalog/make-renditions': 350,
  /** qrcode with pngjs (~56 KB) for the Pix QR image. */
  'payments/create-payment': 397,
  /** Both payment gateways (Mercado Pago and the sandbox with its BR Code builder) and the order schemas of the payment routes. */
  'payments/refund-payment': 320,
  /** The refund's two payment gateways, and both carriers (~16 KB: a paid order's label is cancelled at the carrier first). */
  'orders/cancel-order': 336,
};
/**
 * GET /openapi.json: the whole wiring table and the JSON Schema generator, no AWS client. GET /docs
 * and its script are a page and a file read at cold start (lambdas/handlers/system/docs*.ts).
 */
const SYSTEM_LIMIT = 150 * KB;
const SYSTEM = new Set(['system/openapi', 'system/docs', 'system/docs-script']);
const WHOLE_TABLE = new Set(['system/openapi']);

interface Bundle { readonly handler: string; readonly bytes: number; readonly inputs: readonly string[] }

let bundles: Bundle[];
let metafile: Metafile;
const SHIM = path.normalize(SDK_ALIASES['@aws-sdk/middleware-endpoint-discovery']);

beforeAll(() => {
  const handlers = handlersOf();
  metafile = buildBundles(
    Object.fromEntries(handlers.map((h) => [h, path.join('lambdas/handlers', `${h}.ts`)])),
    path.join(projectRoot, 'bundle-size'),
    projectRoot,
    { sourcemap: false, write: false, logLevel: 'error' },
  );
  bundles = handlers.map((handler) => {
    const output = metafile.outputs[`bundle-size/${handler}.mjs`];
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
  expect(bundles.length).toBe(handlersOf().length);
  expect(bundles.filter(isDynamoDbOnly).length).toBeGreaterThanOrEqual(35);
});

it(`every function stays within the ${kb(TARGET)} target, except the listed ones, which may not grow`, () => {
  expect(bundles.filter((b) => b.bytes > TARGET && !(b.handler in OVER_TARGET)).map((b) => `${b.handler}: ${kb(b.bytes)}`)).toEqual([]);
  expect(bundles.filter((b) => b.handler in OVER_TARGET && b.bytes > OVER_TARGET[b.handler] * KB).map((b) => `${b.handler}: ${kb(b.bytes)} > ${OVER_TARGET[b.handler]} KB`)).toEqual([]);
});

it('the list of functions over the target holds only functions that are still over it', () => {
  const byName = new Map(bundles.map((b) => [b.handler, b.bytes]));
  expect(Object.keys(OVER_TARGET).filter((h) => (byName.get(h) ?? 0) <= TARGET)).toEqual([]);
});

it('no function bundles an AWS SDK client other than DynamoDB\'s and the two with no signed-call replacement yet (EventBridge, API Gateway Management)', () => {
  const allowed = new Set(['client-dynamodb', 'client-eventbridge', 'client-apigatewaymanagementapi']);
  expect(bundles.flatMap((b) => [...awsClients(b)].filter((c) => !allowed.has(c)).map((c) => `${b.handler}: ${c}`))).toEqual([]);
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

it('only the OpenAPI function bundles the whole wiring table; the others carry their own area', () => {
  expect(bundles.filter((b) => b.inputs.includes('lambdas/routes.ts')).map((b) => b.handler).sort()).toEqual([...WHOLE_TABLE].sort());
});

it('only product writes bundle the HTML sanitiser (the collection worker sanitises collected descriptions; publishing writes products)', () => {
  expect(bundles.filter(hasSanitiser).map((b) => b.handler).sort())
    .toEqual(['catalog/create-product', 'catalog/update-product', 'collection/fetch-page', 'collection/publish-item']);
});

it('no HTTP function bundles the Powertools metrics library (UnhandledError is counted from the log)', () => {
  const httpHandlers = new Set<string>(Object.values(routes).map((r) => r.handler));
  expect(bundles.filter((b) => httpHandlers.has(b.handler) && b.inputs.some((i) => i.includes('node_modules/@aws-lambda-powertools/metrics/'))).map((b) => b.handler)).toEqual([]);
});

describe('what the bundles leave out of the SDK (lib/bundling.ts)', () => {
  it('the event-stream serde is left out: no function imports it statically (S3 is a signed call, adapters/storage/s3.ts), it stays an external dynamic import', () => {
    expect(bundles.filter((b) => b.inputs.some((i) => i.includes('/submodules/event-streams/'))).map((b) => b.handler)).toEqual([]);
    for (const b of bundles) {
      expect(importsStatically(metafile, `bundle-size/${b.handler}.mjs`, EVENT_STREAMS)).toBe(false);
    }
    const reaching = bundles.filter((b) => b.inputs.includes('node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js'));
    expect(reaching.length).toBeGreaterThan(35);
    expect(metafile.inputs['node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js'].imports.filter((i) => i.path.includes('event-streams')).map((i) => i.kind))
      .toContain('dynamic-import');
  });

  it('endpoint discovery is replaced by the shim, imported only by the DynamoDB client, whose commands never add its middleware', () => {
    expect(bundles.filter((b) => b.inputs.some((i) => /node_modules\/(@aws-sdk\/(middleware-endpoint-discovery|endpoint-cache)|mnemonist)\//.test(i))).map((b) => b.handler)).toEqual([]);
    const importers = Object.entries(metafile.inputs).filter(([, input]) => input.imports.some((i) => i.path === SHIM)).map(([file]) => file).sort();
    expect(importers).toEqual(['node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js', 'node_modules/@aws-sdk/client-dynamodb/dist-es/runtimeConfig.js']);
    const commands = path.join(projectRoot, 'node_modules/@aws-sdk/client-dynamodb/dist-es/commands');
    const usingDiscovery = readdirSync(commands).filter((f) => /EndpointDiscovery|endpoint-discovery/.test(readFileSync(path.join(commands, f), 'utf8')));
    expect(usingDiscovery).toEqual([]);
  });
});
