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

export async function checkFlashSale(): Promise<{ windows: FlashWindowReport[]; violations: number }> {
  const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-flash-sale.ts', '--json'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '' },
  });
  return JSON.parse(stdout);
}
