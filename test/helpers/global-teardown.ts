import type { ChildProcess } from 'node:child_process';
import type * as Harness from '../../local/harness.js';

// As in the global setup: the harness is required by its extensionless path (Jest's global hooks do not map `.js` to `.ts`).
const { stopSpawnedStack } = require('../../local/harness') as typeof Harness;

export default async function globalTeardown(): Promise<void> {
  await stopSpawnedStack((globalThis as { __LOCAL_STACK__?: ChildProcess }).__LOCAL_STACK__, process.env.LOCAL_DATA_DIR);
}
