/**
 * What a unit weighs and measures packed (grams, cm) when the product says nothing, older products
 * included. Apart from schemas.ts so that the readers of variants do not bundle the catalog's zod schemas.
 */
export const DEFAULT_PACKAGE = { weightGrams: 500, heightCm: 10, widthCm: 15, lengthCm: 20 } as const;
