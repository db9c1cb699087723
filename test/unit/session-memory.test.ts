/**
 * The session check's per-container memory (lambdas/http/session-memory.ts): never answers from a
 * read sent SESSION_CACHE_MS or more ago (the revocation bound the contract's "token after logout →
 * 401" rests on), and a user whose requests keep coming never waits for the marker's read.
 */
import { REFRESH_AFTER_MS, SessionMemory } from '#http/session-memory.js';
import { SESSION_CACHE_MS, type SessionState } from '#shared/sessions.js';

const live: SessionState = { validAfterMs: 0, adminRevoked: false };
const revoked: SessionState = { validAfterMs: 5_000, adminRevoked: false };

/** Reads the test answers by hand, in the order they were sent. */
function setup(capacity?: number) {
  let t = 0;
  const reads: { userId: string; sentAt: number; resolve(state: SessionState): void; reject(error: Error): void }[] = [];
  const read = (userId: string) => new Promise<SessionState>((resolve, reject) => {
    reads.push({ userId, sentAt: t, resolve, reject });
  });
  const memory = new SessionMemory(read, () => t, capacity);
  /** The state a request gets, or 'waiting' when it waits for a read that has not answered. */
  const answer = async (userId = 'u', fresh = false): Promise<SessionState | 'waiting'> => {
    const pending = Symbol('waiting');
    const result = await Promise.race([memory.state(userId, { fresh }), new Promise<symbol>((resolve) => setImmediate(() => resolve(pending)))]);
    return result === pending ? 'waiting' : (result as SessionState);
  };
  return { memory, reads, answer, at: (ms: number) => { t = ms; } };
}

it('concurrent requests of one user share one read, and later ones are answered from memory', async () => {
  const { memory, reads, at, answer } = setup();
  const first = Promise.all([memory.state('u', { fresh: false }), memory.state('u', { fresh: false })]);
  expect(reads).toHaveLength(1);
  reads[0].resolve(live);
  expect(await first).toEqual([live, live]);
  at(REFRESH_AFTER_MS - 1);
  expect(await answer()).toEqual(live);
  expect(reads).toHaveLength(1);
});

it('refreshes ahead: a request after REFRESH_AFTER_MS is answered from memory at once and sends one read in the background', async () => {
  const { reads, at, answer } = setup();
  const first = answer();
  reads[0].resolve(live);
  expect(await first).toEqual(live);

  at(REFRESH_AFTER_MS);
  expect(await answer()).toEqual(live); // not waiting for the refresh
  expect(await answer()).toEqual(live);
  expect(reads).toHaveLength(2); // one refresh, however many requests
  expect(reads[1].sentAt).toBe(REFRESH_AFTER_MS);

  // The first memory ends; the refresh (sent later) is what requests get, without a read of their own.
  reads[1].resolve(revoked);
  at(SESSION_CACHE_MS);
  expect(await answer()).toEqual(revoked);
  expect(reads).toHaveLength(2);
});

it('never answers from a read sent SESSION_CACHE_MS or more ago: after a pause the request waits for a new read', async () => {
  const { reads, at, answer } = setup();
  const first = answer();
  reads[0].resolve(live);
  await first;
  at(SESSION_CACHE_MS);
  expect(await answer()).toBe('waiting');
  expect(reads).toHaveLength(2);
  reads[1].resolve(revoked);
  expect(await answer()).toEqual(revoked);
});

it('a refresh that has not answered when the memory ends is waited for (it was sent less than SESSION_CACHE_MS ago)', async () => {
  const { reads, at, answer } = setup();
  const first = answer();
  reads[0].resolve(live);
  await first;
  at(REFRESH_AFTER_MS);
  await answer();
  at(SESSION_CACHE_MS);
  expect(await answer()).toBe('waiting');
  expect(reads).toHaveLength(2);
  // The refresh itself ends SESSION_CACHE_MS after it was sent: then a new read.
  at(REFRESH_AFTER_MS + SESSION_CACHE_MS);
  expect(await answer()).toBe('waiting');
  expect(reads).toHaveLength(3);
});

it('a failed refresh fails no request: the memory holds until it ends, then a new read', async () => {
  const { reads, at, answer } = setup();
  const first = answer();
  reads[0].resolve(live);
  await first;
  at(REFRESH_AFTER_MS);
  expect(await answer()).toEqual(live);
  reads[1].reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
  await new Promise((resolve) => setImmediate(resolve));
  at(SESSION_CACHE_MS - 1);
  expect(await answer()).toEqual(live); // and a second refresh goes out
  expect(reads).toHaveLength(3);
  reads[2].resolve(revoked);
  at(SESSION_CACHE_MS);
  expect(await answer()).toEqual(revoked);
});

it('admin routes (fresh) always read, and what they read is remembered for the others', async () => {
  const { reads, answer } = setup();
  const first = answer('u', true);
  reads[0].resolve(live);
  await first;
  expect(await answer('u', true)).toBe('waiting');
  reads[1].resolve(revoked);
  expect(await answer('u')).toEqual(revoked);
  expect(reads).toHaveLength(2);
});

it('remembers at most `capacity` users, the one read longest ago going first', async () => {
  const { reads, answer } = setup(2);
  for (const userId of ['a', 'b', 'c']) {
    const pending = answer(userId);
    reads[reads.length - 1].resolve(live);
    await pending;
  }
  expect(reads).toHaveLength(3);
  expect(await answer('c')).toEqual(live);
  expect(await answer('b')).toEqual(live);
  expect(await answer('a')).toBe('waiting'); // forgotten
  expect(reads).toHaveLength(4);
});
