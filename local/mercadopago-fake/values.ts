/** Value formats of MP's API: amounts in BRL decimals, dates with an offset, and body fingerprints. */
import { HttpError } from './http.js';

/** Canonical JSON (sorted keys) so "same body" ignores key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** BRL decimal with at most two decimals to integer cents, exactly. */
export function amountToCents(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new HttpError(400, `${field} must be a positive number`, [{ code: 4040, description: `${field} attribute must be positive` }]);
  const cents = Math.round(value * 100);
  if (Math.abs(value * 100 - cents) > 1e-6) throw new HttpError(400, `${field} must have at most 2 decimals`, [{ code: 4041, description: `${field} attribute must be numeric` }]);
  return cents;
}

export const centsToAmount = (cents: number): number => Number((cents / 100).toFixed(2));

/** MP's date format: ISO 8601 with an offset ("2026-11-27T10:00:00.000-03:00"). */
export function mpDate(ms: number): string {
  return new Date(ms - 3 * 3_600_000).toISOString().replace('Z', '-03:00');
}
