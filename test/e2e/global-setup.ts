/**
 * `npm test` runs the e2e suite in its "any API_URL" mode against a local stack of its own, started
 * as `npm start` starts it (local/start.ts, through the harness) and apart from the integration
 * tests' stack, whose business clock and flash-sale windows those tests move. The suite gets the
 * URL, the seeded admin and the test secret only (E2E_*, read by test/e2e/client.ts), as a tester of
 * a deployed test stage would, and with its `/_local` endpoints off (LOCAL_ENDPOINTS=off), so the run
 * proves the suite needs none of them. Given E2E_API_URL, nothing is started.
 */
import path from 'node:path';
import type * as Harness from '../../local/harness.js';

// Loaded outside Jest's module map (see test/helpers/global-setup.ts): required by extensionless path.
const { spawnLocalStack } = require('../../local/harness') as typeof Harness;

export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_API_URL) return;
  const stack = await spawnLocalStack({
    projectRoot: path.resolve(__dirname, '../..'),
    dataDirPrefix: 'store-e2e-',
    // The suite reads none of these: a small catalog starts quicker; API_URL must not point the stack at another one.
    // No /_local endpoints at all: a journey that used one would fail here as on a deployed stage.
    env: { SEED_PRODUCTS: '20', LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR', API_URL: undefined, LOCAL_ENDPOINTS: 'off' },
  });
  (globalThis as { __E2E_LOCAL_STACK__?: typeof stack.child }).__E2E_LOCAL_STACK__ = stack.child;
  const ready = await stack.ready;
  process.env.E2E_API_URL = ready.url;
  process.env.E2E_ADMIN_EMAIL = ready.admin.email;
  process.env.E2E_ADMIN_PASSWORD = ready.admin.password;
  process.env.E2E_TEST_HOOKS_SECRET = ready.testHooksSecret;
  process.env.E2E_LOCAL_DATA_DIR = stack.dataDir;
}
