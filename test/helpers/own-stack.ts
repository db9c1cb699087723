/**
 * A local stack of a test file's own, for a setting the shared one does not run (LOCAL_CARRIER=melhorenvio,
 * LOCAL_PAYMENTS=mercadopago): spawned and awaited, its URL and admin put in process.env for the API
 * helpers (test/helpers/api.ts) until stop() gives the shared stack's back and stops it.
 */
import { type LocalStackReady, type SpawnedStack, type SpawnOptions, spawnLocalStack, stopSpawnedStack } from '../../local/harness.js';

const KEYS = ['API_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'] as const;

export interface OwnStack {
  stack: SpawnedStack;
  ready: LocalStackReady;
  stop(): Promise<void>;
}

export async function startOwnStack(options: SpawnOptions): Promise<OwnStack> {
  const stack = await spawnLocalStack(options);
  let ready: LocalStackReady;
  try {
    ready = await stack.ready;
  } catch (error) {
    await stopSpawnedStack(stack.child, stack.dataDir);
    throw error;
  }
  const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  Object.assign(process.env, { API_URL: ready.url, ADMIN_EMAIL: ready.admin.email, ADMIN_PASSWORD: ready.admin.password });
  return {
    stack,
    ready,
    stop: async () => {
      for (const key of KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await stopSpawnedStack(stack.child, stack.dataDir);
    },
  };
}
