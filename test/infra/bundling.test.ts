/**
 * The deployed bundles themselves: built with lib/bundling.ts exactly as `cdk synth` builds them,
 * then loaded by a plain Node process (ESM, the require shim, the bundled AWS SDK) with the
 * environment the stacks give the functions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BUNDLE_FILE, ESBUILD_OPTIONS, bundleHandlers, handlerCode } from '../../lib/bundling.js';
import { RUNTIME } from '../../lib/function.js';
import { API_REFERENCE_SCRIPT, systemRoutes } from '../../lambdas/routes/system.js';
import { projectRoot } from './synth.js';

const HANDLERS = ['identity/login', 'catalog/list-products', 'identity/cognito-custom-message'];
const ENV = {
  TABLE_NAME: 'table', USER_POOL_ID: 'us-east-1_pool', USER_POOL_CLIENT_ID: 'client',
  JWT_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool',
  JWKS_URI: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool/.well-known/jwks.json',
  CATALOG_BUCKET: 'catalog', MEDIA_BUCKET: 'media', MEDIA_BASE_URL: 'https://media.example.com',
  AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT', STAGE: 'test',
};

let outDir: string;

beforeAll(() => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
  const entries = Object.fromEntries(HANDLERS.map((h, i) => [String(i), path.join(projectRoot, 'lambdas/handlers', `${h}.ts`)]));
  bundleHandlers(entries, outDir, projectRoot);
});

it('targets the Node version of the Lambda runtime', () => {
  expect(RUNTIME.name).toBe(`nodejs${ESBUILD_OPTIONS.target.replace('node', '')}.x`);
});

it.each(HANDLERS.map((h, i) => [h, i]))('%s: one minified ESM file with its source map and the AWS SDK inside', (_handler, i) => {
  const file = path.join(outDir, String(i), BUNDLE_FILE);
  expect(existsSync(`${file}.map`)).toBe(true);
  const code = readFileSync(file, 'utf8');
  expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
  expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
  expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sourcesContent?: unknown };
  expect(map.sourcesContent).toBeUndefined();
});

it.each(HANDLERS.map((h, i) => [h, i]))('%s: loads in Node and exports handler()', (_handler, i) => {
  const file = path.join(outDir, String(i), BUNDLE_FILE);
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e',
    `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`], {
    env: { PATH: process.env.PATH, ...ENV }, encoding: 'utf8', timeout: 30_000,
  });
  expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stdout: 'function', stderr: '' });
});

describe('files a handler reads at cold start (a route\'s `files`)', () => {
  let assetDir: string;
  beforeAll(() => {
    const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), 'files-asset-')) });
    const stack = new Stack(app, 'Files');
    const entry = path.join(projectRoot, 'lambdas/handlers/system/docs-script.ts');
    new LambdaFunction(stack, 'DocsScript', { code: handlerCode(entry, projectRoot, systemRoutes['GET /docs/api-reference.js'].files), handler: 'index.handler', runtime: RUNTIME });
    const assembly = app.synth();
    const staged = readdirSync(assembly.directory).filter((d) => d.startsWith('asset.')).map((d) => path.join(assembly.directory, d));
    assetDir = staged.find((d) => existsSync(path.join(d, BUNDLE_FILE))) as string;
  });

  it('are copied next to the bundle, and the deployed docs-script function serves the renderer from there', () => {
    expect(readdirSync(assetDir).sort()).toEqual([BUNDLE_FILE, `${BUNDLE_FILE}.map`, path.basename(API_REFERENCE_SCRIPT)].sort());
    const event = { version: '2.0', routeKey: 'GET /docs/api-reference.js', rawPath: '/docs/api-reference.js', rawQueryString: '', headers: {}, requestContext: { http: { method: 'GET', path: '/docs/api-reference.js', sourceIp: '127.0.0.1' }, requestId: 'r1' }, isBase64Encoded: false };
    const run = spawnSync(process.execPath, ['--input-type=module', '-e',
      `const m = await import(${JSON.stringify(path.join(assetDir, BUNDLE_FILE))}); const r = await m.handler(${JSON.stringify(event)}, {}); console.log(r.statusCode, r.headers['content-type'], r.body.length);`], {
      env: { PATH: process.env.PATH, ...ENV, LAMBDA_TASK_ROOT: assetDir }, encoding: 'utf8', timeout: 30_000,
    });
    const size = readFileSync(path.join(projectRoot, API_REFERENCE_SCRIPT), 'utf8').length;
    expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stdout: `200 text/javascript; charset=utf-8 ${size}`, stderr: '' });
  });
});
