/** The flash-sale invariant checker (scripts/check-flash-sale.ts) run as ops run it, against the local stack's table. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FlashWindowReport {
  windowId: string;
  unitsPerWindow: number;
  remaining: number;
  reservedUnpaid: number;
  paid: number;
  restocked: number;
  violations: string[];
}

/** The checker's report; it exits 1 when any window has a violation, and each test judges the windows it owns. */
export async function checkFlashSale(): Promise<{ windows: FlashWindowReport[]; violations: number }> {
  const stdout = await run(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-flash-sale.ts', '--json'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '' },
  }).then(({ stdout: out }) => out, (failed: { code?: number; stdout?: string }) => {
    if (failed.code === 1 && failed.stdout) return failed.stdout;
    throw failed;
  });
  return JSON.parse(stdout);
}
