/**
 * `npm start`: the whole stack on this machine. Prints the API URL, the seeded admin and where
 * data is kept. Ctrl-C stops every child process.
 */
import './quiet-warnings.js';
import net from 'node:net';
import path from 'node:path';
import { seedAdmin } from './seed.js';
import { FLASH_SALE_SKU, seedCatalog } from './seed-catalog.js';
import { startLocalStack } from './stack.js';
import { startStorefrontServer } from './storefront.js';

const port = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const cognitoPort = Number(process.env.COGNITO_PORT ?? 9229);
const s3Port = Number(process.env.S3_PORT ?? 4569);
const sqsPort = Number(process.env.SQS_PORT ?? 9324);
const storefrontPort = Number(process.env.STOREFRONT_PORT ?? 3001);
const queueVisibilityTimeoutSeconds = process.env.QUEUE_VISIBILITY_TIMEOUT_SECONDS ? Number(process.env.QUEUE_VISIBILITY_TIMEOUT_SECONDS) : undefined;
const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
const inMemory = process.env.IN_MEMORY === 'true';

function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(p, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const wanted = [['PORT', port], ['DYNAMODB_PORT', dynamoPort], ['COGNITO_PORT', cognitoPort], ['S3_PORT', s3Port], ['SQS_PORT', sqsPort], ['STOREFRONT_PORT', storefrontPort]] as const;
  const busy: string[] = [];
  for (const [name, p] of wanted) {
    if (p !== 0 && !(await portFree(p))) busy.push(`${p} (${name})`);
  }
  if (busy.length) {
    console.error(`Cannot start: port ${busy.join(', ')} already in use.\n` +
      'Stop whatever uses it (another `npm start`?) or choose other ports, e.g. PORT=3010 DYNAMODB_PORT=8001 COGNITO_PORT=9230 S3_PORT=4570 SQS_PORT=9325 STOREFRONT_PORT=3011 npm start');
    process.exit(1);
  }
  const started = Date.now();
  const stack = await startLocalStack({ dataDir, port, dynamoPort, cognitoPort, s3Port, sqsPort, inMemory, logLevel: process.env.LOG_LEVEL, queueVisibilityTimeoutSeconds });
  const storefront = await startStorefrontServer({ port: storefrontPort, apiUrl: stack.url });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    await storefront.stop();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Data kept from a version before the index keys were sharded: re-key it (a few empty queries otherwise).
  const { ddb, tableName } = await import('../lambdas/adapters/dynamodb/client.js');
  const { migrateIndexShards } = await import('../lambdas/adapters/dynamodb/migrate-index-shards.js');
  const migrated = await migrateIndexShards(ddb, tableName);
  if (migrated.moved) console.log(`Moved ${migrated.moved} item(s) kept from an older version to their index shards.`);
  const admin = await seedAdmin(dataDir, stack.env);
  const catalog = await seedLocalCatalog(Number(process.env.SEED_PRODUCTS ?? 300));
  const sale = await ensureFlashSale(catalog.flashSaleProductId);
  await stack.streamsIdle();
  const ready = {
    url: stack.url,
    storefrontUrl: storefront.url,
    admin,
    dataDir: inMemory ? '(in memory)' : dataDir,
    cognito: stack.env.COGNITO_ENDPOINT,
    userPoolId: stack.env.USER_POOL_ID,
    dynamodb: stack.env.DYNAMODB_ENDPOINT,
    s3: stack.env.S3_ENDPOINT,
    sqs: stack.sqsEndpoint,
    tableName: stack.env.TABLE_NAME,
    sandboxWebhookSecret: stack.env.SANDBOX_WEBHOOK_SECRET,
    testHooksSecret: stack.env.TEST_HOOKS_SECRET,
    testEmailDomain: stack.env.TEST_EMAIL_DOMAIN,
    seededProducts: catalog.products,
    flashSaleId: sale?.id ?? null,
    startedInMs: Date.now() - started,
  };
  if (process.env.LOCAL_STACK_JSON === 'true') {
    console.log(`LOCAL_STACK_READY ${JSON.stringify(ready)}`);
    return;
  }
  console.log([
    '',
    `  Storefront              ${storefront.url}/store/  (its own origin, calling the API across origins; npm run web:build first)`,
    `                          ${stack.url}/store/  (on the API's origin, as CloudFront serves it in AWS)`,
    `  Big E-Commerce API      ${stack.url}`,
    `  API reference           ${stack.url}/docs  (OpenAPI: ${stack.url}/openapi.json)`,
    `  Admin                   ${admin.email} / ${admin.password}`,
    `  Live tracking           ${stack.url.replace(/^http/, 'ws')}/ws?token=<accessToken>  (&feed=admin for the admin feed)`,
    `  Emails and SMS sent     ${stack.url}/_local/outbox`,
    `  Catalog                 ${catalog.seeded ? `${catalog.products} products seeded` : 'kept from the last run'} (try ${stack.url}/products?q=iphone)`,
    `  Black Friday            ${stack.url}/flash-sales/current  (100 iPhones at R$ 1,00 every hour)`,
    stack.env.PAYMENT_PROVIDER === 'mercadopago'
      ? `  Payments                Mercado Pago fake ${stack.env.MERCADOPAGO_BASE_URL} (LOCAL_PAYMENTS=mercadopago; card 5031 4332 1540 6351, 11/30, 123, holder APRO approves, FUND declines)`
      : '  Payments                sandbox (4111 1111 1111 1111 approves, 4000 0000 0000 0002 declines; LOCAL_PAYMENTS=mercadopago for Mercado Pago\'s fake)',
    `  Data kept in            ${ready.dataDir}  (npm run reset wipes it)`,
    `  DynamoDB Local          ${stack.env.DYNAMODB_ENDPOINT}   Cognito emulator ${stack.env.COGNITO_ENDPOINT}   S3 emulator ${stack.env.S3_ENDPOINT}`,
    `  SQS emulator            ${stack.sqsEndpoint}  (queue ${stack.env.TABLE_NAME}-notifications, dead letters ${stack.env.TABLE_NAME}-notifications-dlq)`,
    `  User pool               ${stack.env.USER_POOL_ID}  (for npm run admin:grant)`,
    `  Test hooks              sign-ups @${stack.env.TEST_EMAIL_DOMAIN} need no code; TEST_HOOKS_SECRET=${stack.env.TEST_HOOKS_SECRET}`,
    `                          (API_URL=${stack.url} ADMIN_EMAIL=... ADMIN_PASSWORD=... TEST_HOOKS_SECRET=... npm run test:e2e)`,
    `  Ready in ${ready.startedInMs} ms. Ctrl-C stops everything.`,
    '',
  ].join('\n'));
}

