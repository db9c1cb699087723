/**
 * The store's table of approximate tax rates per NCM, read from the file IBPT publishes for the
 * seller's state ("De Olho no Imposto", `TabelaIBPTax<UF><versão>.csv`): `;`-separated with the header
 * `codigo;ex;tipo;descricao;nacionalfederal;importadosfederal;estadual;municipal;vigenciainicio;vigenciafim;chave;versao;fonte`.
 *
 * What is kept of it: the rows of goods (`tipo` 0: NCM; services, `tipo` 1 and 2, are not sold here)
 * without an `ex` (tariff exceptions apply to specific goods the catalog does not tell apart), each
 * NCM's national federal rate (`nacionalfederal`: the store sells goods of national origin or
 * nationalised by the importer, whose IBPT figure is the national one) and state rate (`estadual`).
 * Rates are percentages with up to two decimals (`13.45` or `13,45`), kept as basis points.
 *
 * A file is checked whole before it becomes a version: the header's columns, every row's NCM (8
 * digits), rates (0 to 100 %), no NCM twice, one `versao` for the whole file. Any problem refuses the
 * file with each bad line named; nothing half-loaded ever becomes current.
 */
import { parseCsv } from '#domain/catalog/stock-import.js';
import { ValidationError } from '#shared/errors.js';
import type { RateLookup, TaxRates } from './rules.js';

/** One version of the table as stored. */
export interface TaxTableVersion {
  version: string;
  /** IBPT's `fonte` (e.g. "IBPT/empresometro.com.br"), or what the admin wrote. */
  source: string | null;
  /** The file's validity (`vigenciainicio`/`vigenciafim`, ISO dates), when it tells. */
  validFrom: string | null;
  validUntil: string | null;
  defaultRates: TaxRates;
  /** NCM -> [federalBp, stateBp]. */
  rates: Record<string, [number, number]>;
  uploadedAt: string;
  uploadedBy: string;
  /** The version that was current when this one replaced it (null: the first); the history is a chain. */
  replacedVersion: string | null;
}

export const MAX_TABLE_ROWS = 20_000;
const REQUIRED = ['codigo', 'nacionalfederal', 'estadual'] as const;
const MAX_REPORTED = 20;

/** A percentage with at most two decimals (`.` or `,`), 0..100, as basis points; undefined otherwise. */
export function percentToBp(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : undefined;
}

/** dd/mm/yyyy (IBPT) or yyyy-mm-dd as yyyy-mm-dd; undefined when it is neither. */
function isoDay(text: string): string | undefined {
  const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  const iso = br ? `${br[3]}-${br[2]}-${br[1]}` : text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) ? iso : undefined;
}

export interface ParsedTaxTable {
  version: string | null;
  source: string | null;
  validFrom: string | null;
  validUntil: string | null;
  rates: Record<string, [number, number]>;
}

/**
 * Reads an IBPT-style file. Throws a ValidationError naming each bad line (the first 20) when any
 * line is wrong; the header is line 1.
 */
export function parseTaxTable(text: string): ParsedTaxTable {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), ';').filter((r) => r.some((f) => f.trim() !== ''));
  if (rows.length === 0) throw new ValidationError('The tax table file is empty', [{ field: 'csv', message: 'expected a header and rows' }]);
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new ValidationError('The tax table file lacks required columns', [{ field: 'csv', message: `missing column(s): ${missing.join(', ')} (header: ${REQUIRED.join(';')}[;tipo;ex;versao;fonte;vigenciainicio;vigenciafim])` }]);
  }
  if (rows.length - 1 > MAX_TABLE_ROWS) throw new ValidationError(`At most ${MAX_TABLE_ROWS} rows`, [{ field: 'csv', message: `${rows.length - 1} rows` }]);
  const col = (name: string) => header.indexOf(name);
  const at = (row: string[], name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');

  const problems: { field: string; message: string }[] = [];
  const rates: Record<string, [number, number]> = {};
  const versions = new Set<string>();
  let source: string | null = null;
  let validFrom: string | null = null;
  let validUntil: string | null = null;
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const tipo = at(row, 'tipo');
    if (tipo !== '' && tipo !== '0') return;
    if (at(row, 'ex') !== '') return;
    const ncm = at(row, 'codigo');
    const federal = percentToBp(at(row, 'nacionalfederal'));
    const state = percentToBp(at(row, 'estadual'));
    if (!/^\d{8}$/.test(ncm)) problems.push({ field: `csv[line ${line}].codigo`, message: `NCM must be 8 digits, got "${ncm}"` });
    else if (rates[ncm]) problems.push({ field: `csv[line ${line}].codigo`, message: `NCM ${ncm} appears twice` });
    if (federal === undefined) problems.push({ field: `csv[line ${line}].nacionalfederal`, message: 'must be a percentage from 0 to 100 with at most two decimals' });
    if (state === undefined) problems.push({ field: `csv[line ${line}].estadual`, message: 'must be a percentage from 0 to 100 with at most two decimals' });
    if (/^\d{8}$/.test(ncm) && !rates[ncm] && federal !== undefined && state !== undefined) rates[ncm] = [federal, state];
    const version = at(row, 'versao');
    if (version) versions.add(version);
    source ??= at(row, 'fonte') || null;
    validFrom ??= isoDay(at(row, 'vigenciainicio')) ?? null;
    validUntil ??= isoDay(at(row, 'vigenciafim')) ?? null;
  });
  if (versions.size > 1) problems.push({ field: 'csv.versao', message: `one version per file, got ${[...versions].join(', ')}` });
  if (problems.length === 0 && Object.keys(rates).length === 0) problems.push({ field: 'csv', message: 'no NCM rows (tipo 0) in the file' });
  if (problems.length) {
    const shown = problems.slice(0, MAX_REPORTED);
    throw new ValidationError(`The tax table file has ${problems.length} problem(s); nothing was loaded`, shown);
  }
  return { version: [...versions][0] ?? null, source, validFrom, validUntil, rates };
}

/** A stored version as the tax computation reads it. */
export function lookupOf(table: Pick<TaxTableVersion, 'version' | 'rates' | 'defaultRates'>): RateLookup {
  return {
    version: table.version,
    defaultRates: table.defaultRates,
    ratesOf(ncm) {
      const found = table.rates[ncm];
      return found ? { federalBp: found[0], stateBp: found[1] } : undefined;
    },
  };
}
