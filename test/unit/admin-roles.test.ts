import { grantAdmin, listAdmins, revokeAdmin } from '../../lambdas/domain/identity/admins.js';
import type { AdminChange, AdminMember, AdminRoster, GrantOutcome, IdentityProvider, RevokeOutcome } from '../../lambdas/domain/identity/ports.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lambdas/shared/errors.js';

/** An in-memory roster with the adapter's rules (actor must be a member; revoked users cannot enlist). */
function fakes(options: { roster?: string[]; group?: string[]; revoked?: string[]; profiles?: string[] } = {}) {
  const calls: string[] = [];
  let members: AdminMember[] | undefined = options.roster?.map((userId) => ({ userId, grantedAt: 't0', grantedBy: 'x' }));
  const revoked = new Set(options.revoked ?? []);
  const profiles = new Set(options.profiles ?? ['ana', 'bia', 'caio']);
  const group = new Set(options.group ?? options.roster ?? []);
  const has = (id: string) => members?.some((m) => m.userId === id) ?? false;
  const roster: AdminRoster = {
    async members() {
      return members?.map((m) => ({ ...m }));
    },
    async create(list) {
      calls.push(`create ${list.map((m) => m.userId).join(',')}`);
      members ??= list;
    },
    async enlist(member) {
      if (revoked.has(member.userId)) return false;
      calls.push(`enlist ${member.userId}`);
      if (!has(member.userId)) members?.push(member);
      return true;
    },
    async grant(change: AdminChange): Promise<GrantOutcome> {
      if (!profiles.has(change.userId)) return 'no-such-user';
      if (!has(change.actorId)) return 'caller-not-admin';
      if (has(change.userId)) return 'already-admin';
      calls.push(`grant ${change.userId} by ${change.actorId}`);
      members?.push({ userId: change.userId, grantedAt: change.at, grantedBy: change.actorId });
      revoked.delete(change.userId);
      return 'granted';
    },
    async revoke(change: AdminChange, atMs: number): Promise<RevokeOutcome> {
      if (!has(change.actorId)) return 'caller-not-admin';
      calls.push(`revoke ${change.userId} by ${change.actorId} at ${atMs}`);
      members = members?.filter((m) => m.userId !== change.userId);
      revoked.add(change.userId);
      return 'revoked';
    },
    async changes() {
      return { items: [], nextCursor: null };
    },
  };
  const idp = {
    async groupMembers() {
      return [...group];
    },
    async groupsOf(userId: string) {
      return group.has(userId) ? ['admin'] : [];
    },
    async addToGroup(userId: string) {
      calls.push(`addToGroup ${userId}`);
      group.add(userId);
    },
    async removeFromGroup(userId: string) {
      calls.push(`removeFromGroup ${userId}`);
      group.delete(userId);
    },
    async signOutUser(userId: string) {
      calls.push(`signOutUser ${userId}`);
    },
  } as unknown as IdentityProvider;
  const users = { getProfile: async (userId: string) => (profiles.has(userId) ? { userId, email: `${userId}@example.com`, name: userId } : undefined) } as never;
  const deps = { roster, idp, users, now: () => new Date('2026-12-01T12:00:00Z'), realNowMs: () => 1_000 };
  return { calls, deps, group };
}

describe('admin roles', () => {
  it('creates the roster from the provider\'s group the first time, with the caller on it', async () => {
    const { calls, deps } = fakes({ group: ['ana', 'bia'] });
    const { items } = await listAdmins(deps, 'ana');
    expect(calls).toEqual(['create ana,bia']);
    expect(items.map((a) => [a.userId, a.grantedBy, a.email])).toEqual([['ana', 'identity-provider', 'ana@example.com'], ['bia', 'identity-provider', 'bia@example.com']]);
  });

  it('grants on the roster first, then in the provider\'s group', async () => {
    const { calls, deps } = fakes({ roster: ['ana'] });
    const admin = await grantAdmin(deps, 'ana', 'bia');
    expect(admin).toMatchObject({ userId: 'bia', grantedBy: 'ana', email: 'bia@example.com' });
    expect(calls).toEqual(['grant bia by ana', 'addToGroup bia']);
  });

  it('refuses to grant to an unknown user', async () => {
    const { calls, deps } = fakes({ roster: ['ana'] });
    await expect(grantAdmin(deps, 'ana', 'nobody')).rejects.toThrow(NotFoundError);
    expect(calls).toEqual([]);
  });

  it('never revokes the caller\'s own role, before touching anything', async () => {
    const { calls, deps } = fakes({ roster: ['ana'] });
    await expect(revokeAdmin(deps, 'ana', 'ana')).rejects.toMatchObject({ code: 'CANNOT_REVOKE_SELF' });
    await expect(revokeAdmin(deps, 'ana', 'ana')).rejects.toThrow(ConflictError);
    expect(calls).toEqual([]);
  });

  it('revokes on the roster (with the marker), then takes the user out of the group and signs them out', async () => {
    const { calls, deps, group } = fakes({ roster: ['ana', 'bia'] });
    await revokeAdmin(deps, 'ana', 'bia');
    expect(calls).toEqual(['revoke bia by ana at 1000', 'removeFromGroup bia', 'signOutUser bia']);
    expect(group.has('bia')).toBe(false);
  });

  it('revokes an admin known only to the provider\'s group (granted outside the API)', async () => {
    const { calls, deps } = fakes({ roster: ['ana'], group: ['ana', 'caio'] });
    await revokeAdmin(deps, 'ana', 'caio');
    expect(calls[0]).toBe('revoke caio by ana at 1000');
  });

  it('answers 404 for a user who is no admin anywhere', async () => {
    const { deps } = fakes({ roster: ['ana'] });
    await expect(revokeAdmin(deps, 'ana', 'bia')).rejects.toThrow(NotFoundError);
  });

  it('refuses a caller whose role was revoked through the API, even with a token that still says admin', async () => {
    const { deps } = fakes({ roster: ['bia'], group: ['ana', 'bia'], revoked: ['ana'] });
    await expect(revokeAdmin(deps, 'ana', 'bia')).rejects.toThrow(ForbiddenError);
    await expect(grantAdmin(deps, 'ana', 'caio')).rejects.toThrow(ForbiddenError);
  });

  it('of two admins revoking each other, the second finds itself gone', async () => {
    const { deps } = fakes({ roster: ['ana', 'bia'] });
    await revokeAdmin(deps, 'ana', 'bia');
    await expect(revokeAdmin(deps, 'bia', 'ana')).rejects.toThrow(ForbiddenError);
    expect((await listAdmins(deps, 'ana')).items.map((a) => a.userId)).toEqual(['ana']);
  });
});
