import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Access } from '../routes.js';
import { requireEnv } from '#shared/config.js';
import { ForbiddenError, UnauthorizedError } from '#shared/errors.js';
import { logger } from '#shared/powertools.js';
import type { SessionRider, SessionState } from '#shared/sessions.js';
import { accessClaims } from './token-claims.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface AuthContext {
  readonly userId: string;
  readonly groups: readonly string[];
  readonly isAdmin: boolean;
  readonly accessToken: string;
  /** The token's `iat` in ms (whole seconds). */
  readonly issuedAtMs: number;
  /**
   * Rejects a token issued before the user's last logout or account deletion (the revocation
   * marker, read once per request or taken from this container's memory of it, at most
   * SESSION_CACHE_MS old; admin routes always read it). The HTTP middleware calls it before the
   * handler unless the route says `sessionCheck: 'handler'`.
   */
  assertSessionActive(): Promise<void>;
  /**
   * For a use case that checks the session in its own DynamoDB call (a `sessionCheck: 'handler'`
   * route): what that call needs. A request that fails without the check having settled is checked
   * the ordinary way before its error is answered, so a revoked token never learns more than a 401.
   */
  rideSessionCheck(): SessionRider;
  /** Whether assertSessionActive() or rideSessionCheck() has been called. */
  readonly sessionChecked: boolean;
  /** Whether the marker was read or settled for this request (false while only a rider was handed out). */
  readonly sessionSettled: boolean;
  /**
   * The admin role was revoked through the API and not granted again (the marker's flag), whatever the
   * token's group claim says. Known once assertSessionActive() has resolved (false before).
   */
  readonly adminRoleRevoked: boolean;
}

/**
 * Access tokens only: aws-jwt-verify checks signature, issuer, expiry and `alg`; `accessClaims`
 * then requires the claims Cognito always sets (so a token without `exp` or with a future `iat` is
 * refused), refuses ID tokens and tokens minted for another app client, and reads the groups
 * strictly. The JWKS is fetched with the platform's fetch, which speaks plain http to the local
 * emulator and https to Cognito.
 */
const clientId = requireEnv('USER_POOL_CLIENT_ID');
const verifier = JwtRsaVerifier.create(
  {
    issuer: requireEnv('JWT_ISSUER'),
    jwksUri: requireEnv('JWKS_URI'),
    audience: null,
  },
  {
    jwksCache: new SimpleJwksCache({
      fetcher: { fetch: async (uri: string) => (await fetch(uri, { signal: AbortSignal.timeout(3000) })).arrayBuffer() },
    }),
  },
);

/** Tokens verified by this container, until their `exp` (./verified-tokens.ts). */
const verified = new VerifiedTokens();

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+([A-Za-z0-9\-_.=]+)$/i.exec(authorization?.trim() ?? '');
  if (!match) throw new UnauthorizedError('Missing or malformed bearer token');
  return match[1];
}

/** Where the revocation marker is read: the identity context's session store (a port, wired in lambdas/compose/http.ts). */
export interface RevocationMarkers {
  /**
   * `validAfterMs`: epoch ms before which the user's tokens are dead (0 when never revoked);
   * `adminRevoked`: the admin role was revoked through the API (and not granted again since).
   * `fresh`: a consistent read now; otherwise this container may answer from a memory of it at
   * most SESSION_CACHE_MS old (#shared/sessions.js).
   */
  sessionState(userId: string, options: { fresh: boolean }): Promise<SessionState>;
}

export type Authenticator = (authorization: string | undefined, access: Exclude<Access, 'public'>) => Promise<AuthContext>;

/**
 * An authenticator that verifies the bearer token's signature, claims and group for `access`. It
 * does not read the database: the revocation check is `assertSessionActive()` on the result.
 */
export const authenticator = (sessions: RevocationMarkers): Authenticator => async (authorization, access) => {
  const token = bearerToken(authorization);
  const nowSeconds = Date.now() / 1000;
  let claims = verified.get(token, nowSeconds);
  if (!claims) {
    try {
      claims = accessClaims(await verifier.verify(token), { clientId, nowSeconds });
    } catch (error) {
      logger.info('Token rejected', { reason: error instanceof Error ? error.message : String(error) });
      throw new UnauthorizedError('Invalid or expired token');
    }
    verified.remember(token, claims);
  }
  const { groups, sub: userId } = claims;
  const isAdmin = groups.includes('admin');
  const issuedAtMs = claims.iat * 1000;
  let check: Promise<void> | undefined;
  let ridden = false;
  let adminRevoked = false;
  const settle = (state: SessionState) => {
    // Tokens issued before the user's last logout (or account deletion) are dead on this API.
    if (issuedAtMs < state.validAfterMs) throw new UnauthorizedError('Token has been revoked');
    adminRevoked = state.adminRevoked;
  };
  const context: AuthContext = {
    userId, groups, isAdmin, accessToken: token, issuedAtMs,
    get sessionChecked() {
      return check !== undefined || ridden;
    },
    get sessionSettled() {
      return check !== undefined;
    },
    get adminRoleRevoked() {
      return adminRevoked;
    },
    assertSessionActive() {
      check ??= sessions.sessionState(userId, { fresh: access === 'admin' }).then(settle);
      return check;
    },
    rideSessionCheck() {
      ridden = true;
      return {
        userId, issuedAtMs,
        settle(state) {
          try {
            settle(state);
            check ??= Promise.resolve();
          } catch (error) {
            check ??= Promise.reject(error);
            check.catch(() => undefined);
            throw error;
          }
        },
        held() {
          check ??= Promise.resolve();
        },
      };
    },
  };
  if (access === 'admin') {
    // A revoked token is 401 everywhere, also where a live one would be 403. The marker is read
    // before any admin handler runs: a role revoked through the API refuses the user even while
    // the provider's group (the claim in new tokens) has not caught up (docs/decisions.md "Admin roles").
    await context.assertSessionActive();
    if (!isAdmin || adminRevoked) throw new ForbiddenError('This route is for administrators');
  }
  return context;
};
