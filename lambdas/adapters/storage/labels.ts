import type { LabelStore } from '#domain/logistics/records.js';
import { requireEnv } from '#shared/config.js';
import { s3 } from './s3.js';

/** Labels are private (addresses): in the private labels bucket, handed out through a pre-signed GET. */
const bucket = requireEnv('LABELS_BUCKET');
export const LABEL_URL_TTL_SECONDS = 300;

export const s3LabelStore: LabelStore = {
  async put(key, pdf) {
    await s3.putObject(bucket, key, pdf, 'application/pdf');
  },
  url(key) {
    return s3.presign('GET', bucket, key, { expiresIn: LABEL_URL_TTL_SECONDS });
  },
};
