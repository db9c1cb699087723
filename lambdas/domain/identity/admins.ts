/**
 * Admin roles by API (docs/decisions.md "Admin roles"). The roster (DynamoDB) says who is an admin
 * and guards every change with a condition; the identity provider's `admin` group, which puts the
 * claim in new tokens, follows it. Every change is audited in the transaction that makes it.
 */
import { ulid } from 'ulid';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors.js';
import type { AdminChange, AdminMember, AdminRoster, IdentityProvider, Page, UserRepository } from './ports.js';

export const ADMIN_GROUP = 'admin';
/** `grantedBy` of the admins found in the provider's group when the roster was created. */
export const FROM_PROVIDER = 'identity-provider';

export interface AdminDeps {
  roster: AdminRoster;
  idp: IdentityProvider;
  users: Pick<UserRepository, 'getProfile'>;
  now: () => Date;
  /** Wall-clock milliseconds (the revocation marker compares token `iat`s, never the business clock). */
  realNowMs: () => number;
}

export interface AdminView extends AdminMember {
  email: string | null;
  name: string | null;
}

const revokedCaller = () => new ForbiddenError('Your administrator role has been revoked');

/**
 * The roster, created from the provider's group the first time it is needed, with the caller on it.
 * The caller passed the admin check (a token with the group claim, no revocation on its marker), so
 * an admin granted outside the API (`npm run admin:grant`) joins the roster at their first change;
 * one whose role was revoked through the API cannot (`enlist` checks the marker in its transaction).
 */
async function rosterWithCaller(deps: Pick<AdminDeps, 'roster' | 'idp'>, callerId: string, at: string): Promise<AdminMember[]> {
  let members = await deps.roster.members();
  if (!members) {
    const ids = await deps.idp.groupMembers(ADMIN_GROUP);
    await deps.roster.create(ids.map((userId) => ({ userId, grantedAt: at, grantedBy: FROM_PROVIDER })));
    members = (await deps.roster.members()) ?? [];
  }
  if (!members.some((m) => m.userId === callerId)) {
    if (!(await deps.roster.enlist({ userId: callerId, grantedAt: at, grantedBy: FROM_PROVIDER }))) throw revokedCaller();
  }
  return members;
}

/** Every admin's user id: the roster's members, or the provider's admin group while no roster exists yet (read only). */
export async function currentAdminIds(deps: Pick<AdminDeps, 'roster' | 'idp'>): Promise<string[]> {
  const members = await deps.roster.members();
  return members ? members.map((m) => m.userId) : deps.idp.groupMembers(ADMIN_GROUP);
}

export async function listAdmins(deps: AdminDeps, callerId: string): Promise<{ items: AdminView[] }> {
  await rosterWithCaller(deps, callerId, deps.now().toISOString());
  const members = (await deps.roster.members()) ?? [];
  const profiles = await Promise.all(members.map((m) => deps.users.getProfile(m.userId)));
  const items = members.map((m, i) => ({ ...m, email: profiles[i]?.email ?? null, name: profiles[i]?.name ?? null }));
  return { items: items.sort((a, b) => a.grantedAt.localeCompare(b.grantedAt) || a.userId.localeCompare(b.userId)) };
}

/**
 * Makes a registered user an admin. Idempotent: granting an admin again changes nothing (no audit
 * entry) but puts them back in the provider's group, which repairs a grant whose provider call
 * failed. The user's current tokens carry no group: the role arrives with their next login.
 */
export async function grantAdmin(deps: AdminDeps, callerId: string, userId: string): Promise<AdminView> {
  const at = deps.now().toISOString();
  await rosterWithCaller(deps, callerId, at);
  const outcome = await deps.roster.grant({ id: ulid(), action: 'grant', userId, actorId: callerId, at });
  if (outcome === 'no-such-user') throw new NotFoundError('User');
  if (outcome === 'caller-not-admin') throw revokedCaller();
  await deps.idp.addToGroup(userId, ADMIN_GROUP);
  const [member, profile] = await Promise.all([
    deps.roster.members().then((members) => members?.find((m) => m.userId === userId)),
    deps.users.getProfile(userId),
  ]);
  return { userId, grantedAt: member?.grantedAt ?? at, grantedBy: member?.grantedBy ?? callerId, email: profile?.email ?? null, name: profile?.name ?? null };
}

/**
 * Takes the admin role away. Never the caller's own (so the caller, who must still be on the roster,
 * remains: the roster is never left empty); the transaction is conditional on the caller being on
 * the roster, so of two admins revoking each other at once exactly one succeeds. The user's tokens
 * issued until now stop working (revocation marker, also closing their WebSocket connections) and
 * the marker remembers the revocation, so admin routes refuse the user even if the provider still
 * lists them in the group. Then the provider's group and sessions follow. A user who is an admin
 * neither on the roster nor in the provider's group is 404; a retry after a failed provider call
 * finds them still in the group and completes it.
 */
export async function revokeAdmin(deps: AdminDeps, callerId: string, userId: string): Promise<void> {
  if (userId === callerId) {
    throw new ConflictError('CANNOT_REVOKE_SELF', 'You cannot revoke your own administrator role; ask another administrator');
  }
  const at = deps.now().toISOString();
  const members = await rosterWithCaller(deps, callerId, at);
  const isAdmin = members.some((m) => m.userId === userId) || (await deps.idp.groupsOf(userId)).includes(ADMIN_GROUP);
  if (!isAdmin) throw new NotFoundError('Administrator');
  const outcome = await deps.roster.revoke({ id: ulid(), action: 'revoke', userId, actorId: callerId, at }, deps.realNowMs());
  if (outcome === 'caller-not-admin') throw revokedCaller();
  await deps.idp.removeFromGroup(userId, ADMIN_GROUP);
  await deps.idp.signOutUser(userId);
}

export async function adminChanges(deps: Pick<AdminDeps, 'roster'>, limit: number, cursor?: string): Promise<Page<AdminChange>> {
  return deps.roster.changes(limit, cursor);
}
