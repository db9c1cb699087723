/** Small pieces the console's pages share. */
import { useCallback, useEffect, useState } from 'react';
import { type Outcome, refusal } from './api';

/** The notice line under a page's title: the last action's outcome, announced to screen readers. */
export function OutcomeLine({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  return outcome.ok
    ? <p role="status" className="form-ok">{outcome.text}</p>
    : <p role="alert" className="form-error" data-testid="action-error">{outcome.text}</p>;
}

/**
 * What a page reads from the API and the outcome of its actions, the way every console page with
 * actions shows them: `load` (a stable callback: useCallback) runs on mount and again whenever it
 * changes (the data is cleared first, so rows of another filter never show); a failed read becomes the
 * page's refusal line. `report` shows an action's outcome and, when it succeeded, reads the data again;
 * it answers whether it succeeded (to reset a form).
 */
export function useAdminData<T>(load: () => Promise<{ data?: T; error?: unknown }>) {
  const [data, setData] = useState<T | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const reload = useCallback(async () => {
    const answer = await load().catch(() => undefined);
    if (answer?.data !== undefined) setData(answer.data);
    else setOutcome({ ok: false, text: refusal(answer?.error) });
  }, [load]);
  useEffect(() => {
    setData(undefined);
    void reload();
  }, [reload]);
  const report = useCallback(async (result: Outcome) => {
    setOutcome(result);
    if (result.ok) await reload();
    return result.ok;
  }, [reload]);
  return { data, outcome, report, reload };
}
