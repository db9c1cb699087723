import { ulid } from 'ulid';
import { ConflictError, NotFoundError, UnauthorizedError } from '#shared/errors.js';
import type { AccountOrders, IdentityProvider, ProfileRecord, RevocationReason, SessionStore, Tokens, UserRepository } from './ports.js';
import type { AddressInput, AddressView, ProfileView, RegisterInput } from './schemas.js';

export const MAX_ADDRESSES = 20;

export interface IdentityDeps {
  idp: IdentityProvider;
  users: UserRepository;
  sessions: SessionStore;
  now: () => Date;
  /** Wall-clock milliseconds for token bookkeeping (never the business clock). */
  realNowMs: () => number;
}

export async function register(deps: Pick<IdentityDeps, 'idp' | 'users' | 'now'>, input: RegisterInput): Promise<{ userId: string }> {
  const { userId } = await deps.idp.signUp({ email: input.email, password: input.password, name: input.name });
  try {
    await deps.users.createProfile({
      userId,
      email: input.email,
      name: input.name,
      phone: input.phone ?? null,
      cpf: input.cpf ?? null,
      createdAt: deps.now().toISOString(),
    });
  } catch (error) {
    // Never leave an account without its profile: undo the sign-up, then fail.
    await deps.idp.deleteUser(userId);
    throw error;
  }
  return { userId };
}

export async function login(deps: Pick<IdentityDeps, 'idp' | 'sessions' | 'realNowMs'>, email: string, password: string): Promise<Tokens & { tokenType: 'Bearer' }> {
  let tokens = await deps.idp.login(email, password);
  const userId = subjectOf(tokens.accessToken);
  // A token's `iat` has whole seconds, so one issued in the same second as the user's logout would be
  // refused by every route. Then wait for the next second (less than one) and log in again.
  const validAfterMs = await deps.sessions.tokensValidAfter(userId);
  if (issuedAtMs(tokens.accessToken) < validAfterMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(validAfterMs / 1000) * 1000 - deps.realNowMs() + 20));
    tokens = await deps.idp.login(email, password);
  }
  await deps.sessions.recordLogin(tokens.refreshToken, userId, deps.realNowMs());
  return { ...tokens, tokenType: 'Bearer' };
}

/** Refresh only for a login we recorded and that no later logout revoked. */
export async function refresh(deps: Pick<IdentityDeps, 'idp' | 'sessions'>, refreshToken: string): Promise<Omit<Tokens, 'refreshToken'>> {
  const session = await deps.sessions.findLogin(refreshToken);
  if (!session) throw new UnauthorizedError('Refresh token is invalid or revoked');
  const validAfter = await deps.sessions.tokensValidAfter(session.userId);
  if (session.atMs <= validAfter) throw new UnauthorizedError('Refresh token is invalid or revoked');
  const tokens = await deps.idp.refresh(refreshToken);
  return { accessToken: tokens.accessToken, idToken: tokens.idToken, expiresIn: tokens.expiresIn };
}

export async function logout(
  deps: Pick<IdentityDeps, 'idp' | 'sessions' | 'realNowMs'>,
  userId: string,
  accessToken: string,
  reason: Extract<RevocationReason, 'logout' | 'password-change'> = 'logout',
): Promise<void> {
  await deps.sessions.revokeAllBefore(userId, deps.realNowMs(), reason);
  await deps.idp.signOutEverywhere(accessToken);
}

/**
 * A reset proves control of the mailbox, not of the sessions: once the code is accepted, every
 * session of the account ends (our revocation marker, which also refuses the refresh tokens of
 * earlier logins, and the provider's own refresh tokens). The code is checked first, so a wrong
 * code ends nothing.
 */
export async function confirmPasswordReset(
  deps: Pick<IdentityDeps, 'idp' | 'sessions' | 'realNowMs'>,
  input: { email: string; code: string; newPassword: string },
): Promise<void> {
  await deps.idp.confirmPasswordReset(input.email, input.code, input.newPassword);
  const userId = await deps.idp.userIdOf(input.email);
  if (!userId) return; // deleted in the meantime: no session left to end
  await deps.sessions.revokeAllBefore(userId, deps.realNowMs(), 'password-reset');
  await deps.idp.signOutUser(userId);
}

/**
 * A signed-in password change: the provider checks the current password, then every session
 * issued before now ends (this device's too) and this device gets fresh tokens from a new login,
 * so the caller stays signed in while every other device must log in with the new password.
 */
