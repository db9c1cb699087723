import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.js';
import type { TaxTableStore } from './ports.js';
import { DEFAULT_TAX_RATES, NO_TABLE, type RateLookup, type TaxRates } from './rules.js';
import type { TaxTableSummaryView, UploadTaxTableInput } from './schemas.js';
import { lookupOf, parseTaxTable, type TaxTableVersion } from './table.js';

export interface TaxTableDeps {
  taxTables: TaxTableStore;
  now: () => Date;
}

const asPercent = (rates: TaxRates) => ({ federalPercent: rates.federalBp / 100, statePercent: rates.stateBp / 100 });

function summaryView(table: Omit<TaxTableVersion, 'rates'> & { ncmCount: number }, current: string | null): TaxTableSummaryView {
  return {
    version: table.version, source: table.source, validFrom: table.validFrom, validUntil: table.validUntil, ncmCount: table.ncmCount,
    defaultRates: asPercent(table.defaultRates), uploadedAt: table.uploadedAt, uploadedBy: table.uploadedBy, replacedVersion: table.replacedVersion,
    current: table.version === current,
  };
}

/**
 * Replaces the current rate table with a new version from an IBPT-style file: checked whole first
 * (a bad file changes nothing), stored as a new immutable version, made current only if the current
 * one is still the one this upload replaced (two concurrent uploads: one wins, the other is 409).
 * Earlier versions stay stored (orders keep naming theirs; one can be made current again).
 */
export async function uploadTaxTable(deps: TaxTableDeps, input: UploadTaxTableInput & { uploadedBy: string }): Promise<TaxTableSummaryView> {
  const parsed = parseTaxTable(input.csv);
  const version = input.version ?? parsed.version;
  if (!version) throw new ValidationError('The table needs a version', [{ field: 'version', message: 'give `version`, or a `versao` column in the file' }]);
  const current = await deps.taxTables.current();
  const table: TaxTableVersion = {
    version,
    source: parsed.source,
    validFrom: parsed.validFrom,
    validUntil: parsed.validUntil,
    defaultRates: input.defaultRates
      ? { federalBp: Math.round(input.defaultRates.federalPercent * 100), stateBp: Math.round(input.defaultRates.statePercent * 100) }
      : DEFAULT_TAX_RATES,
    rates: parsed.rates,
    uploadedAt: deps.now().toISOString(),
    uploadedBy: input.uploadedBy,
    replacedVersion: current?.version ?? null,
  };
  const outcome = await deps.taxTables.publish(table, current?.version ?? null);
  if (outcome === 'version-exists') throw new ConflictError('TAX_TABLE_VERSION_EXISTS', `Version ${version} is already stored; versions are immutable, upload it under a new version`, [{ version }]);
  if (outcome === 'current-changed') throw new ConflictError('TAX_TABLE_CHANGED', 'Another upload replaced the table meanwhile; review it and upload again', [{ version }]);
  const { rates, ...rest } = table;
  return summaryView({ ...rest, ncmCount: Object.keys(rates).length }, version);
}

export async function listTaxTables(deps: Pick<TaxTableDeps, 'taxTables'>): Promise<{ current: string | null; items: TaxTableSummaryView[] }> {
  const { current, versions } = await deps.taxTables.list();
  return { current, items: versions.map((v) => summaryView(v, current)) };
}

/** Makes a stored version current again (a rollback); 404 for an unknown version. */
export async function activateTaxTable(deps: Pick<TaxTableDeps, 'taxTables'>, version: string): Promise<{ current: string | null; items: TaxTableSummaryView[] }> {
  const current = await deps.taxTables.current();
  const outcome = await deps.taxTables.activate(version, current?.version ?? null);
  if (outcome === 'not-found') throw new NotFoundError('Tax table version');
  if (outcome === 'current-changed') throw new ConflictError('TAX_TABLE_CHANGED', 'Another change replaced the table meanwhile; review it and try again', [{ version }]);
  return listTaxTables(deps);
}

/**
 * The rates of the version the pointer named (read with the order's variants), or the defaults
 * before any upload; a version the pointer names but that cannot be read is looked up again.
 */
export async function ratesOf(store: Pick<TaxTableStore, 'current' | 'version'>, version: string | null): Promise<RateLookup> {
  if (version === null) return NO_TABLE;
  const table = (await store.version(version)) ?? (await store.current());
  return table ? lookupOf(table) : NO_TABLE;
}

/** The rates orders are taxed at now: the current version, or the defaults before any upload. */
export async function currentRates(store: Pick<TaxTableStore, 'current'>): Promise<RateLookup> {
  const table = await store.current();
  return table ? lookupOf(table) : NO_TABLE;
}
