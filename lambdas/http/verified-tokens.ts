/**
 * Access tokens this container has verified, by the raw token, until their `exp` (docs/decisions.md
 * "Hot paths"). A token is the same bytes with the same signature every time it comes back, so the
 * signature check (RS256), the claim checks and the JSON parsing it took are not done again; what
 * changes with time, the expiry, is checked on every use. Nothing else is weakened: the revocation
 * marker is still checked per request, and aws-jwt-verify already keeps the JWKS it fetched for the
 * life of the container (a key removed from the user pool's JWKS was trusted until then anyway).
 * Only tokens that passed every check are remembered; a refused one is checked again each time.
 */
import type { AccessClaims } from './token-claims.js';

/** Most tokens a container remembers (the least recently used goes first): ~1.5 KB each, ~15 MB at most. */
export const REMEMBERED_TOKENS = 10_000;

export class VerifiedTokens {
  private readonly tokens = new Map<string, AccessClaims>();

  constructor(private readonly capacity = REMEMBERED_TOKENS) {}

  /** The claims of a token verified before and not expired at `nowSeconds`. */
  get(token: string, nowSeconds: number): AccessClaims | undefined {
    const claims = this.tokens.get(token);
    if (!claims) return undefined;
    this.tokens.delete(token);
    if (nowSeconds >= claims.exp) return undefined;
    this.tokens.set(token, claims);
    return claims;
  }

  remember(token: string, claims: AccessClaims): void {
    this.tokens.delete(token);
    if (this.tokens.size >= this.capacity) this.tokens.delete(this.tokens.keys().next().value as string);
    this.tokens.set(token, claims);
  }
}