export async function changePassword(
  deps: Pick<IdentityDeps, 'idp' | 'users' | 'sessions' | 'realNowMs'>,
  caller: { userId: string; accessToken: string },
  input: { currentPassword: string; newPassword: string },
): Promise<Tokens & { tokenType: 'Bearer' }> {
  const profile = await deps.users.getProfile(caller.userId);
  if (!profile) throw new NotFoundError('Profile');
  await deps.idp.changePassword(caller.accessToken, input.currentPassword, input.newPassword);
  await logout(deps, caller.userId, caller.accessToken, 'password-change');
  return login(deps, profile.email, input.newPassword);
}

export async function getProfile(deps: Pick<IdentityDeps, 'users'>, userId: string, isAdmin: boolean): Promise<ProfileView> {
  const profile = await deps.users.getProfile(userId);
  if (!profile) throw new NotFoundError('Profile');
  return toProfileView(profile, isAdmin);
}

/** A customer's profile for support staff, with the roles the provider currently grants. */
export async function getCustomerForAdmin(deps: Pick<IdentityDeps, 'users' | 'idp'>, userId: string): Promise<ProfileView> {
  const [profile, groups] = await Promise.all([deps.users.getProfile(userId), deps.idp.groupsOf(userId)]);
  if (!profile) throw new NotFoundError('Customer');
  return toProfileView(profile, groups.includes('admin'));
}

export async function patchProfile(
  deps: Pick<IdentityDeps, 'users'>,
  userId: string,
  isAdmin: boolean,
  changes: { name?: string; phone?: string | null },
): Promise<ProfileView> {
  const profile = await deps.users.updateProfile(userId, changes);
  if (!profile) throw new NotFoundError('Profile');
  return toProfileView(profile, isAdmin);
}

export async function deleteAccount(
  deps: Pick<IdentityDeps, 'idp' | 'users' | 'now' | 'realNowMs'> & { orders: AccountOrders },
  userId: string,
): Promise<void> {
  if (await deps.orders.hasOpenOrders(userId)) {
    throw new ConflictError('OPEN_ORDERS', 'The account has orders awaiting payment, paid or shipped; wait for them to finish or cancel them first');
  }
  // Orders first: if this fails the account still exists and the customer can try again (it is idempotent).
  await deps.orders.anonymise(userId, deps.now().toISOString());
  await deps.idp.deleteUser(userId);
  await deps.users.deleteUserData(userId, deps.realNowMs());
}

export async function createAddress(deps: Pick<IdentityDeps, 'users' | 'now'>, userId: string, input: AddressInput): Promise<AddressView> {
  const at = deps.now().toISOString();
  const address: AddressView = { ...input, complement: input.complement ?? null, id: ulid(), createdAt: at, updatedAt: at };
  const outcome = await deps.users.createAddress(userId, address, MAX_ADDRESSES);
  if (outcome === 'limit-reached') {
    throw new ConflictError('ADDRESS_LIMIT', `At most ${MAX_ADDRESSES} addresses per account`);
  }
  return address;
}

export async function updateAddress(deps: Pick<IdentityDeps, 'users' | 'now'>, userId: string, addressId: string, input: AddressInput): Promise<AddressView> {
  const updated = await deps.users.updateAddress(userId, addressId, input, deps.now().toISOString());
  if (!updated) throw new NotFoundError('Address');
  return updated;
}

export async function deleteAddress(deps: Pick<IdentityDeps, 'users'>, userId: string, addressId: string): Promise<void> {
  if (!(await deps.users.deleteAddress(userId, addressId))) throw new NotFoundError('Address');
}

export function toProfileView(profile: ProfileRecord, isAdmin: boolean): ProfileView {
  return {
    userId: profile.userId,
    email: profile.email,
    name: profile.name,
    phone: profile.phone,
    cpf: profile.cpf,
    roles: isAdmin ? ['customer', 'admin'] : ['customer'],
    createdAt: profile.createdAt,
  };
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown; iat?: unknown };

/** The `sub` of a token the provider has just issued to us (it is not a client input). */
function subjectOf(jwt: string): string {
  const { sub } = claimsOf(jwt);
  if (typeof sub !== 'string') throw new Error('Identity provider returned a token without sub');
  return sub;
}

const issuedAtMs = (jwt: string): number => {
  const { iat } = claimsOf(jwt);
  return typeof iat === 'number' ? iat * 1000 : 0;
};
