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
    await s3.putObject(bucket, key, body, contentType, { 'content-disposition': `attachment; filename="${fileName}"` });
    return { url: await s3.presign('GET', bucket, key, { expiresIn: EXPORT_URL_TTL_SECONDS }), expiresInSeconds: EXPORT_URL_TTL_SECONDS };
  },
};
