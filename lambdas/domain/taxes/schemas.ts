import * as z from '#shared/zod.js';

const Percent = z.number().check(z.gte(0), z.lte(100), z.refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'a percentage with at most two decimals' }));
const Version = z.string().check(z.trim(), z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9._-]+$/, { message: 'version may contain letters, digits, dot, underscore and hyphen' }));

export const UploadTaxTableBody = z.object({
  /** The IBPT-style file's text (`;`-separated, header first). */
  csv: z.string().check(z.minLength(1, { message: 'csv must not be empty' })),
  /** The version's id; the file's `versao` when omitted (one of the two is required). */
  version: z.optional(Version),
  /** Rates (percent) for lines without a listed NCM; the built-in default when omitted. */
  defaultRates: z.optional(z.object({ federalPercent: Percent, statePercent: Percent })),
});

export const ActivateTaxTableBody = z.object({ version: Version });

const Rates = { federalPercent: z.number(), statePercent: z.number() };

export const TaxTableSummary = z.object({
  version: z.string(),
  source: z.nullable(z.string()),
  validFrom: z.nullable(z.string()),
  validUntil: z.nullable(z.string()),
  ncmCount: z.number().check(z.int()),
  defaultRates: z.object(Rates),
  uploadedAt: z.string(),
  uploadedBy: z.string(),
  /** The version that was current when this one was uploaded (null: the first). */
  replacedVersion: z.nullable(z.string()),
  current: z.boolean(),
});

export const TaxTableList = z.object({ current: z.nullable(z.string()), items: z.array(TaxTableSummary) });

export type UploadTaxTableInput = z.infer<typeof UploadTaxTableBody>;
export type TaxTableSummaryView = z.infer<typeof TaxTableSummary>;
