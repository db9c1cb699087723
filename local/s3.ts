/**
 * The S3 emulator (npm `s3rver`) with the stack's buckets. Objects live under the data dir.
 * s3rver accepts the credentials S3RVER/S3RVER and does not verify SigV4 signatures; the
 * signature's coverage of Content-Type and Content-Length is proven by a unit test instead.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};

export const LOCAL_BUCKETS = { media: 'store-media-local', catalog: 'store-catalog-local' } as const;

export async function startS3(options: { port: number; directory: string }): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: Object.values(LOCAL_BUCKETS).map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
