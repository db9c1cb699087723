/**
 * Starts the real local stack (the same `local/start.ts` as `npm start`) on free ports with an
 * in-memory DynamoDB Local and a throwaway data dir, once for the whole integration run.
 * Its URL and the seeded admin reach the test workers through process.env.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.API_URL) return; // an external stack (e.g. LocalStack) was given
  const dataDir = mkdtempSync(path.join(tmpdir(), 'store-it-'));
  const [port, dynamoPort, cognitoPort, s3Port] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, [require.resolve('tsx/cli'), 'local/start.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      COGNITO_PORT: String(cognitoPort),
      S3_PORT: String(s3Port),
      DATA_DIR: dataDir,
      IN_MEMORY: 'true',
      LOCAL_STACK_JSON: 'true',
      SEED_PRODUCTS: process.env.SEED_PRODUCTS ?? '60',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  (globalThis as { __LOCAL_STACK__?: ChildProcess }).__LOCAL_STACK__ = child;
  const ready = await new Promise<{ url: string; cognito: string; userPoolId: string; dynamodb: string; tableName: string; sandboxWebhookSecret: string; admin: { email: string; password: string } }>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`local stack did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = /LOCAL_STACK_READY (.+)\n/.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.DEBUG_LOCAL_STACK) process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  process.env.API_URL = ready.url;
  process.env.ADMIN_EMAIL = ready.admin.email;
  process.env.ADMIN_PASSWORD = ready.admin.password;
  process.env.COGNITO_ENDPOINT = ready.cognito;
  process.env.USER_POOL_ID = ready.userPoolId;
  process.env.DYNAMODB_ENDPOINT = ready.dynamodb;
  process.env.TABLE_NAME = ready.tableName;
  process.env.SANDBOX_WEBHOOK_SECRET = ready.sandboxWebhookSecret;
  process.env.LOCAL_DATA_DIR = dataDir;
}