/**
 * The launch campaign: 100 iPhones at R$ 1,00 every hour, on the hour, one per customer,
 * 10 minutes to pay. Seeded from the current hour for a week, so a newcomer sees it live; when
 * kept data holds only sales that have ended, a new week of it starts.
 */
async function ensureFlashSale(seededProductId: string | undefined) {
  const { flashSaleRepository } = await import('../lambdas/adapters/dynamodb/flash-sales.js');
  const sales = await flashSaleRepository.listSales();
  const live = sales.find((s) => Date.parse(s.endsAt) > Date.now());
  if (live) return live;
  const productId = seededProductId ?? sales.find((s) => s.sku === FLASH_SALE_SKU)?.productId;
  return productId ? seedFlashSale(productId) : undefined;
}

async function seedFlashSale(productId: string) {
  const [{ flashSales }, { variants }] = await Promise.all([import('../lambdas/compose/flash-sale.js'), import('../lambdas/compose/cart.js')]);
  const { CreateFlashSaleBody } = await import('../lambdas/domain/flash-sale/schemas.js');
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return flashSales.createSale(CreateFlashSaleBody.parse({
    productId, sku: FLASH_SALE_SKU, priceCents: 100, unitsPerWindow: 100, paymentWindowMinutes: 10, perCustomerLimit: 1, shards: 1,
    startsAt: new Date(hour).toISOString(), endsAt: new Date(hour + 7 * 24 * 3_600_000).toISOString(),
  }), variants);
}

/** Seeds through the same use cases as the admin API (imported after the stack set the env). */
async function seedLocalCatalog(products: number) {
  const [{ catalogRepository: catalog }, { mediaInspector: media }, useCases, { createProduct }, { CreateProductBody }] = await Promise.all([
    import('../lambdas/adapters/dynamodb/catalog.js'),
    import('../lambdas/adapters/storage/media.js'),
    import('../lambdas/domain/catalog/use-cases.js'),
    import('../lambdas/domain/catalog/product-writes.js'),
    import('../lambdas/domain/catalog/schemas.js'),
  ]);
  const deps = { catalog, now: () => new Date() };
  return seedCatalog({
    listCategories: () => useCases.listCategories(deps),
    createCategory: (input) => useCases.createCategory(deps, input),
    createProduct: (input) => createProduct({ ...deps, media }, CreateProductBody.parse(input)),
  }, { products });
}

main().catch((error: unknown) => {
  console.error('Local stack failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
