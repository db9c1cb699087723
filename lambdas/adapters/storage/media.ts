import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from '#shared/config.js';
import { s3 } from './s3.js';

const bucket = requireEnv('MEDIA_BUCKET');
/** Public base URL of the media (CloudFront in AWS, the S3 emulator locally). */
const publicBaseUrl = requireEnv('MEDIA_BASE_URL').replace(/\/+$/, '');
export const UPLOAD_URL_TTL_SECONDS = 300;

/**
 * A pre-signed PUT whose signature covers Content-Type, and Content-Length when the size is given:
 * S3 refuses an upload with any other type (or size).
 */
export async function presignImageUpload(key: string, contentType: string, sizeBytes?: number) {
  const sized = sizeBytes !== undefined;
  const uploadUrl = await getSignedUrl(
    s3,
    new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes, CacheControl: 'public, max-age=31536000, immutable' }),
    { expiresIn: UPLOAD_URL_TTL_SECONDS, signableHeaders: new Set(sized ? ['content-type', 'content-length'] : ['content-type']) },
  );
  return {
    uploadUrl,
    imageUrl: `${publicBaseUrl}/${key}`,
    method: 'PUT' as const,
    headers: { 'content-type': contentType, ...(sized ? { 'content-length': String(sizeBytes) } : {}), 'cache-control': 'public, max-age=31536000, immutable' },
    // Signatures use real time, never the business clock.
    expiresAt: new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
  };
}
