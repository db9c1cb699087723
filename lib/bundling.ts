/**
 * THE esbuild settings for every Lambda bundle, in one place. The Function construct bundles
 * each handler with exactly `ESBUILD_OPTIONS` (in-process, through esbuild's JS API), and scripts
 * such as the bundle-size benchmark pass the same object to esbuild's `build()` with their own
 * entry point and outfile:
 *
 *   import { build } from 'esbuild';
 *   import { ESBUILD_OPTIONS } from '../lib/bundling.js';
 *   const result = await build({ ...ESBUILD_OPTIONS, entryPoints: ['lambdas/handlers/identity/login.ts'], outfile: '.bench/login/index.mjs' });
 *   // result.metafile has every input's bytes
 *
 * The AWS SDK v3 is bundled, not taken from the runtime: the versions pinned in package-lock.json
 * are the ones that run (the runtime's copy changes without notice), and a tree-shaken ESM bundle
 * loads faster than the runtime's full SDK packages.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';

/** Must match the Lambda runtime in lib/function.ts (esbuild 0.28 knows `node24`). */
export const ESBUILD_TARGET = 'node24';

/** The bundle's file name; the Lambda handler setting is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * ESM bundles still meet CommonJS code that calls `require` (some dependencies do); define it at
 * the top of the module so those calls work.
 */
export const ESM_REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * The SDK's event-stream serde (~19 KB minified with its codec), left out of the bundles that do
 * not need it.
 * @smithy/core's HttpProtocol loads it with a dynamic `import()` only for operations whose input
 * or output is an event stream, which none of our DynamoDB, SQS, EventBridge, SES, Secrets
 * Manager or Cognito calls are. The S3 client imports it statically (SelectObjectContent), so
 * `buildBundles` bundles the entries that reach it again with it inside (see `importsStatically`);
 * since S3 became signed calls (lambdas/adapters/storage/s3.ts) no function does, and the second
 * pass stays for any that would.
 * test/infra/bundle-size.test.ts checks both kinds of bundle, test/infra/bundling.test.ts loads
 * one of each in a bare Node process, and test/integration/bundled-functions.test.ts runs a
 * DynamoDB one against DynamoDB Local.
 */
export const EVENT_STREAMS = '@smithy/core/event-streams';

/**
 * Packages replaced by a module of this repository in every bundle (esbuild `alias`; paths are
 * relative to the project root, which every build passes as `absWorkingDir`).
 */
export const SDK_ALIASES = {
  '@aws-sdk/middleware-endpoint-discovery': './lib/shims/middleware-endpoint-discovery.ts',
} as const;

/**
 * Native modules (a `.node` binary and its shared libraries) cannot be bundled: they stay external
 * and are installed next to the bundle (`<asset>/node_modules`, where Node's resolution of the
 * bundle's `import 'sharp'` finds them) for Lambda's platform, whatever the machine that synthesizes:
 * npm installs another platform's optional binary packages with `--os/--cpu/--libc`
 * (`nativeInstallArgs`). Only the functions whose bundle imports one get it (the image pipeline's).
 */
export const NATIVE_MODULES = ['sharp'] as const;
/** Lambda's platform (lib/function.ts: arm64, Amazon Linux 2023 with glibc). */
export const LAMBDA_PLATFORM = { os: 'linux', cpu: 'arm64', libc: 'glibc' } as const;

export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: ESBUILD_TARGET,
  minify: true,
  /** External .map next to the bundle; Lambda runs with NODE_OPTIONS=--enable-source-maps. */
  sourcemap: true,
  /** Stack traces need file names and lines, not the sources themselves: keeps .map files small. */
  sourcesContent: false,
  /** Prefer ES module builds of dependencies (better tree-shaking). */
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_SHIM },
  alias: SDK_ALIASES,
  /**
   * The AWS SDK v3 is bundled at the pinned versions, except the credential providers that the
   * default chain loads with a dynamic `import()` only when there are no credentials in the
   * environment. Lambda always sets them, so these modules are never loaded there (and the runtime
   * ships them if they ever were); leaving them out saves about 130 KB per function.
   */
  external: [
    '@aws-sdk/credential-provider-sso', '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-process',
    '@aws-sdk/credential-provider-web-identity', '@aws-sdk/credential-provider-http', '@aws-sdk/credential-provider-login',
    '@aws-sdk/nested-clients', '@aws-sdk/token-providers', '@smithy/credential-provider-imds',
    EVENT_STREAMS,
    ...NATIVE_MODULES,
  ],
  /** Input and output sizes for analysis; the deployed asset leaves the metafile out (see bundleHandler). */
  metafile: true,
  legalComments: 'none',
  /**
   * Non-ASCII characters as UTF-8 rather than `\uXXXX` escapes (Node reads modules as UTF-8): the
   * HTML entity tables the sanitiser's parser carries are ~20 KB smaller; other bundles are unchanged.
   */
  charset: 'utf8',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Whether an output of `metafile` imports `specifier` with a static import (not only a dynamic `import()`). */
