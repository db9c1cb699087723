/** Where big report exports go (a module of its own: only the export routes bundle the S3 client). */
import { INLINE_CSV_MAX_BYTES } from '#domain/reports/queries.js';
import { optionalEnv } from '#shared/config.js';

export { s3ExportStore as exportStore } from '#adapters/storage/exports.js';

/** The inline limit; the test stack lowers it (REPORT_INLINE_CSV_MAX_BYTES) so a year's CSV takes the link path. */
export const inlineCsvMaxBytes = Number(optionalEnv('REPORT_INLINE_CSV_MAX_BYTES') ?? INLINE_CSV_MAX_BYTES);
