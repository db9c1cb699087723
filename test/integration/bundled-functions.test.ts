/**
 * The deployed artefact itself, not its sources: functions bundled with lib/bundling.ts's
 * ESBUILD_OPTIONS (the event-stream serde left out, endpoint discovery replaced by
 * lib/shims/middleware-endpoint-discovery.ts) run in a fresh `node` process, as Lambda runs them,
 * against the local stack's DynamoDB Local. The other integration suites run the TypeScript
 * sources through the local gateway, so a bundling option that broke the SDK would pass there.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS, buildBundles } from '../../lib/bundling.js';
import { api } from '../helpers/api.js';

const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);
let outDir: string;

/** A conditional write that fails, a transaction that is cancelled, a read: through the functions' own client module. */
const PROBE = `
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, ddb, isConditionFailure, tableName, transactWrite } from '#adapters/dynamodb/client.js';
export async function probe(id) {
  const Key = { PK: 'BUNDLE_PROBE#' + id, SK: 'PROBE' };
  await ddb.send(new PutCommand({ TableName: tableName, Item: { ...Key, entity: 'Probe' }, ConditionExpression: 'attribute_not_exists(PK)' }));
  const second = await ddb.send(new PutCommand({ TableName: tableName, Item: Key, ConditionExpression: 'attribute_not_exists(PK)' })).then(() => 'written', (e) => ({ name: e.name, conditionFailure: isConditionFailure(e) }));
  const cancelled = await transactWrite({ TransactItems: [{ Put: { TableName: tableName, Item: Key, ConditionExpression: 'attribute_not_exists(PK)' } }] }).then(() => 'written', (e) => ({ name: e.name, reasons: cancellationReasons(e) }));
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
  return { second, cancelled, read: Item?.entity };
}
`;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'store-bundles-'));
  buildBundles({ 'get-product/index': 'lambdas/handlers/catalog/get-product.ts' }, outDir, root);
  await build({
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    absWorkingDir: root,
    metafile: false,
    logLevel: 'error',
    stdin: { contents: PROBE, resolveDir: path.join(root, 'lambdas'), sourcefile: 'bundle-probe.ts', loader: 'ts' },
    outfile: path.join(outDir, 'probe', 'index.mjs'),
  });
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Imports a bundle in a new node process with the Lambda-like environment and prints what `call` returns. */
async function inFreshNode(bundle: string, call: string): Promise<unknown> {
  const script = `const m = await import(${JSON.stringify(path.join(outDir, bundle, 'index.mjs'))}); console.log(JSON.stringify(await ${call}));`;
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
    cwd: outDir, // no node_modules reachable from here: only what is in the bundle (or external) loads
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: process.env.TABLE_NAME,
      DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

const event = (productId: string) => ({
  version: '2.0', routeKey: 'GET /products/{id}', rawPath: `/products/${productId}`, rawQueryString: '', headers: {}, isBase64Encoded: false,
  pathParameters: { id: productId },
  requestContext: {
    accountId: 'local', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost', requestId: `req-${productId}`, routeKey: 'GET /products/{id}',
    stage: '$default', time: '', timeEpoch: 0, http: { method: 'GET', path: `/products/${productId}`, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
  },
});
const context = "{ functionName: 'get-product', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 }";

it('a bundled public function reads the table: 200 for a product, 404 for an unknown id', async () => {
  const listing = await api('GET', '/products?limit=1');
  const product = listing.body.items[0];
  const found = await inFreshNode('get-product', `m.handler(${JSON.stringify(event(product.id))}, ${context})`) as { statusCode: number; body: string };
  expect(found.statusCode).toBe(200);
  expect(JSON.parse(found.body)).toMatchObject({ id: product.id, name: product.name });
  const missing = await inFreshNode('get-product', `m.handler(${JSON.stringify(event('01UNKNOWNPRODUCT0000000000'))}, ${context})`) as { statusCode: number; body: string };
  expect(missing.statusCode).toBe(404);
  expect(JSON.parse(missing.body).error.code).toBe('NOT_FOUND');
});

it('the bundled client reports a failed condition and a cancelled transaction by name, with reasons', async () => {
  const result = await inFreshNode('probe', `m.probe(${JSON.stringify(`${Date.now()}-${Math.random()}`)})`);
  expect(result).toEqual({
    second: { name: 'ConditionalCheckFailedException', conditionFailure: true },
    cancelled: { name: 'TransactionCanceledException', reasons: ['ConditionalCheckFailed'] },
    read: 'Probe',
  });
});
