/**
 * Runs the wiring table's schedules on the business clock, the way EventBridge rules would:
 * once per matching minute, no backfill of minutes that were skipped by moving the clock.
 * Supports `rate(N minute|minutes|hour|hours|day|days)` and six-field `cron(...)` expressions.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleDef } from '../lambdas/routes.js';
import { clock } from '../lambdas/shared/clock.js';

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

/** True when the expression fires at the (UTC) minute that contains `at`. */
export function scheduleMatches(expression: string, at: Date): boolean {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const unit = rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440;
    const minutes = Math.floor(at.getTime() / 60_000);
    return minutes % (Number(rate[1]) * unit) === 0;
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (!cron) throw new Error(`Unsupported schedule expression: ${expression}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = cron[1].trim().split(/\s+/);
  return fieldMatches(minute, at.getUTCMinutes(), 0)
    && fieldMatches(hour, at.getUTCHours(), 0)
    && fieldMatches(dayOfMonth, at.getUTCDate(), 1)
    && fieldMatches(month, at.getUTCMonth() + 1, 1)
    && fieldMatches(dayOfWeek, at.getUTCDay() + 1, 1) // EventBridge: 1 = Sunday
    && (year === undefined || fieldMatches(year, at.getUTCFullYear(), 1970));
}

export function scheduledEvent(schedule: ScheduleDef, at: Date): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'local',
    resources: [`arn:aws:events:local:000000000000:rule/${schedule.name}`],
    detail: {},
  };
}

export function startScheduler(schedules: readonly ScheduleDef[], run: (schedule: ScheduleDef) => Promise<unknown>): { stop(): void } {
  let lastMinute = Math.floor(clock.nowMs() / 60_000);
  const timer = setInterval(() => {
    const minute = Math.floor(clock.nowMs() / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    const at = new Date(minute * 60_000);
    for (const schedule of schedules) {
      if (scheduleMatches(schedule.schedule, at)) {
        run(schedule).catch((error: unknown) => console.error(`schedule ${schedule.name} failed`, error));
      }
    }
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
