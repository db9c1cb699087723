import type { ChildProcess } from 'node:child_process';
import type * as Harness from '../../local/harness.js';

// As in the global setup: the harness is required by its extensionless path (Jest's global hooks do not map `.js` to `.ts`).
const { stopSpawnedStack } = require('../../local/harness') as typeof Harness;

/** Stops the e2e suite's own local stack (test/e2e/global-setup.ts), if it started one. */
export default async function globalTeardown(): Promise<void> {
  await stopSpawnedStack((globalThis as { __E2E_LOCAL_STACK__?: ChildProcess }).__E2E_LOCAL_STACK__, process.env.E2E_LOCAL_DATA_DIR);
}
