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
  revokeAllBefore(userId: string, atMs: number, reason: RevocationReason): Promise<void>;
}

export type RevocationReason = 'logout' | 'password-change' | 'password-reset' | 'account-deleted';

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
