/**
 * Calendar days in the store's time zone (America/Sao_Paulo), and the periods reports group them
 * into. A day is `YYYY-MM-DD`; the zone's offset is never hard-coded: the instant is formatted with
 * Intl in the zone (Brazil has had no DST since 2019, but a future change of rule follows the tz data).
 */
export const STORE_TIME_ZONE = 'America/Sao_Paulo';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: STORE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The São Paulo calendar day of an instant (ISO 8601 string or Date). */
export function storeDay(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(at)}`);
  const parts = Object.fromEntries(dayFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date `YYYY-MM-DD` (2026-02-30 is not). */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Calendar arithmetic on day strings (UTC noon-free: dates only, no zone involved). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (`to` before `from`: 0). */
export function dayCount(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  return Array.from({ length: dayCount(from, to) }, (_, i) => addDays(from, i));
}

export type Period = 'day' | 'week' | 'month';

/** The Monday that starts the ISO week of a day. */
function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The period a day belongs to: the day itself, its week (by its Monday, `YYYY-MM-DD`) or its month (`YYYY-MM`). */
export function periodOf(day: string, period: Period): string {
  if (period === 'day') return day;
  if (period === 'week') return weekStart(day);
  return day.slice(0, 7);
}

/** Every period touched by the days `from`..`to`, in order, none missing. */
export function periodsOf(from: string, to: string, period: Period): string[] {
  const keys: string[] = [];
  for (const day of daysOf(from, to)) {
    const key = periodOf(day, period);
    if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return keys;
}
