/**
 * Admin roles by API through the local gateway (issue 16 item 5): grant, revoke, the roster, the
 * audit, the end of a revoked admin's tokens, and two admins revoking each other at once.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { adminToken, api, apiUrl, login, newCustomer, type TestUser } from '../helpers/api.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

interface Admin { userId: string; email: string | null; grantedBy: string }
interface Change { action: string; userId: string; actorId: string; at: string }

const grant = (token: string, userId: string) => api('POST', `/admin/admins/${userId}`, { token });
const revoke = (token: string, userId: string) => api('DELETE', `/admin/admins/${userId}`, { token });
const admins = async (token: string): Promise<Admin[]> => {
  const response = await api('GET', '/admin/admins', { token });
  if (response.status !== 200) throw new Error(`admins: ${response.status} ${response.text}`);
  return response.body.items;
};
const fresh = async (user: TestUser): Promise<string> => (await login(user.email, user.password)).body.accessToken;

/** Opens the admin feed: the open socket (and when it closes), or the handshake's refusal status. */
function adminFeed(token: string): Promise<{ socket: WebSocket; closed: Promise<number> } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${apiUrl().replace(/^http/, 'ws')}/ws?${new URLSearchParams({ token, feed: 'admin' })}`);
    const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
    socket.on('open', () => resolve({ socket, closed }));
    socket.on('unexpected-response', (_request, response) => resolve({ refused: response.statusCode ?? 0 }));
    socket.on('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

let seedAdmin: string;
let seedAdminId: string;
beforeAll(async () => {
  seedAdmin = await adminToken();
  seedAdminId = (await api('GET', '/me', { token: seedAdmin })).body.userId;
});

it('grants the role to a registered user, lists them with who granted it, and audits the change', async () => {
  const user = await newCustomer();
  const granted = await grant(seedAdmin, user.userId);
  expect(granted.status).toBe(200);
  expect(granted.body).toMatchObject({ userId: user.userId, email: user.email, grantedBy: seedAdminId });

  // The token the user already holds has no group; the next login brings the role.
  expect((await api('GET', '/admin/admins', { token: user.accessToken })).status).toBe(403);
  const asAdmin = await fresh(user);
  expect((await admins(asAdmin)).map((a) => a.userId)).toEqual(expect.arrayContaining([user.userId, seedAdminId]));

  // Granting again changes nothing and writes no second audit entry.
  expect((await grant(seedAdmin, user.userId)).status).toBe(200);
  const audit = await api('GET', '/admin/admin-changes?limit=100', { token: seedAdmin });
  expect(audit.status).toBe(200);
  const mine = (audit.body.items as Change[]).filter((c) => c.userId === user.userId);
  expect(mine).toEqual([expect.objectContaining({ action: 'grant', actorId: seedAdminId, at: expect.any(String) })]);
});

it('answers bad requests with the contract\'s errors', async () => {
  const customer = await newCustomer();
  expect((await grant(customer.accessToken, customer.userId)).status).toBe(403);
  expect((await revoke(customer.accessToken, seedAdminId)).status).toBe(403);
  expect((await api('GET', '/admin/admin-changes', { token: customer.accessToken })).status).toBe(403);

  const unknown = await grant(seedAdmin, '00000000-0000-0000-0000-000000000000');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('NOT_FOUND');
  expect((await revoke(seedAdmin, customer.userId)).status).toBe(404);

  const self = await revoke(seedAdmin, seedAdminId);
  expect(self.status).toBe(409);
  expect(self.body.error.code).toBe('CANNOT_REVOKE_SELF');

  expect((await grant(seedAdmin, 'x'.repeat(65))).status).toBe(400);
  const badCursor = await api('GET', '/admin/admin-changes?cursor=bm9wZQ', { token: seedAdmin });
  expect(badCursor.status).toBe(400);
  expect(badCursor.body.error.details[0].field).toBe('cursor');
  expect((await api('GET', '/admin/admin-changes?limit=0', { token: seedAdmin })).status).toBe(400);
});

it('ends a revoked admin\'s tokens, and keeps refusing them while the provider still lists them in the group', async () => {
  const user = await newCustomer();
  expect((await grant(seedAdmin, user.userId)).status).toBe(200);
  const asAdmin = await fresh(user);
  expect((await api('GET', `/admin/customers/${user.userId}`, { token: asAdmin })).status).toBe(200);
  const feed = await adminFeed(asAdmin);
  if (!('socket' in feed)) throw new Error(`admin feed refused: ${feed.refused}`);

  expect((await revoke(seedAdmin, user.userId)).status).toBe(204);
  // The open admin feed is closed by the revocation (the marker's stream record).
  await feed.closed;
  // The token with the admin claim no longer works anywhere.
  expect((await api('GET', `/admin/customers/${user.userId}`, { token: asAdmin })).status).toBe(401);
  expect((await api('GET', '/me', { token: asAdmin })).status).toBe(401);
  // Logged in again: a customer, not an admin.
  const again = await fresh(user);
  expect((await api('GET', '/me', { token: again })).body.roles).toEqual(['customer']);
  expect((await api('GET', `/admin/customers/${user.userId}`, { token: again })).status).toBe(403);

  // Put back in the provider's group outside the API (as if the provider call had failed): a
  // token with the admin claim, still refused on admin routes, because the roster revoked it.
  await run(process.execPath, [require.resolve('tsx/cli'), 'scripts/admin-grant.ts', user.email], { cwd: root, env: process.env });
  const withClaim = await fresh(user);
  expect(JSON.parse(Buffer.from(withClaim.split('.')[1], 'base64url').toString())['cognito:groups']).toContain('admin');
  expect((await api('GET', `/admin/customers/${user.userId}`, { token: withClaim })).status).toBe(403);
  expect((await api('GET', '/admin/admins', { token: withClaim })).status).toBe(403);
  expect(await adminFeed(withClaim)).toEqual({ refused: 403 });

  // Granted again through the API: admin again at the next login.
  expect((await grant(seedAdmin, user.userId)).status).toBe(200);
  expect((await api('GET', `/admin/customers/${user.userId}`, { token: await fresh(user) })).status).toBe(200);

  const audit = (await api('GET', '/admin/admin-changes?limit=100', { token: seedAdmin })).body.items as Change[];
  expect(audit.filter((c) => c.userId === user.userId).map((c) => c.action)).toEqual(['grant', 'revoke', 'grant']);
});

describe('two admins revoking each other at the same time', () => {
  const restore: string[] = [];
  let survivorToken: string | undefined;

  afterAll(async () => {
    // Give the role back to every admin this test took it from (the seed admin first).
    const token = survivorToken ?? seedAdmin;
    for (const userId of restore) await grant(token, userId);
  });

  it('never leaves the roster without an admin: exactly one of them wins, round after round', async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    for (const user of [a, b]) expect((await grant(seedAdmin, user.userId)).status).toBe(200);
    let tokens = new Map([[a.userId, await fresh(a)], [b.userId, await fresh(b)]]);

    // Leave A and B as the only admins on the roster.
    for (const admin of await admins(tokens.get(a.userId) as string)) {
      if (admin.userId === a.userId || admin.userId === b.userId) continue;
      restore.push(admin.userId);
      expect((await revoke(tokens.get(a.userId) as string, admin.userId)).status).toBe(204);
    }
    survivorToken = tokens.get(a.userId);
    expect((await admins(survivorToken as string)).map((x) => x.userId).sort()).toEqual([a.userId, b.userId].sort());

    for (let round = 0; round < 5; round++) {
      const [first, second] = await Promise.all([
        revoke(tokens.get(a.userId) as string, b.userId),
        revoke(tokens.get(b.userId) as string, a.userId),
      ]);
      // The loser is refused: 403 when its request met the roster without it, 401 when its token check
      // already saw the revocation.
      expect([first.status, second.status].filter((s) => s === 204)).toHaveLength(1);
      expect([401, 403]).toContain(first.status === 204 ? second.status : first.status);
      const winner = first.status === 204 ? a : b;
      const loser = winner === a ? b : a;
      const winnerToken = tokens.get(winner.userId) as string;
      survivorToken = winnerToken;
      expect((await admins(winnerToken)).map((x) => x.userId)).toEqual([winner.userId]);
      // The last admin cannot remove themselves either.
      expect((await revoke(winnerToken, winner.userId)).status).toBe(409);

      // Next round: the loser is an admin again.
      expect((await grant(winnerToken, loser.userId)).status).toBe(200);
      tokens = new Map([[winner.userId, winnerToken], [loser.userId, await fresh(loser)]]);
    }
  });
});
