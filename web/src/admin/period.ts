/**
 * Report periods as São Paulo calendar days (YYYY-MM-DD), the API's unit (docs/reports.md). Pure,
 * so test/unit/web-admin.test.ts covers it.
 */
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' });

export interface Period { from: string; to: string }

export function saoPauloDay(instant: Date): string {
  return dayFormat.format(instant);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The last `days` days, today included. */
export function lastDays(days: number, now: Date): Period {
  const to = saoPauloDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period in the URL (`de`, `ate`) when both are days in order, else the last 7 days. */
export function periodOf(query: URLSearchParams, now: Date): Period {
  const from = query.get('de') ?? '';
  const to = query.get('ate') ?? '';
  return DAY.test(from) && DAY.test(to) && from <= to ? { from, to } : lastDays(7, now);
}

/** "+12,5%" / "−3,0%" against the previous period; null when there is nothing to compare with. */
export function changeText(change: number | null): string | null {
  if (change === null) return null;
  const percent = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(change) * 100);
  return `${change > 0 ? '+' : change < 0 ? '−' : ''}${percent}%`;
}

