/**
 * When a finished collection run needs an admin's look (the alarm's metric, the admins' e-mail): it
 * FAILED (every page did), found no product (the source changed its pages, or blocks us), or too many
 * of its pages failed. A module of its own: the outbox (the table stream's publisher) decides with it
 * without loading the worker's fetcher and parser.
 */
import type { RunView } from './schemas.js';

/** Failed pages over planned pages from which a run that still found products needs a look (20 %). */
export const ATTENTION_ERROR_RATE = 0.2;

export type AttentionReason = 'failed' | 'no-products' | 'error-rate';

type RunFigures = Pick<RunView, 'status' | 'productsFound' | 'failed' | 'pagesPlanned'>;

export const errorRateOf = (run: Pick<RunView, 'failed' | 'pagesPlanned'>): number => (run.pagesPlanned > 0 ? run.failed / run.pagesPlanned : 0);

export function attentionReason(run: RunFigures): AttentionReason | undefined {
  if (run.status === 'FAILED') return 'failed';
  if (run.productsFound === 0) return 'no-products';
  if (errorRateOf(run) >= ATTENTION_ERROR_RATE) return 'error-rate';
  return undefined;
}

export const needsAttention = (run: RunFigures): boolean => attentionReason(run) !== undefined;
