import * as z from '#shared/zod.js';

/**
 * `?limit=&cursor=` of every paginated list, in a module of its own: zod schemas are built by calls
 * esbuild cannot prove pure, so importing it from a schemas module kept that whole module in the bundle.
 */
export const Limit = z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'limit must be an integer from 1 to 100' })), z.transform(Number)), z.number().check(z.int(), z.gte(1, { message: 'limit must be at least 1' }), z.lte(100, { message: 'limit must be at most 100' })));

export const ListQuery = z.object({ limit: z.optional(Limit), cursor: z.optional(z.string().check(z.maxLength(2048))) });
