/**
 * `npm start`: the whole stack on this machine. Prints the API URL, the seeded admin and where
 * data is kept. Ctrl-C stops every child process.
 */
import './quiet-warnings.js';
import net from 'node:net';
import path from 'node:path';
import { seedAdmin } from './seed.js';
import { startLocalStack } from './stack.js';

const port = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const cognitoPort = Number(process.env.COGNITO_PORT ?? 9229);
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
  const wanted = [['PORT', port], ['DYNAMODB_PORT', dynamoPort], ['COGNITO_PORT', cognitoPort]] as const;
  const busy: string[] = [];
  for (const [name, p] of wanted) {
    if (p !== 0 && !(await portFree(p))) busy.push(`${p} (${name})`);
  }
  if (busy.length) {
    console.error(`Cannot start: port ${busy.join(', ')} already in use.\n` +
      'Stop whatever uses it (another `npm start`?) or choose other ports, e.g. PORT=3001 DYNAMODB_PORT=8001 COGNITO_PORT=9230 npm start');
    process.exit(1);
  }
  const started = Date.now();
  const stack = await startLocalStack({ dataDir, port, dynamoPort, cognitoPort, inMemory, logLevel: process.env.LOG_LEVEL });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack...`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const admin = await seedAdmin(dataDir, stack.env);
  const ready = {
    url: stack.url,
    admin,
    dataDir: inMemory ? '(in memory)' : dataDir,
    cognito: stack.env.COGNITO_ENDPOINT,
    userPoolId: stack.env.USER_POOL_ID,
    dynamodb: stack.env.DYNAMODB_ENDPOINT,
    startedInMs: Date.now() - started,
  };
  if (process.env.LOCAL_STACK_JSON === 'true') {
    console.log(`LOCAL_STACK_READY ${JSON.stringify(ready)}`);
    return;
  }
  console.log([
    '',
    `  Big E-Commerce API      ${stack.url}`,
    `  API reference           ${stack.url}/docs  (OpenAPI: ${stack.url}/openapi.json)`,
    `  Admin                   ${admin.email} / ${admin.password}`,
    `  Emails and SMS sent     ${stack.url}/_local/outbox`,
    `  Data kept in            ${ready.dataDir}  (npm run reset wipes it)`,
    `  DynamoDB Local          ${stack.env.DYNAMODB_ENDPOINT}   Cognito emulator ${stack.env.COGNITO_ENDPOINT}`,
    `  Ready in ${ready.startedInMs} ms. Ctrl-C stops everything.`,
    '',
  ].join('\n'));
}

main().catch((error: unknown) => {
  console.error('Local stack failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
