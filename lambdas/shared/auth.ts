import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { sessionStore } from '#adapters/dynamodb/users.js';
import type { Access } from '../routes.js';
import { requireEnv } from './config.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';
import { logger } from './powertools.js';

export interface AuthContext {
  readonly userId: string;
  readonly groups: readonly string[];
  readonly isAdmin: boolean;
  readonly accessToken: string;
}

/**
 * Access tokens only: aws-jwt-verify checks signature, issuer, expiry and `alg`; the custom check
 * refuses ID tokens and tokens minted for another app client. The JWKS is fetched with the
 * platform's fetch, which speaks plain http to the local emulator and https to Cognito.
 */
const clientId = requireEnv('USER_POOL_CLIENT_ID');
const verifier = JwtRsaVerifier.create(
  {
    issuer: requireEnv('JWT_ISSUER'),
    jwksUri: requireEnv('JWKS_URI'),
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('Not an access token');
      if (payload.client_id !== clientId) throw new Error('Token issued to another client');
    },
  },
  {
    jwksCache: new SimpleJwksCache({
      fetcher: { fetch: async (uri: string) => (await fetch(uri, { signal: AbortSignal.timeout(3000) })).arrayBuffer() },
    }),
  },
);

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+([A-Za-z0-9\-_.=]+)$/i.exec(authorization?.trim() ?? '');
  if (!match) throw new UnauthorizedError('Missing or malformed bearer token');
  return match[1];
}

export async function authenticate(authorization: string | undefined, access: Exclude<Access, 'public'>): Promise<AuthContext> {
  const token = bearerToken(authorization);
  let payload: { sub: string; iat?: number; 'cognito:groups'?: string[] };
  try {
    payload = (await verifier.verify(token)) as typeof payload;
  } catch (error) {
    logger.info('Token rejected', { reason: error instanceof Error ? error.message : String(error) });
    throw new UnauthorizedError('Invalid or expired token');
  }
  // Tokens issued before the user's last logout (or account deletion) are dead on this API.
  const validAfterMs = await sessionStore.tokensValidAfter(payload.sub);
  if ((payload.iat ?? 0) * 1000 < validAfterMs) throw new UnauthorizedError('Token has been revoked');
  const groups = payload['cognito:groups'] ?? [];
  const isAdmin = groups.includes('admin');
  if (access === 'admin' && !isAdmin) throw new ForbiddenError('This route is for administrators');
  return { userId: payload.sub, groups, isAdmin, accessToken: token };
}
