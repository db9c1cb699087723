import type { AddressInput, AddressView } from './schemas.js';

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** The identity provider (Cognito in AWS, the Cognito emulator locally). */
export interface IdentityProvider {
  /** Creates an unconfirmed account and sends the confirmation code; returns the new user's id. */
  signUp(input: { email: string; password: string; name: string }): Promise<{ userId: string }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  login(email: string, password: string): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Omit<Tokens, 'refreshToken'>>;
  /** Sends a reset code when the account exists; resolves silently when it does not. */
  requestPasswordReset(email: string): Promise<void>;
  confirmPasswordReset(email: string, code: string, newPassword: string): Promise<void>;
  /** Changes the password of the access token's user; a wrong current password is a ValidationError on `currentPassword`. */
  changePassword(accessToken: string, currentPassword: string, newPassword: string): Promise<void>;
  /** The id (`sub`) of the account with this email, undefined when there is none. */
  userIdOf(email: string): Promise<string | undefined>;
  /** Revokes the provider's own sessions (refresh tokens) of the token's user; resolves if the provider cannot. */
  signOutEverywhere(accessToken: string): Promise<void>;
  /** The same for a user the caller holds no token of (administrative sign-out); resolves if the provider cannot. */
  signOutUser(userId: string): Promise<void>;
  /** The groups the user belongs to (empty when the user does not exist). */
  groupsOf(userId: string): Promise<string[]>;
  /** Deletes the account; resolves if it is already gone. */
  deleteUser(userId: string): Promise<void>;
  /** Puts the user in the group (the provider's token claim); resolves if the user is already in it. */
  addToGroup(userId: string, group: string): Promise<void>;
  /** Takes the user out of the group; resolves if the user is not in it or does not exist. */
  removeFromGroup(userId: string, group: string): Promise<void>;
  /** The ids (`sub`) of every member of the group. */
  groupMembers(group: string): Promise<string[]>;
}

export interface ProfileRecord {
  userId: string;
  email: string;
  name: string;
  phone: string | null;
  cpf: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserRepository {
  createProfile(profile: ProfileRecord): Promise<void>;
  getProfile(userId: string): Promise<ProfileRecord | undefined>;
  updateProfile(userId: string, changes: { name?: string; phone?: string | null }): Promise<ProfileRecord | undefined>;
  listAddresses(userId: string, limit: number, cursor?: string): Promise<Page<AddressView>>;
  getAddress(userId: string, addressId: string): Promise<AddressView | undefined>;
  createAddress(userId: string, address: AddressView, maxAddresses: number): Promise<'created' | 'limit-reached'>;
  updateAddress(userId: string, addressId: string, address: AddressInput, updatedAt: string): Promise<AddressView | undefined>;
  deleteAddress(userId: string, addressId: string): Promise<boolean>;
  /** Removes every item of the user and leaves only the revocation marker. */
  deleteUserData(userId: string, tokensValidAfterMs: number): Promise<void>;
}

export interface SessionStore {
  /** Records a login, keyed by its refresh token. */
  recordLogin(refreshToken: string, userId: string, atMs: number): Promise<void>;
  /** The login a refresh token belongs to, if it is still known. */
  findLogin(refreshToken: string): Promise<{ userId: string; atMs: number } | undefined>;
  /** The user's revocation marker (0 when the user never logged out). */
  tokensValidAfter(userId: string): Promise<number>;
  /**
   * Ends every session issued before `atMs`. `reason` is kept on the marker: a password change or
   * reset becomes a `PasswordChanged` event through the table-stream outbox (the security notice).
   */
  /** Resolves SESSION_CACHE_MS after the marker moved (#shared/sessions.js): no container still accepts an earlier token from memory. */
  revokeAllBefore(userId: string, atMs: number, reason: RevocationReason): Promise<void>;
}

export type RevocationReason = 'logout' | 'password-change' | 'password-reset' | 'account-deleted' | 'admin-revoked';

/** A customer's orders as account deletion sees them (docs/privacy.md). */
export interface AccountOrders {
  /** Whether the customer still has an order that blocks account deletion. */
  hasOpenOrders(userId: string): Promise<boolean>;
  /**
   * Removes the personal data from every order of the customer (the delivery address keeps only city
   * and state); amounts, items, dates and the status stay, so no order event is published.
   */
  anonymise(userId: string, at: string): Promise<void>;
}

/** An admin on the roster: who granted the role, and when (`grantedBy` is `identity-provider` for admins found in the provider's group when the roster was created). */
export interface AdminMember {
  userId: string;
  grantedAt: string;
  grantedBy: string;
}

/** One audited change of the admin role. */
export interface AdminChange {
  id: string;
  action: 'grant' | 'revoke';
  /** The user whose role changed. */
  userId: string;
  /** The admin who changed it. */
  actorId: string;
  at: string;
}

export type GrantOutcome = 'granted' | 'already-admin' | 'no-such-user' | 'caller-not-admin';
export type RevokeOutcome = 'revoked' | 'caller-not-admin';

/**
 * The admin roster (DynamoDB): who is an admin, guarded by conditional writes, with an audit entry
 * written in the same transaction as each change.
 */
export interface AdminRoster {
  /** The members, or undefined when the roster has never been written. */
  members(): Promise<AdminMember[] | undefined>;
  /** Creates the roster with these members unless it exists already (then nothing changes). */
  create(members: AdminMember[]): Promise<void>;
  /**
   * Adds an admin the provider's group has but the roster lacks (granted outside the API), unless
   * their role was revoked through the API; false then.
   */
  enlist(member: AdminMember): Promise<boolean>;
  /**
   * Adds `change.userId` to the roster, the audit entry and the end of any earlier revocation, in one
   * transaction conditional on the actor being on the roster and the user having a profile.
   */
  grant(change: AdminChange): Promise<GrantOutcome>;
  /**
   * Removes `change.userId` from the roster (if there), writes the audit entry and marks the user's
   * admin role revoked with every earlier token (`atMs`), in one transaction conditional on the actor
   * still being on the roster: two admins revoking each other cannot both succeed.
   */
  revoke(change: AdminChange, atMs: number): Promise<RevokeOutcome>;
  /** Audit entries, newest first. */
  changes(limit: number, cursor?: string): Promise<Page<AdminChange>>;
}

/** A customer's lifetime counters (kept by the sales-aggregates stream consumer; absent = 0). */
export interface CustomerLifetime {
  placedOrders?: number;
  paidOrders?: number;
  paidCents?: number;
  refundedCents?: number;
}

/** The customer search index (items written with each profile) and what a hit shows. */
export interface CustomerDirectory {
  /** User ids whose `kind` term starts with `term`, in term order, a page at a time (a user may appear twice: two name words matching). */
  search(kind: 'email' | 'name' | 'cpf', term: string, limit: number, cursor?: string): Promise<Page<string>>;
  profiles(userIds: string[]): Promise<Map<string, ProfileRecord>>;
  lifetimes(userIds: string[]): Promise<Map<string, CustomerLifetime>>;
}
