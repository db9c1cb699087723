/**
 * Starts the real local stack (the same `local/start.ts` as `npm start`) on free ports with an
 * in-memory DynamoDB Local and a throwaway data dir, once for the whole integration run.
 * Its URL and the seeded admin reach the test workers through process.env.
 */
import path from 'node:path';
import type * as Harness from '../../local/harness.js';

// Jest loads globalSetup outside its module map (no moduleNameMapper maps `.js` to `.ts` here), so
// the harness is required by its extensionless path, at load time while Jest's TypeScript hook is on.
const { spawnLocalStack } = require('../../local/harness') as typeof Harness;

export default async function globalSetup(): Promise<void> {
  if (process.env.API_URL) return; // an external stack (e.g. LocalStack) was given
  const stack = await spawnLocalStack({
    projectRoot: path.resolve(__dirname, '../..'),
    dataDirPrefix: 'store-it-',
    // A failed queue message comes back after 2 s (not the 6 minutes of AWS), so retry and DLQ tests are quick.
    env: { SEED_PRODUCTS: process.env.SEED_PRODUCTS ?? '60', LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR', QUEUE_VISIBILITY_TIMEOUT_SECONDS: '2', WEBHOOK_BACKOFF_BASE_MS: '0',
      // The collector's fixture sites: a page that never finishes fails after 2 s; one fetch per host every 300 ms.
      COLLECTION_TIMEOUT_MS: '2000', COLLECTION_HOST_INTERVAL_MS: '300',
      // A sales CSV over 4 KB (a year by day) is answered with a link, as one over 1 MB is in AWS.
      REPORT_INLINE_CSV_MAX_BYTES: '4000' },
  });
  (globalThis as { __LOCAL_STACK__?: typeof stack.child }).__LOCAL_STACK__ = stack.child;
  if (process.env.DEBUG_LOCAL_STACK) stack.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const ready = await stack.ready;
  process.env.API_URL = ready.url;
  process.env.STOREFRONT_URL = ready.storefrontUrl;
  process.env.ADMIN_EMAIL = ready.admin.email;
  process.env.ADMIN_PASSWORD = ready.admin.password;
  process.env.COGNITO_ENDPOINT = ready.cognito;
  process.env.USER_POOL_ID = ready.userPoolId;
  process.env.DYNAMODB_ENDPOINT = ready.dynamodb;
  process.env.SQS_ENDPOINT = ready.sqs;
  process.env.TABLE_NAME = ready.tableName;
  process.env.SANDBOX_WEBHOOK_SECRET = ready.sandboxWebhookSecret;
  process.env.TEST_HOOKS_SECRET = ready.testHooksSecret;
  process.env.TEST_EMAIL_DOMAIN = ready.testEmailDomain;
  process.env.LOCAL_DATA_DIR = stack.dataDir;
}
