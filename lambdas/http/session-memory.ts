/**
 * A container's memory of its users' revocation markers (docs/decisions.md "Hot paths"). A marker is
 * answered from memory only while the read it came from was sent less than SESSION_CACHE_MS ago, and
 * every move of a marker waits that long before it answers (#shared/sessions.js), so the caller's own
 * next request after a logout never meets a memory from before it.
 *
 * Refresh ahead: a request that finds a memory older than REFRESH_AFTER_MS is still answered from it
 * (it is younger than SESSION_CACHE_MS) and sends one read in the background, which replaces the memory
 * when it answers. A user whose requests keep coming therefore never waits for the marker's read; a
 * failed refresh changes nothing (the memory ends at its usual time, then a request reads again).
 */
import { SESSION_CACHE_MS, type SessionState } from '#shared/sessions.js';

/** Most users a container remembers the session state of (the one read longest ago goes first). */
export const REMEMBERED_USERS = 10_000;
/** Age of a memory from which a request sends a read to refresh it (and is still answered from it). */
export const REFRESH_AFTER_MS = (SESSION_CACHE_MS * 3) / 4;

interface Read {
  /** When the read was sent, not when it answered: a memory's age is counted from before the read. */
  readonly sentAt: number;
  readonly state: Promise<SessionState>;
}

interface Remembered {
  current: Read;
  /** A read sent to replace `current`, not answered yet. */
  refreshing?: Read;
}

export class SessionMemory {
  private readonly users = new Map<string, Remembered>();

  constructor(
    private readonly read: (userId: string) => Promise<SessionState>,
    private readonly now: () => number = () => performance.now(),
    private readonly capacity = REMEMBERED_USERS,
  ) {}

  /**
   * The user's revocation marker: from memory when its read was sent less than SESSION_CACHE_MS ago
   * (concurrent requests share one read), else from a new read. `fresh` (admin routes) always reads.
   */
  state(userId: string, options: { fresh: boolean }): Promise<SessionState> {
    const t = this.now();
    const known = this.users.get(userId);
    if (!options.fresh && known) {
      const { current, refreshing } = known;
      if (t - current.sentAt < SESSION_CACHE_MS) {
        if (!refreshing && t - current.sentAt >= REFRESH_AFTER_MS) this.refresh(userId, known, t);
        return current.state;
      }
      if (refreshing && t - refreshing.sentAt < SESSION_CACHE_MS) return refreshing.state;
    }
    const current = this.send(userId, t);
    this.remember(userId, { current });
    current.state.catch(() => {
      if (this.users.get(userId)?.current === current) this.users.delete(userId);
    });
    return current.state;
  }

  private send(userId: string, t: number): Read {
    return { sentAt: t, state: this.read(userId) };
  }

  private refresh(userId: string, known: Remembered, t: number): void {
    const refreshing = this.send(userId, t);
    known.refreshing = refreshing;
    refreshing.state.then(
      () => {
        if (known.refreshing !== refreshing) return;
        known.refreshing = undefined;
        if (this.users.get(userId) === known) this.remember(userId, { current: refreshing });
      },
      () => {
        if (known.refreshing === refreshing) known.refreshing = undefined;
      },
    );
  }

  private remember(userId: string, entry: Remembered): void {
    this.users.delete(userId);
    if (this.users.size >= this.capacity) this.users.delete(this.users.keys().next().value as string);
    this.users.set(userId, entry);
  }
}
