/**
 * `npm run bench` times the import of every bundle with DUMMY_ENV: a handler that requires a variable
 * missing there fails to load and drops out of the measurement (12 did once). Every `requireEnv('NAME')`
 * in lambdas/ must have a value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DUMMY_ENV } from '../../scripts/bench-env.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sources(file);
    return e.name.endsWith('.ts') ? [file] : [];
  });
}

it('gives every variable a handler requires at load a value', () => {
  const required = new Set(sources(path.resolve(__dirname, '../../lambdas'))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/requireEnv\('([A-Z0-9_]+)'/g)].map((m) => m[1])));
  expect(required.size).toBeGreaterThan(20);
  expect([...required].filter((name) => !(name in DUMMY_ENV)).sort()).toEqual([]);
});
