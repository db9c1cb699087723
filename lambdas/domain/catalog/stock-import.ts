/**
 * Bulk stock import from CSV (admin): a header with `sku` and `stock` (absolute) or `delta` (relative)
 * columns, one variant per row; comma or semicolon separated (spreadsheets in pt-BR save with `;`),
 * RFC 4180 quoting. Each row is checked on its own (format, duplicate SKU, unknown SKU, stock never
 * below zero) and reported with its outcome; a dry run stops there, a real run then writes each valid
 * row with its own conditional write, so a row that went wrong meanwhile is reported and the others
 * still apply. `stock` rows are safe to re-run; `delta` rows add again.
 */
import { ValidationError } from '#shared/errors.js';
import type { CatalogRepository } from './ports.js';

export const MAX_IMPORT_ROWS = 1_000;
/** The bound of a single stock change by the API (`StockCount`). */
const MAX_STOCK = 1_000_000;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ImportRowOutcome {
  /** Line in the file (the header is line 1). */
  line: number;
  sku: string;
  status: 'ok' | 'error';
  /** Whether the row was written (never in a dry run). */
  applied: boolean;
  previousStock: number | null;
  stock: number | null;
  code?: string;
  message?: string;
}

export interface StockImportReport {
  dryRun: boolean;
  summary: { rows: number; ok: number; errors: number; applied: number };
  rows: ImportRowOutcome[];
}

export interface StockImportDeps {
  catalog: Pick<CatalogRepository, 'stockBySku' | 'changeStockBySku'>;
}

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new ValidationError('The CSV has an unterminated quoted field', [{ field: 'csv', message: 'unterminated quote' }]);
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

type Change = { stock: number } | { delta: number };
interface ParsedRow { line: number; sku: string; change?: Change; code?: string; message?: string }

const INTEGER = /^[+-]?\d+$/;

/** The rows of the file with their change, or the reason each one is refused. */
export function parseStockCsv(text: string): ParsedRow[] {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const [header, ...rest] = parseCsv(text.replace(/^\uFEFF/, ''), delimiter);
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const skuAt = columns.indexOf('sku');
  const stockAt = columns.indexOf('stock');
  const deltaAt = columns.indexOf('delta');
  if (skuAt < 0 || (stockAt < 0) === (deltaAt < 0)) {
    throw new ValidationError('The CSV header must have a sku column and exactly one of stock or delta', [{ field: 'csv', message: 'header: sku,stock or sku,delta' }]);
  }
  const rows = rest
    .map((fields, i) => ({ fields, line: i + 2 }))
    .filter(({ fields }) => fields.some((f) => f.trim() !== ''));
  if (rows.length === 0) throw new ValidationError('The CSV has no rows', [{ field: 'csv', message: 'no data rows after the header' }]);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ValidationError(`At most ${MAX_IMPORT_ROWS} rows per import`, [{ field: 'csv', message: `${rows.length} rows` }]);
  }
  const seen = new Map<string, number>();
  return rows.map(({ fields, line }): ParsedRow => {
    const sku = (fields[skuAt] ?? '').trim();
    const raw = (fields[stockAt >= 0 ? stockAt : deltaAt] ?? '').trim();
    if (!SKU.test(sku)) return { line, sku, code: 'INVALID_SKU', message: 'sku must be 1 to 64 letters, digits, dot, underscore or hyphen' };
    const earlier = seen.get(sku);
    if (earlier !== undefined) return { line, sku, code: 'DUPLICATE_SKU', message: `line ${earlier} already has this SKU` };
    seen.set(sku, line);
    if (!INTEGER.test(raw) || Math.abs(Number(raw)) > MAX_STOCK) {
      return { line, sku, code: 'INVALID_QUANTITY', message: `${stockAt >= 0 ? 'stock' : 'delta'} must be an integer up to ${MAX_STOCK}` };
    }
    const value = Number(raw);
    if (stockAt >= 0 && value < 0) return { line, sku, code: 'INVALID_QUANTITY', message: 'stock must not be negative' };
    return { line, sku, change: stockAt >= 0 ? { stock: value } : { delta: value } };
  });
}

const resulting = (previous: number, change: Change) => ('stock' in change ? change.stock : previous + change.delta);

/** Checks every row against the catalog and, unless `dryRun`, applies the valid ones. */
export async function importStock(deps: StockImportDeps, input: { csv: string; dryRun: boolean }): Promise<StockImportReport> {
  const parsed = parseStockCsv(input.csv);
  const current = await deps.catalog.stockBySku(parsed.filter((r) => r.change).map((r) => r.sku));
  const outcomes = await mapInBatches(parsed, 16, async (row): Promise<ImportRowOutcome> => {
    const base = { line: row.line, sku: row.sku, applied: false };
    if (!row.change) return { ...base, status: 'error', previousStock: null, stock: null, code: row.code, message: row.message };
    const previous = current.get(row.sku);
    if (previous === undefined) return { ...base, status: 'error', previousStock: null, stock: null, code: 'UNKNOWN_SKU', message: 'no variant has this SKU' };
    const next = resulting(previous, row.change);
    if (next < 0) return { ...base, status: 'error', previousStock: previous, stock: null, code: 'INSUFFICIENT_STOCK', message: `stock would go below zero (${next})` };
    if (input.dryRun) return { ...base, status: 'ok', previousStock: previous, stock: next };
    const written = await deps.catalog.changeStockBySku(row.sku, row.change);
    if (written.ok) return { ...base, status: 'ok', applied: true, previousStock: written.previousStock, stock: written.stock };
    return written.reason === 'not-found'
      ? { ...base, status: 'error', previousStock: null, stock: null, code: 'UNKNOWN_SKU', message: 'the variant was deleted meanwhile' }
      : { ...base, status: 'error', previousStock: written.available ?? null, stock: null, code: 'INSUFFICIENT_STOCK', message: 'stock would go below zero' };
  });
  const ok = outcomes.filter((o) => o.status === 'ok').length;
  return {
    dryRun: input.dryRun,
    summary: { rows: outcomes.length, ok, errors: outcomes.length - ok, applied: outcomes.filter((o) => o.applied).length },
    rows: outcomes,
  };
}

/** Maps with at most `width` calls in flight, keeping the order. */
async function mapInBatches<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return results;
}
