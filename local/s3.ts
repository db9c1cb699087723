/**
 * The S3 emulator (npm `s3rver`) with the stack's buckets. Objects live under the data dir.
 * s3rver accepts the credentials S3RVER/S3RVER and does not verify SigV4 signatures; the
 * signature's coverage of Content-Type and Content-Length is proven by a unit test instead.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** What s3rver emits after a PUT, POST, copy or delete (S3's notification record shape). */
interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[];
}

const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
};

/** An object created in a bucket, as S3 tells EventBridge (`source: aws.s3`, `detail-type: Object Created`). */
export interface ObjectCreatedEvent {
  source: 'aws.s3';
  'detail-type': 'Object Created';
  time: string;
  detail: { bucket: { name: string }; object: { key: string; size?: number; etag?: string } };
}

export const LOCAL_BUCKETS = { media: 'store-media-local', catalog: 'store-catalog-local' } as const;

/**
 * The media bucket's CORS, as lib/storage.ts gives it in AWS: the admin console PUTs uploads straight
 * to the bucket from the page's origin (any origin locally, as the local gateway allows), and reads
 * renditions.
 */
const MEDIA_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>
<AllowedHeader>content-type</AllowedHeader><AllowedHeader>content-length</AllowedHeader><AllowedHeader>cache-control</AllowedHeader><AllowedHeader>x-amz-tagging</AllowedHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/**
 * `onObjectCreated` plays S3's EventBridge notifications (the media bucket has them in AWS): every
 * object created, in EventBridge's event shape, for the stack to route as the wiring table says.
 */
export async function startS3(options: { port: number; directory: string; onObjectCreated?: (event: ObjectCreatedEvent) => void }): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: [{ name: LOCAL_BUCKETS.media, configs: [MEDIA_CORS] }, { name: LOCAL_BUCKETS.catalog, configs: [] }],
  });
  server.on('event', (event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const { bucket, object } = record.s3;
      options.onObjectCreated?.({
        source: 'aws.s3', 'detail-type': 'Object Created', time: new Date().toISOString(),
        detail: { bucket: { name: bucket.name }, object: { key: object.key, size: object.size, etag: object.eTag } },
      });
    }
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
