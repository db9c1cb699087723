import { paymentDeps } from '#compose/payments.js';
import { sandboxPayer } from '#compose/test-hooks.js';
import { payPixInSandbox } from '#domain/test-hooks/use-cases.js';
import { testHookHttp } from '#http/test-hooks.js';
import { testHookRoutes } from '../../routes/test-hooks.js';

/** Test stages only: the payer pays a sandbox Pix charge and the gateway's signed webhook is handled. */
export const handler = testHookHttp(testHookRoutes, 'POST /test-hooks/sandbox/pix-payments', async ({ body, correlationId }) => ({
  body: await payPixInSandbox({ payer: sandboxPayer, payments: await paymentDeps() }, body.paymentId, correlationId),
}));
