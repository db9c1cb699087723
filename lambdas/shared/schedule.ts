/**
 * EventBridge schedule expressions on the business clock: `rate(N minute|minutes|hour|hours|day|days)`
 * and six-field `cron(minutes hours day-of-month month day-of-week year)` in UTC. The local scheduler
 * runs the wiring table's rules with `scheduleMatches`; the collection tick uses `nextRunAfter` to
 * know when a source is due (its `schedule` is an expression of the same kind).
 */
function fieldMatches(field: string, value: number, min: number): boolean {
  if (field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let from: number;
    let to: number;
    if (range === '*') { from = min; to = Number.MAX_SAFE_INTEGER; }
    else if (range.includes('-')) { [from, to] = range.split('-').map(Number); }
    else { from = Number(range); to = stepText ? Number.MAX_SAFE_INTEGER : from; }
    return value >= from && value <= to && (value - from) % step === 0;
  });
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const CRON_FIELD = /^(\*|\?|\d+(-\d+)?(\/\d+)?|\*\/\d+)(,(\d+(-\d+)?(\/\d+)?))*$/;

/** Minutes between runs of a `rate(...)` expression; undefined for anything else. */
function rateMinutes(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (!rate) return undefined;
  const unit = rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440;
  return Number(rate[1]) * unit;
}

function cronFields(expression: string): string[] | undefined {
  const cron = CRON.exec(expression);
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  return fields.length === 6 && fields.every((f) => CRON_FIELD.test(f)) ? fields : undefined;
}

/** Whether the expression is one this module (and EventBridge) understands. */
export function isScheduleExpression(expression: string): boolean {
  const minutes = rateMinutes(expression);
  if (minutes !== undefined) return minutes > 0;
  return cronFields(expression) !== undefined;
}

/** True when the expression fires at the (UTC) minute that contains `at`. */
export function scheduleMatches(expression: string, at: Date): boolean {
  const minutes = rateMinutes(expression);
  if (minutes !== undefined) return Math.floor(at.getTime() / 60_000) % minutes === 0;
  const cron = CRON.exec(expression);
  if (!cron) throw new Error(`Unsupported schedule expression: ${expression}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = cron[1].trim().split(/\s+/);
  return fieldMatches(minute, at.getUTCMinutes(), 0)
    && fieldMatches(hour, at.getUTCHours(), 0)
    && fieldMatches(dayOfMonth, at.getUTCDate(), 1)
    && fieldMatches(month, at.getUTCMonth() + 1, 1)
    && fieldMatches(dayOfWeek, at.getUTCDay() + 1, 1) // EventBridge: 1 = Sunday
    && (year === undefined || fieldMatches(year, at.getUTCFullYear(), 1970));
}

const MINUTE = 60_000;
/** How far ahead a cron expression is searched (a year and a day: `cron(0 0 29 2 ? *)` fires within four years, refused). */
const HORIZON_MINUTES = 366 * 24 * 60;

/**
 * The first minute strictly after `after` at which the expression fires (a `rate` fires every N
 * minutes of the epoch, as the local scheduler runs it); undefined when a cron never fires within a year.
 */
export function nextRunAfter(expression: string, after: Date): Date | undefined {
  const start = Math.floor(after.getTime() / MINUTE) + 1;
  const minutes = rateMinutes(expression);
  if (minutes !== undefined) return new Date(Math.ceil(start / minutes) * minutes * MINUTE);
  for (let m = start; m < start + HORIZON_MINUTES; m++) {
    const at = new Date(m * MINUTE);
    if (scheduleMatches(expression, at)) return at;
  }
  return undefined;
}
