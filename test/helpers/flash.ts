/** The flash-sale invariant checker (scripts/check-flash-sale.ts) run as ops run it, against the local stack's table. */
import { runScript } from './scripts.js';

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
  const { code, stdout } = await runScript('check-flash-sale.ts', ['--json']);
  if (code !== 0 && code !== 1) throw new Error(`check-flash-sale exited ${code}`);
  return JSON.parse(stdout);
}
