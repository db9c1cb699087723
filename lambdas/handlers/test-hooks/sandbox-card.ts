import { sandboxPayer } from '#compose/test-hooks.js';
import { tokenizeSandboxCard } from '#domain/test-hooks/use-cases.js';
import { testHookHttp } from '#http/test-hooks.js';
import { testHookRoutes } from '../../routes/test-hooks.js';

/** Test stages only: the sandbox gateway's client-side tokenisation, for a black-box card payment. */
export const handler = testHookHttp(testHookRoutes, 'POST /test-hooks/sandbox/cards', async ({ body }) => ({
  body: await tokenizeSandboxCard({ payer: sandboxPayer }, body),
}));