export function importsStatically(metafile: Metafile, output: string, specifier: string): boolean {
  const inputs = Object.keys(metafile.outputs[output]?.inputs ?? {});
  return inputs.some((file) => metafile.inputs[file]?.imports.some((i) => i.path === specifier && i.kind !== 'dynamic-import'));
}

/**
 * Bundles handler modules with ESBUILD_OPTIONS (plus `overrides`) into `outDir/<name>.mjs` (+
 * `.map`), all in ONE esbuild run: esbuild parses the shared dependencies (AWS SDK, zod,
 * Powertools) once and builds the entries in parallel, several times faster than one run per
 * function. Entries whose bundle imports EVENT_STREAMS statically are then bundled again with it
 * inside. Returns the metafile of the result (the second run's outputs replace the first's).
 */
export function buildBundles(
  entries: Readonly<Record<string, string>>,
  outDir: string,
  absWorkingDir: string,
  overrides: Omit<BuildOptions, 'entryPoints' | 'outdir' | 'absWorkingDir' | 'metafile'> = {},
): Metafile {
  const run = (names: readonly string[], external: readonly string[]) => {
    const result = buildSync({
      ...ESBUILD_OPTIONS,
      mainFields: [...ESBUILD_OPTIONS.mainFields],
      outExtension: { '.js': '.mjs' },
      ...overrides,
      external: [...external],
      metafile: true,
      absWorkingDir,
      entryPoints: Object.fromEntries(names.map((name) => [name, entries[name]])),
      outdir: outDir,
    });
    if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
    return result.metafile as Metafile;
  };
  const outputOf = (name: string) => path.relative(absWorkingDir, path.join(outDir, `${name}.mjs`)).split(path.sep).join('/');
  const first = run(Object.keys(entries), ESBUILD_OPTIONS.external);
  const again = Object.keys(entries).filter((name) => importsStatically(first, outputOf(name), EVENT_STREAMS));
  if (again.length === 0) return first;
  const second = run(again, ESBUILD_OPTIONS.external.filter((e) => e !== EVENT_STREAMS));
  return { inputs: { ...first.inputs, ...second.inputs }, outputs: { ...first.outputs, ...second.outputs } };
}

/** The native modules (NATIVE_MODULES) an output of `metafile` imports. */
export function nativeImportsOf(metafile: Metafile, output: string): string[] {
  const imports = metafile.outputs[output]?.imports ?? [];
  return NATIVE_MODULES.filter((m) => imports.some((i) => i.external && i.path === m));
}

/** `npm install` arguments that put `specs` (`name@version`) for Lambda's platform into `prefix`/node_modules. */
export function nativeInstallArgs(specs: readonly string[], prefix: string): string[] {
  return [
    'install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev',
    `--os=${LAMBDA_PLATFORM.os}`, `--cpu=${LAMBDA_PLATFORM.cpu}`, `--libc=${LAMBDA_PLATFORM.libc}`, ...specs,
  ];
}

/**
 * Copies `modules` for Lambda's platform into `outputDir/node_modules`, at the versions package.json
 * pins. Installed once per version into node_modules/.cache/lambda-native (npm's own cache makes a
 * later install offline-capable), then copied into each asset that needs them.
 */
