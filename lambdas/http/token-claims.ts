/**
 * The claims of a Cognito access token, read strictly once its signature, issuer, expiry and `alg`
 * have been verified. Cognito always sets every claim required here; a token without one, with a
 * claim of the wrong type, or issued in the future was not minted by Cognito for this app client,
 * so it is refused (401) rather than read with defaults.
 */

/** How far in the future `iat` may be (clock skew between Cognito and this function). */
export const CLOCK_SKEW_SECONDS = 30;

export interface AccessClaims {
  readonly sub: string;
  /** Issued at, whole seconds since the epoch (the revocation marker compares it). */
  readonly iat: number;
  readonly exp: number;
  readonly groups: readonly string[];
}

export class InvalidClaimsError extends Error {
  override readonly name = 'InvalidClaimsError';
}

const isSeconds = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Throws InvalidClaimsError naming the first claim that is missing or wrong. */
export function accessClaims(payload: Readonly<Record<string, unknown>>, expected: { clientId: string; nowSeconds: number }): AccessClaims {
  const fail = (reason: string): never => {
    throw new InvalidClaimsError(reason);
  };
  const { sub, iat, exp, iss, token_use: tokenUse, client_id: clientId } = payload;
  if (typeof sub !== 'string' || sub.length === 0) fail('sub is missing');
  if (typeof iss !== 'string' || iss.length === 0) fail('iss is missing');
  if (!isSeconds(exp)) fail('exp is missing');
  if (!isSeconds(iat)) fail('iat is missing');
  if ((iat as number) > expected.nowSeconds + CLOCK_SKEW_SECONDS) fail('iat is in the future');
  if ((exp as number) <= (iat as number)) fail('exp is not after iat');
  if (tokenUse !== 'access') fail('Not an access token');
  if (clientId !== expected.clientId) fail('Token issued to another client');
  const groups = payload['cognito:groups'];
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) fail('cognito:groups is not a list of strings');
  return { sub: sub as string, iat: iat as number, exp: exp as number, groups: (groups as string[] | undefined) ?? [] };
}
