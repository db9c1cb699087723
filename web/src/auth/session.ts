/**
 * The signed-in customer's tokens, kept in this module's memory only: never in localStorage,
 * sessionStorage or a readable cookie, where any script that runs on the page (an XSS, a
 * compromised dependency) could read them and use them elsewhere. The cost: a reload or a new tab
 * starts signed out (docs/decisions.md "Tokens in the browser").
 *
 * `accessToken()` refreshes a token that expires within a minute before handing it out, once for
 * any number of callers at the same time. A refused refresh token ends the session; a refresh that
 * could not reach the API keeps it (the request goes out with the old token and may be retried).
 */
export interface Tokens { accessToken: string; refreshToken: string; expiresIn: number }
export interface Refreshed { accessToken: string; expiresIn: number }

export interface SessionDeps {
  /** POST /token/refresh; undefined when the refresh token is refused, a rejection when the API was not reached. */
  refresh(refreshToken: string): Promise<Refreshed | undefined>;
  now(): number;
}

/** A token this close to its expiry is refreshed before use (clock skew, request time). */
export const REFRESH_MARGIN_MS = 60_000;

interface State { accessToken: string; refreshToken: string; expiresAt: number }

export class Session {
  private state: State | undefined;
  private refreshing: Promise<string | undefined> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: SessionDeps) {}

  signIn(tokens: Tokens): void {
    this.state = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: this.deps.now() + tokens.expiresIn * 1000 };
    this.emit();
  }

  /** Forgets every token (logout, a refused refresh, a 401 the refresh could not cure). */
  clear(): void {
    if (!this.state) return;
    this.state = undefined;
    this.refreshing = undefined;
    this.emit();
  }

  get signedIn(): boolean {
    return this.state !== undefined;
  }

  /**
   * The Cognito groups the access token names (`cognito:groups`), read without verifying it: this
   * only decides what the page shows (the admin console hides itself from customers); the API checks
   * the token's signature and groups on every admin call.
   */
  get groups(): string[] {
    if (!this.state) return [];
    return groupsOf(this.state.accessToken);
  }

  /** A valid access token (refreshed first when it is about to expire), or undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const state = this.state;
    if (!state) return undefined;
    if (state.expiresAt - this.deps.now() > REFRESH_MARGIN_MS) return state.accessToken;
    return this.refresh();
  }

  /** Refreshes now (after a 401 on a token the clock still thought valid); one call for concurrent callers. */
  refresh(): Promise<string | undefined> {
    const state = this.state;
    if (!state) return Promise.resolve(undefined);
    this.refreshing ??= this.deps.refresh(state.refreshToken).then(
      (refreshed) => this.settle(state, refreshed),
      () => this.settle(state, 'unreachable'),
    );
    return this.refreshing;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private settle(from: State, refreshed: Refreshed | undefined | 'unreachable'): string | undefined {
    this.refreshing = undefined;
    if (this.state !== from) return this.state?.accessToken; // signed out or in again meanwhile
    if (refreshed === 'unreachable') return from.accessToken;
    if (!refreshed) {
      this.clear();
      return undefined;
    }
    this.state = { ...from, accessToken: refreshed.accessToken, expiresAt: this.deps.now() + refreshed.expiresIn * 1000 };
    return refreshed.accessToken;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** `cognito:groups` of a JWT's payload; [] for anything that is not a readable token. */
export function groupsOf(jwt: string): string[] {
  const payload = jwt.split('.')[1];
  if (!payload) return [];
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const groups = (JSON.parse(json) as Record<string, unknown>)['cognito:groups'];
    return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}
