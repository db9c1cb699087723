import { testHookHttp } from '#http/test-hooks.js';
import { requireEnv } from '#shared/config.js';
import { testHookRoutes } from '../../routes/test-hooks.js';

const emailDomain = requireEnv('TEST_EMAIL_DOMAIN');

/** Test stages only: the stage's test e-mail domain, so a suite needs no more than the URL, admin credentials and the test secret. */
export const handler = testHookHttp(testHookRoutes, 'GET /test-hooks', async () => ({ body: { emailDomain } }));
