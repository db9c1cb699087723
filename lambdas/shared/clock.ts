/**
 * The business clock. Deadlines, expiry and sale windows read time from here, never from
 * `Date.now()` directly, so the local stack (`POST /_local/clock`) and tests can move time.
 * In Lambda nothing ever sets an offset, so it is the real clock.
 * Token validation deliberately keeps real time.
 */
let offsetMs = 0;

export const clock = {
  now(): Date {
    return new Date(Date.now() + offsetMs);
  },
  nowMs(): number {
    return Date.now() + offsetMs;
  },
  /** Set the business time to `at`; `undefined` returns to real time. */
  set(at: Date | undefined): void {
    offsetMs = at === undefined ? 0 : at.getTime() - Date.now();
  },
};