export function installNativeModules(modules: readonly string[], projectRoot: string, outputDir: string): void {
  if (modules.length === 0) return;
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const specs = modules.map((m) => {
    const version = pkg.dependencies?.[m];
    if (!version) throw new Error(`${m} is a native module of a Lambda bundle but not a dependency in package.json`);
    return `${m}@${version}`;
  });
  const platform = `${LAMBDA_PLATFORM.os}-${LAMBDA_PLATFORM.cpu}-${LAMBDA_PLATFORM.libc}`;
  const cache = path.join(projectRoot, 'node_modules', '.cache', 'lambda-native', platform, specs.join('+').replace(/[^\w.@+-]/g, '_'));
  if (!existsSync(path.join(cache, 'node_modules', modules[0], 'package.json'))) {
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    writeFileSync(path.join(cache, 'package.json'), '{"private":true}\n');
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', nativeInstallArgs(specs, cache), { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  cpSync(path.join(cache, 'node_modules'), path.join(outputDir, 'node_modules'), { recursive: true });
}

/**
 * Bundles handler modules for deployment into `outDir/<name>/index.mjs` (+ `.map`) with
 * `buildBundles`. The metafile is not written: it would only add bytes to the deployment packages.
 * Returns the native modules each name's bundle imports.
 */
export function bundleHandlers(entries: Readonly<Record<string, string>>, outDir: string, absWorkingDir: string): Map<string, string[]> {
  mkdirSync(outDir, { recursive: true });
  const bundleName = (name: string) => `${name}/${path.basename(BUNDLE_FILE, '.mjs')}`;
  const metafile = buildBundles(Object.fromEntries(Object.entries(entries).map(([name, entry]) => [bundleName(name), entry])), outDir, absWorkingDir);
  const outputOf = (name: string) => path.relative(absWorkingDir, path.join(outDir, `${bundleName(name)}.mjs`)).split(path.sep).join('/');
  return new Map(Object.keys(entries).map((name) => [name, nativeImportsOf(metafile, outputOf(name))]));
}

/** Handler entries (-> project root) bundled together on the first bundling request. */
const registered = new Map<string, string>();
/** Entry -> directory holding its finished bundle, until CDK moves it into the asset. */
const finished = new Map<string, string>();
/** Entry -> the native modules its bundle imports (installed into its asset). */
const nativeOf = new Map<string, string[]>();
const scratchDirs = new Set<string>();
/** Entries whose bundle CDK has taken (a later request, e.g. from a second App, bundles anew). */
const taken = new Set<string>();

function bundleRegistered(entry: string, projectRoot: string, scratchRoot: string): string {
  let dir = finished.get(entry);
  if (dir) return dir;
  const batch = [...registered].filter(([e, root]) => root === projectRoot && !finished.has(e) && !taken.has(e)).map(([e]) => e);
  if (!batch.includes(entry)) batch.push(entry);
  const outDir = path.join(scratchRoot, `.esbuild-${process.pid}-${Date.now()}`);
  // Bundles of stacks whose bundling is skipped (`cdk synth -e <stack>`) are never taken.
  if (scratchDirs.size === 0) {
    process.once('exit', () => {
      for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  scratchDirs.add(outDir);
  const natives = bundleHandlers(Object.fromEntries(batch.map((e, i) => [String(i), e])), outDir, projectRoot);
  for (const [i, e] of batch.entries()) {
    finished.set(e, path.join(outDir, String(i)));
    nativeOf.set(e, natives.get(String(i)) ?? []);
  }
  dir = finished.get(entry) as string;
  return dir;
}

/**
 * Announces every handler the app will build before any function is constructed (CDK bundles
 * each asset as soon as its function is created), so the first request bundles them all at once.
 */
export function registerHandlers(entries: readonly string[], projectRoot: string): void {
  for (const entry of entries) {
    registered.set(entry, projectRoot);
    taken.delete(entry);
  }
}

/**
 * Lambda code for one handler: bundled locally, in-process, when the stack is synthesized
 * (`cdk synth -e`/`--exclusively` or the `aws:cdk:bundling-stacks` context can skip it). No
 * Docker and no `npx esbuild` per function. The asset hash is the bundle's, so an unchanged
 * bundle is not uploaded or redeployed.
 */
export function handlerCode(entry: string, projectRoot: string, files: readonly string[] = []): Code {
  registered.set(entry, projectRoot);
  taken.delete(entry);
  return Code.fromAsset(path.join(projectRoot, 'lambdas'), {
    // OUTPUT: hash the bundle. SOURCE would give every function the same hash (same folder, same options).
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always succeeds or throws. Docker is not needed anywhere.
      image: DockerImage.fromRegistry('esbuild-bundling-runs-locally'),
      // Part of CDK's asset cache key, which ignores the `local` callback: without the entry here
      // every function would get the first function's bundle.
      command: ['esbuild', path.relative(projectRoot, entry)],
      local: {
        tryBundle(outputDir: string): boolean {
          // Bundles are built next to the asset (same depth below the cloud assembly), then moved in.
          const built = bundleRegistered(entry, projectRoot, path.dirname(outputDir));
          for (const file of readdirSync(built)) renameSync(path.join(built, file), path.join(outputDir, file));
          // Files the handler reads at cold start, next to its bundle (part of the asset hash).
          for (const file of files) copyFileSync(path.join(projectRoot, file), path.join(outputDir, path.basename(file)));
          rmSync(built, { recursive: true, force: true });
          installNativeModules(nativeOf.get(entry) ?? [], projectRoot, outputDir);
          finished.delete(entry);
          taken.add(entry);
          const batchDir = path.dirname(built);
          if (readdirSync(batchDir).length === 0) rmSync(batchDir, { recursive: true, force: true });
          return true;
        },
      },
    },
  });
}
