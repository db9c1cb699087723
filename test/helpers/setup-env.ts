/** Runs before every test file: quiet SDK notices, and no handler logs unless LOG_LEVEL asks. */
import '../../local/quiet-warnings.js';

process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL ?? 'SILENT';
