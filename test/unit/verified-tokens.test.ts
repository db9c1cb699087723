/**
 * The container's memory of verified access tokens (lambdas/http/verified-tokens.ts): a token is
 * answered from memory only until its `exp`, and the memory is bounded.
 */
import type { AccessClaims } from '#http/token-claims.js';
import { VerifiedTokens } from '#http/verified-tokens.js';

const claims = (sub: string, exp = 2_000): AccessClaims => ({ sub, iat: 1_000, exp, groups: [] });

it('answers a token verified before, by its exact bytes, until its exp and not at or after it', () => {
  const tokens = new VerifiedTokens();
  tokens.remember('a.b.c', claims('u'));
  expect(tokens.get('a.b.c', 1_500)).toEqual(claims('u'));
  expect(tokens.get('a.b.C', 1_500)).toBeUndefined();
  expect(tokens.get('a.b.c', 1_999.9)).toEqual(claims('u'));
  expect(tokens.get('a.b.c', 2_000)).toBeUndefined();
  // An expired token is forgotten: it is verified again (and refused) from then on.
  expect(tokens.get('a.b.c', 1_500)).toBeUndefined();
});

it('remembers at most `capacity` tokens, the least recently used going first', () => {
  const tokens = new VerifiedTokens(2);
  tokens.remember('t1', claims('1'));
  tokens.remember('t2', claims('2'));
  expect(tokens.get('t1', 1_500)).toBeDefined(); // t2 is now the least recently used
  tokens.remember('t3', claims('3'));
  expect(tokens.get('t2', 1_500)).toBeUndefined();
  expect(tokens.get('t1', 1_500)).toBeDefined();
  expect(tokens.get('t3', 1_500)).toBeDefined();
});
