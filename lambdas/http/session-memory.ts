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
        if (!refreshing && t - current.sentAt >= REFRESH_AFTER_MS) this.send(userId, t, known);
        return current.state;
      }
      if (refreshing && t - refreshing.sentAt < SESSION_CACHE_MS) return refreshing.state;
    }
    return this.send(userId, t).state;
  }

  /**
   * Sends a read: a refresh of `known` (it becomes the memory when it answers; a failure is dropped),
   * or a new memory (dropped if it fails).
   */
  private send(userId: string, t: number, known?: Remembered): Read {
    const read = { sentAt: t, state: this.read(userId) };
    const entry = known ?? { current: read };
    if (known) known.refreshing = read;
    else this.remember(userId, entry);
    const settle = (ok: boolean) => {
      if (known && known.refreshing !== read) return;
      entry.refreshing = undefined;
      if (this.users.get(userId) !== entry) return;
      if (!ok && !known) this.users.delete(userId);
      if (ok && known) this.remember(userId, { current: read });
    };
    read.state.then(() => settle(true), () => settle(false));
    return read;
  }

  private remember(userId: string, entry: Remembered): void {
    this.users.delete(userId);
    if (this.users.size >= this.capacity) this.users.delete(this.users.keys().next().value as string);
    this.users.set(userId, entry);
  }
}
