import { accessClaims, CLOCK_SKEW_SECONDS, InvalidClaimsError } from '#http/token-claims.js';

const NOW = 1_800_000_000;
const genuine = {
  sub: 'user-1', iss: 'http://127.0.0.1:9229/local_pool', token_use: 'access', client_id: 'client-1',
  iat: NOW - 10, exp: NOW + 3590, 'cognito:groups': ['admin'], username: 'user-1',
};
const read = (changes: Record<string, unknown>) =>
  accessClaims(JSON.parse(JSON.stringify({ ...genuine, ...changes })) as Record<string, unknown>, { clientId: 'client-1', nowSeconds: NOW });

describe('accessClaims', () => {
  it('reads a genuine token\'s claims', () => {
    expect(read({})).toEqual({ sub: 'user-1', iat: NOW - 10, exp: NOW + 3590, groups: ['admin'] });
    expect(read({ 'cognito:groups': undefined }).groups).toEqual([]);
  });

  it('allows a small clock skew on iat', () => {
    expect(read({ iat: NOW + CLOCK_SKEW_SECONDS }).iat).toBe(NOW + CLOCK_SKEW_SECONDS);
  });

  it.each([
    ['no sub', { sub: undefined }],
    ['an empty sub', { sub: '' }],
    ['no iss', { iss: undefined }],
    ['no exp', { exp: undefined }],
    ['a string exp', { exp: String(NOW + 3600) }],
    ['no iat', { iat: undefined }],
    ['iat beyond the skew', { iat: NOW + CLOCK_SKEW_SECONDS + 1, exp: NOW + 7200 }],
    ['exp not after iat', { exp: NOW - 10 }],
    ['an ID token', { token_use: 'id' }],
    ['no token_use', { token_use: undefined }],
    ['another client', { client_id: 'client-2' }],
    ['no client_id', { client_id: undefined }],
    ['groups as a string', { 'cognito:groups': 'admin' }],
    ['groups with a non-string', { 'cognito:groups': ['admin', 1] }],
    ['groups as an object', { 'cognito:groups': { 0: 'admin' } }],
    ['groups as null', { 'cognito:groups': null }],
  ])('refuses %s', (_label, changes) => {
    expect(() => read(changes)).toThrow(InvalidClaimsError);
  });
});
