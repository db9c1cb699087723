/**
 * A per-container sliding-window limiter (memory only, so it answers 429 before any database
 * write). It bounds what one container will do for one key; the account-wide guard is API
 * Gateway's throttling and, per IP, a WAF rate rule in front of the API (docs/flash-sale.md).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxKeys = 100_000) {}

  /** Records a hit; returns seconds to wait when over the limit, else 0. */
  hit(key: string, nowMs: number): number {
    const since = nowMs - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + this.windowMs - nowMs) / 1000));
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.evict(since);
    return 0;
  }

  private evict(since: number): void {
    for (const [key, times] of this.hits) {
      if (times[times.length - 1] <= since) this.hits.delete(key);
    }
  }
}
