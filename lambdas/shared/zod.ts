/**
 * zod for the Lambda code: the tree-shakable `zod/mini` API (same core, parsing and JSON Schema
 * output as classic `zod`, a fraction of the bundle; see docs/decisions.md). Import it as
 * `import * as z from '#shared/zod.js'` (a namespace import keeps it tree-shakable; re-exporting
 * a namespace object would pull in all of zod/mini). Classic `zod` loads its English messages on
 * import and zod/mini does not: they are loaded here, so validation details read the same.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
