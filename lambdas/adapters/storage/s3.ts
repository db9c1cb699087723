import { S3Client } from '@aws-sdk/client-s3';
import { awsEndpoint } from '#shared/config.js';

const endpoint = awsEndpoint('S3');

/** One S3 client per container; path-style and opt-in checksums for the local emulator. */
export const s3 = new S3Client({
  endpoint,
  forcePathStyle: endpoint !== undefined,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
