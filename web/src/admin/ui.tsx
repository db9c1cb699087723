/** Small pieces the console's pages share. */
import type { Outcome } from './api';

/** The notice line under a page's title: the last action's outcome, announced to screen readers. */
export function OutcomeLine({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  return outcome.ok
    ? <p role="status" className="form-ok">{outcome.text}</p>
    : <p role="alert" className="form-error" data-testid="action-error">{outcome.text}</p>;
}
