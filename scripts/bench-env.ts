/**
 * The environment `npm run bench` imports every bundle with (scripts/bench.ts, part 2): a value for
 * each variable a handler requires at load (`requireEnv()`), so every bundle loads and is timed. A
 * unit test (test/unit/bench-env.test.ts) fails when a handler requires a variable missing here.
 */
import os from 'node:os';
import path from 'node:path';

export const DUMMY_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'sa-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', STAGE: 'bench',
  TABLE_NAME: 'store-bench', USER_POOL_ID: 'sa-east-1_bench', USER_POOL_CLIENT_ID: 'bench-client',
  JWT_ISSUER: 'https://cognito-idp.sa-east-1.amazonaws.com/sa-east-1_bench', JWKS_URI: 'https://cognito-idp.sa-east-1.amazonaws.com/sa-east-1_bench/.well-known/jwks.json',
  CATALOG_BUCKET: 'bench-catalog', MEDIA_BUCKET: 'bench-media', LABELS_BUCKET: 'bench-catalog', EXPORTS_BUCKET: 'bench-catalog',
  MEDIA_BASE_URL: 'https://media.example.com', EVENT_BUS_NAME: 'bench-bus',
  COLLECTION_QUEUE_URL: 'https://sqs.sa-east-1.amazonaws.com/000000000000/bench-collection',
  IMAGES_QUEUE_URL: 'https://sqs.sa-east-1.amazonaws.com/000000000000/bench-images',
  WEBSOCKET_CALLBACK_URL: 'https://bench.execute-api.sa-east-1.amazonaws.com/ws',
  PAYMENT_PROVIDER: 'mercadopago', MERCADOPAGO_SECRET_ARN: 'arn:aws:secretsmanager:sa-east-1:000000000000:secret:bench',
  MERCADOPAGO_ACCESS_TOKEN: 'bench', MERCADOPAGO_WEBHOOK_SECRET: 'bench',
  CARRIER_PROVIDER: 'melhorenvio', CARRIER_WEBHOOK_SECRET: 'bench', MELHORENVIO_ACCESS_TOKEN: 'bench', MELHORENVIO_WEBHOOK_SECRET: 'bench',
  MELHORENVIO_USER_AGENT: 'bench (bench@example.com)',
  NOTIFICATION_FROM_EMAIL: 'loja@example.com', SMS_ORIGINATION_IDENTITY: 'bench',
  TEST_HOOKS_SECRET: 'bench', TEST_EMAIL_DOMAIN: 'e2e.bench.invalid',
  OUTBOX_FILE: path.join(os.tmpdir(), 'bench-outbox.jsonl'), SANDBOX_WEBHOOK_SECRET: 'bench',
  POWERTOOLS_SERVICE_NAME: 'store-api', POWERTOOLS_METRICS_NAMESPACE: 'Store', POWERTOOLS_LOG_LEVEL: 'WARN',
};
