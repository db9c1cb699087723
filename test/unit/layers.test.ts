/**
 * The layer rules of lambdas/ (README "Map of the code"), checked on every import of every file:
 * a `#layer/...` subpath import or a relative path, resolved to the folder it lands in.
 *
 *   domain   -> domain, shared               (no AWS SDK, no adapter, no HTTP)
 *   shared   -> shared                        (the kernel every layer may use)
 *   http     -> http, shared, routes          (the HTTP chain; stores are injected, never imported)
 *   routes   -> routes, domain, shared        (the wiring table: schemas, no code that runs)
 *   adapters -> adapters, domain, shared      (implement the domain's ports)
 *   compose  -> anything but handlers         (the one place adapters meet use cases)
 *   triggers -> triggers, domain, shared, http (wrappers for non-HTTP triggers: stream, queue, schedule, WebSocket;
 *                                              http only for the error mapping of the WebSocket handshake)
 *   handlers -> compose, http, domain, shared, routes, triggers (never an adapter directly)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../lambdas');
const LAYERS = ['domain', 'shared', 'http', 'routes', 'adapters', 'compose', 'handlers', 'triggers'] as const;
type Layer = (typeof LAYERS)[number];

const ALLOWED: Record<Layer, readonly Layer[]> = {
  domain: ['domain', 'shared'],
  shared: ['shared'],
  http: ['http', 'shared', 'routes'],
  routes: ['routes', 'domain', 'shared'],
  adapters: ['adapters', 'domain', 'shared'],
  compose: ['compose', 'adapters', 'domain', 'shared', 'http', 'routes', 'triggers'],
  handlers: ['handlers', 'compose', 'http', 'domain', 'shared', 'routes', 'triggers'],
  // The WebSocket handshake is HTTP: websocket() answers refusals with the HTTP layer's one error mapping.
  triggers: ['triggers', 'shared', 'domain', 'http'],
};

/** Packages only adapters and trigger wrappers (which read the events AWS delivers) may import: the cloud's SDKs. */
const SDK = /^@aws-sdk\//;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The layer of a file under lambdas/ (routes.ts at the top belongs to the wiring table). */
function layerOf(file: string): Layer {
  const [top] = path.relative(ROOT, file).split(path.sep);
  if (top === 'routes.ts' || top === 'routes.js') return 'routes';
  if (!(LAYERS as readonly string[]).includes(top)) throw new Error(`${file} is in no layer`);
  return top as Layer;
}

/** Every module specifier a file imports or re-exports (type-only imports included: they couple too). */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'/g)) specifiers.push(match[1]);
  for (const match of source.matchAll(/(?:^|\n)\s*import\s*'([^']+)'/g)) specifiers.push(match[1]);
  for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

/** The layer an import lands in, or the package name for a bare specifier. */
function target(file: string, specifier: string): { layer: Layer } | { pkg: string } {
  const alias = /^#([a-z]+)\//.exec(specifier);
  if (alias) return { layer: alias[1] as Layer };
  if (specifier.startsWith('.')) return { layer: layerOf(path.resolve(path.dirname(file), specifier)) };
  return { pkg: specifier };
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of filesUnder(ROOT)) {
    const from = layerOf(file);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const to = target(file, specifier);
      const where = `${path.relative(ROOT, file)} imports ${specifier}`;
      if ('layer' in to && !ALLOWED[from].includes(to.layer)) found.push(`${where} (${from} -> ${to.layer})`);
      if ('pkg' in to && SDK.test(to.pkg) && from !== 'adapters' && from !== 'triggers') {
        found.push(`${where} (only adapters use the AWS SDK)`);
      }
    }
  }
  return found;
}

it('every import in lambdas/ follows the layer rules', () => {
  expect(violations()).toEqual([]);
});

describe('the check itself', () => {
  it('reads static, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from '#adapters/dynamodb/users.js';",
      "import type { B } from '../http/core.js';",
      "export { c } from './c.js';",
      "import './side-effect.js';",
      "const d = await import('#domain/d.js');",
      "import {\n  e,\n  f,\n} from '#compose/e.js';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['#adapters/dynamodb/users.js', '../http/core.js', './c.js', '#compose/e.js', './side-effect.js', '#domain/d.js']);
  });

  it('places a relative import in the layer it resolves to', () => {
    expect(target(path.join(ROOT, 'domain/orders/orders.ts'), '../../adapters/dynamodb/orders.js')).toEqual({ layer: 'adapters' });
    expect(target(path.join(ROOT, 'http/core.ts'), '../routes/types.js')).toEqual({ layer: 'routes' });
    expect(target(path.join(ROOT, 'handlers/cart/get-cart.ts'), '../../routes.js')).toEqual({ layer: 'routes' });
    expect(ALLOWED.domain).not.toContain('adapters');
    expect(ALLOWED.http).not.toContain('adapters');
    expect(ALLOWED.handlers).not.toContain('adapters');
  });
});
