import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { randomUUID } from 'node:crypto';
import type { ExportStore } from '#domain/reports/ports.js';
import { requireEnv } from '#shared/config.js';
import { s3 } from './s3.js';

/**
 * Report exports too big to answer inline: private, under exports/ in the catalog bucket (a lifecycle
 * rule deletes them after a day), handed out through a pre-signed GET that downloads as the file.
 */
const bucket = requireEnv('EXPORTS_BUCKET');
export const EXPORT_URL_TTL_SECONDS = 300;

export const s3ExportStore: ExportStore = {
  async save(fileName, body, contentType) {
    const key = `exports/${randomUUID()}/${fileName}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ContentDisposition: `attachment; filename="${fileName}"` }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: EXPORT_URL_TTL_SECONDS });
    return { url, expiresInSeconds: EXPORT_URL_TTL_SECONDS };
  },
};
