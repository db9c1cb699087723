/**
 * The session check's shared numbers and shapes (docs/decisions.md "Session check on the hot paths").
 *
 * A container may answer a session check from memory for SESSION_CACHE_MS after the read it
 * remembers was sent (lambdas/compose/http.ts); every write that moves a user's revocation marker
 * waits that long after it is applied before it answers (`revocationSettled`). So a request sent
 * after a logout (or password change, reset, account deletion, admin revocation) answered meets no
 * memory older than the marker's move: the caller's own next request is a 401. What the memory
 * costs is that a copy of the token used by someone else during that second still works.
 */
export const SESSION_CACHE_MS = 1_000;

/** Resolves once no container can still accept, from memory, a token the marker's move just ended. */
export const revocationSettled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SESSION_CACHE_MS));

/** The revocation marker as the session check reads it. */
export interface SessionState {
  /** Epoch ms before which the user's tokens are dead (0 when never revoked). */
  readonly validAfterMs: number;
  /** The admin role was revoked through the API (and not granted again since). */
  readonly adminRevoked: boolean;
}

/**
 * The caller's session, checked inside a use case's own DynamoDB call instead of a read of its own:
 * the marker's key in a BatchGet the use case makes anyway (`settle` with what it read), or a
 * ConditionCheck `validAfterMs <= issuedAtMs` in its transaction (`settle` not called: the
 * transaction's failure is the 401).
 */
export interface SessionRider {
  readonly userId: string;
  /** The token's `iat` in ms. */
  readonly issuedAtMs: number;
  /** Throws 401 when `state` says the token is dead. */
  settle(state: SessionState): void;
  /**
   * The use case's own call checked `validAfterMs <= issuedAtMs` and it held (a write that went
   * through, or a cancelled transaction whose ConditionCheck reported no failure): the session is
   * settled, so a refusal found after it is answered without a read of the marker.
   */
  held(): void;
}
