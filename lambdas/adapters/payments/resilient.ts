import { PaymentRejectedError, type PaymentProvider, WebhookSignatureError } from '#domain/payments/ports.js';
import { ServiceUnavailableError } from '#shared/errors.js';
import { withFaults } from '../faults.js';

/** Attempts per provider call and the pause before each retry. */
const BACKOFF_MS = [0, 150, 450] as const;

/** The provider refused the request itself (bad input, a 4xx other than 408/429): retrying cannot help. */
function isPermanent(error: unknown): boolean {
  if (error instanceof PaymentRejectedError || error instanceof WebhookSignatureError) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * The provider as the use cases see it: each call under the fault switch (lambdas/adapters/faults.ts)
 * and retried with the same arguments on a transient failure. That is safe for every call of the
 * port: creates and refunds carry idempotency keys (the provider answers a repeat with the first
 * result, so a lost answer never becomes a second charge), reads and cancels are idempotent. When
 * the provider stays unreachable the caller gets 503 with Retry-After; a client's retry with the
 * same Idempotency-Key sends the same provider key again.
 */
export function resilientProvider(provider: PaymentProvider, sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))): PaymentProvider {
  const retried = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    let failure: unknown;
    for (const pause of BACKOFF_MS) {
      if (pause) await sleep(pause);
      try {
        return await withFaults('payments', () => call(...args));
      } catch (error) {
        if (isPermanent(error)) throw error;
        failure = error;
      }
    }
    throw new ServiceUnavailableError('The payment provider is unavailable; retry with the same Idempotency-Key shortly', 2, { cause: failure });
  };
  return {
    name: provider.name,
    createPix: retried(provider.createPix.bind(provider)),
    createCard: retried(provider.createCard.bind(provider)),
    getPayment: retried(provider.getPayment.bind(provider)),
    refund: retried(provider.refund.bind(provider)),
    cancel: retried(provider.cancel.bind(provider)),
    verifyWebhook: provider.verifyWebhook.bind(provider),
  };
}
