/**
 * The storefront's typed client is generated from the route table's OpenAPI document; a route
 * or schema change without `npm run web:client` fails here, so contract drift breaks the build.
 * The generator runs in a child process: openapi-typescript's dependencies are ESM-only.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');

test('web/src/api/schema.d.ts matches a fresh generation from the route table (run `npm run web:client`)', async () => {
  const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['web/scripts/generate-client.ts', '--stdout'], {
    cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'ERROR' },
  });
  const checkedIn = readFileSync(path.join(root, 'web/src/api/schema.d.ts'), 'utf8');
  expect(stdout).toBe(checkedIn);
});
