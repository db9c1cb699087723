import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Stops the e2e suite's own local stack (test/e2e/global-setup.ts), if it started one. */
export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __E2E_LOCAL_STACK__?: ChildProcess }).__E2E_LOCAL_STACK__;
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
  if (process.env.E2E_LOCAL_DATA_DIR) rmSync(process.env.E2E_LOCAL_DATA_DIR, { recursive: true, force: true });
}
