import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __LOCAL_STACK__?: ChildProcess }).__LOCAL_STACK__;
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
  if (process.env.LOCAL_DATA_DIR) rmSync(process.env.LOCAL_DATA_DIR, { recursive: true, force: true });
}
