/**
 * Runs the wiring table's schedules on the business clock, the way EventBridge rules would:
 * once per matching minute, no backfill of minutes that were skipped by moving the clock.
 * The expressions are read by lambdas/shared/schedule.ts (`rate(...)` and six-field `cron(...)`).
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleDef } from '../lambdas/routes.js';
import { clock } from '../lambdas/shared/clock.js';
import { scheduleMatches } from '../lambdas/shared/schedule.js';

export { scheduleMatches };

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
