/**
 * The storefront's in-memory session (web/src/auth/session.ts): an access token about to expire is
 * refreshed before use, once for concurrent callers; a refused refresh token signs the customer
 * out; an API that cannot be reached keeps the session.
 */
import { groupsOf, REFRESH_MARGIN_MS, type Refreshed, Session } from '../../web/src/auth/session.js';

function setup(answer: () => Promise<Refreshed | undefined>) {
  let now = 1_000_000;
  const calls: string[] = [];
  const session = new Session({
    refresh: (refreshToken) => {
      calls.push(refreshToken);
      return answer();
    },
    now: () => now,
  });
  session.signIn({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 3600 });
  return { session, calls, advance: (ms: number) => { now += ms; } };
}

test('a fresh token is handed out as is, without a refresh', async () => {
  const { session, calls } = setup(async () => ({ accessToken: 'access-2', expiresIn: 3600 }));
  expect(await session.accessToken()).toBe('access-1');
  expect(calls).toEqual([]);
});

test('a token within the margin of its expiry is refreshed first, once for concurrent callers', async () => {
  const { session, calls, advance } = setup(async () => ({ accessToken: 'access-2', expiresIn: 3600 }));
  advance(3600_000 - REFRESH_MARGIN_MS + 1);
  expect(await Promise.all([session.accessToken(), session.accessToken(), session.accessToken()])).toEqual(['access-2', 'access-2', 'access-2']);
  expect(calls).toEqual(['refresh-1']);
  expect(await session.accessToken()).toBe('access-2'); // the new token's own hour starts now
  expect(calls).toHaveLength(1);
});

test('a refused refresh token signs the customer out and tells the listeners', async () => {
  const { session, advance } = setup(async () => undefined);
  const seen: boolean[] = [];
  session.subscribe(() => seen.push(session.signedIn));
  advance(3600_000);
  expect(await session.accessToken()).toBeUndefined();
  expect(session.signedIn).toBe(false);
  expect(seen).toEqual([false]);
});

test('a refresh that cannot reach the API keeps the session and retries on the next call', async () => {
  let fail = true;
  const { session, calls, advance } = setup(async () => {
    if (fail) throw new TypeError('Failed to fetch');
    return { accessToken: 'access-2', expiresIn: 3600 };
  });
  advance(3600_000);
  expect(await session.accessToken()).toBe('access-1');
  expect(session.signedIn).toBe(true);
  fail = false;
  expect(await session.accessToken()).toBe('access-2');
  expect(calls).toEqual(['refresh-1', 'refresh-1']);
});

test('a refresh that answers after sign-out does not sign the customer back in', async () => {
  let release: (value: Refreshed) => void = () => undefined;
  const { session, advance } = setup(() => new Promise((resolve) => { release = resolve; }));
  advance(3600_000);
  const pending = session.accessToken();
  session.clear();
  release({ accessToken: 'access-2', expiresIn: 3600 });
  expect(await pending).toBeUndefined();
  expect(session.signedIn).toBe(false);
});

test('groups come from the access token\'s cognito:groups, and a token that is not a JWT has none', () => {
  const jwt = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`;
  // '??>' encodes to base64url with '-' and '_', which atob only reads once they are mapped back.
  expect(groupsOf(jwt({ sub: 'a', 'cognito:groups': ['admin'], note: '??>' }))).toEqual(['admin']);
  expect(groupsOf(jwt({ sub: 'a' }))).toEqual([]);
  expect(groupsOf('not-a-token')).toEqual([]);
  expect(groupsOf('h.%%%.s')).toEqual([]);
  const session = new Session({ refresh: async () => undefined, now: () => 0 });
  expect(session.groups).toEqual([]);
  session.signIn({ accessToken: jwt({ 'cognito:groups': ['admin', 7] }), refreshToken: 'r', expiresIn: 3600 });
  expect(session.groups).toEqual(['admin']);
});
