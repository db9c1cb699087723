import type { MediaObjects } from '#domain/catalog/image-pipeline.js';
import { type MediaInspector, type StoredImage, UNREGISTERED_UPLOAD_TAG } from '#domain/catalog/images.js';
import { requireEnv } from '#shared/config.js';
import { s3 } from './s3.js';

const bucket = requireEnv('MEDIA_BUCKET');
/** Public base URL of the media (CloudFront in AWS, the S3 emulator locally). */
const publicBaseUrl = requireEnv('MEDIA_BASE_URL').replace(/\/+$/, '');
export const UPLOAD_URL_TTL_SECONDS = 300;

/** Whether a URL is one of our media (an upload or a rendition), not another site's. */
export const isMediaUrl = (url: string): boolean => url.startsWith(`${publicBaseUrl}/`);

/**
 * A pre-signed PUT whose signature covers Content-Type, and when the size is given Content-Length and
 * the unregistered tag (x-amz-tagging): S3 refuses an upload of any other type (or size, or without the
 * tag), and the media bucket's lifecycle rule expires a tagged upload after a day unless a product
 * registers the image (`keep`). Without a size (the contract's body) only the type is signed, and the
 * object is checked when a product registers it (domain/catalog/images.ts).
 */
export async function presignImageUpload(key: string, contentType: string, sizeBytes?: number) {
  const sized: Record<string, string> = sizeBytes === undefined
    ? {}
    : { 'content-length': String(sizeBytes), 'x-amz-tagging': `${UNREGISTERED_UPLOAD_TAG.key}=${UNREGISTERED_UPLOAD_TAG.value}` };
  const headers: Record<string, string> = { 'content-type': contentType, ...sized, 'cache-control': 'public, max-age=31536000, immutable' };
  const uploadUrl = await s3.presign('PUT', bucket, key, {
    expiresIn: UPLOAD_URL_TTL_SECONDS,
    headers,
    signableHeaders: new Set(['content-type', ...Object.keys(sized)]),
  });
  return {
    uploadUrl,
    imageUrl: `${publicBaseUrl}/${key}`,
    method: 'PUT' as const,
    headers,
    // Signatures use real time, never the business clock.
    expiresAt: new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
  };
}

/** Bytes read from the start of an object: enough for every magic number uploads accept. */
const HEAD_BYTES = 16;

const isNotFound = (error: unknown) => error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey');

const keyOf = (url: string) => decodeURIComponent(url.slice(publicBaseUrl.length + 1));

/**
 * What an image URL is in our media bucket: `external` when it is not under the bucket's public base
 * URL, else its size (HeadObject) and first bytes (a ranged GetObject), or `missing`.
 */
export const mediaInspector: MediaInspector = {
  async inspect(url): Promise<StoredImage> {
    const prefix = `${publicBaseUrl}/`;
    if (!url.startsWith(prefix)) return { kind: 'external' };
    const key = keyOf(url);
    try {
      const sizeBytes = (await s3.headObject(bucket, key)).contentLength;
      if (sizeBytes === 0) return { kind: 'stored', sizeBytes, head: new Uint8Array() };
      const bytes = await s3.getObject(bucket, key, `bytes=0-${HEAD_BYTES - 1}`);
      return { kind: 'stored', sizeBytes, head: bytes.subarray(0, HEAD_BYTES) };
    } catch (error) {
      if (isNotFound(error)) return { kind: 'missing' };
      throw error;
    }
  },
  async keep(url) {
    await s3.putObjectTagging(bucket, keyOf(url), {});
  },
};

/** The media bucket for the image pipeline (domain/catalog/image-pipeline.ts): read an upload, write renditions. */
export const mediaObjects: MediaObjects = {
  async sizeOf(key) {
    try {
      return (await s3.headObject(bucket, key)).contentLength;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  },
  async remove(key) {
    await s3.deleteObject(bucket, key);
  },
  async read(key) {
    try {
      return await s3.getObject(bucket, key);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  },
  async write(key, data, contentType, cacheControl) {
    await s3.putObject(bucket, key, data, contentType, { 'cache-control': cacheControl });
    return `${publicBaseUrl}/${key}`;
  },
  urlOf: (key) => `${publicBaseUrl}/${key}`,
};
