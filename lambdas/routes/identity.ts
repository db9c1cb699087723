/**
 * Identity routes of the wiring table (lambdas/routes.ts re-exports them all as `routes`).
 * A handler imports only its area's module, so its bundle carries these routes' schemas and
 * not every other route's.
 */
import * as identity from '#domain/identity/schemas.js';
import type { HttpRoute } from './types.js';

export const identityRoutes = {
  'POST /register': {
    handler: 'identity/register', access: 'public', grants: ['table:write', 'userPool:adminDeleteUser'], tag: 'Identity', summary: 'Register a customer account',
    body: identity.RegisterBody, success: { status: 201, body: identity.RegisterResponse }, errors: [409],
  },
  'POST /register/confirm': {
    handler: 'identity/confirm', access: 'public', tag: 'Identity', summary: 'Confirm the email with the code sent to it',
    body: identity.ConfirmBody, success: { status: 204 },
  },
  'POST /login': {
    handler: 'identity/login', access: 'public', grants: ['table:write'], tag: 'Identity', summary: 'Exchange email and password for tokens',
    body: identity.LoginBody, success: { status: 200, body: identity.TokensResponse }, errors: [401],
  },
  'POST /token/refresh': {
    handler: 'identity/refresh', access: 'public', grants: ['table:read'], tag: 'Identity', summary: 'New access and ID tokens from a refresh token',
    body: identity.RefreshBody, success: { status: 200, body: identity.RefreshResponse }, errors: [401],
  },
  'POST /logout': {
    handler: 'identity/logout', access: 'customer', grants: ['table:write'], tag: 'Identity',
    summary: 'End every session: the refresh token and all access tokens issued before now stop working',
    success: { status: 204 },
  },
  'POST /password-reset': {
    handler: 'identity/password-reset', access: 'public', tag: 'Identity',
    summary: 'Email a reset code (202 whether or not the account exists)',
    body: identity.PasswordResetBody, success: { status: 202 },
  },
  'POST /password-reset/confirm': {
    handler: 'identity/password-reset-confirm', access: 'public', grants: ['table:write', 'userPool:adminGetUser', 'userPool:adminUserGlobalSignOut'], tag: 'Identity',
    summary: 'Set a new password with the emailed code; every session of the account ends (all earlier access and refresh tokens stop working)',
    body: identity.PasswordResetConfirmBody, success: { status: 204 },
  },
  'POST /me/password': {
    handler: 'identity/change-password', access: 'customer', grants: ['table:write'], tag: 'Identity',
    summary: 'Change the password (the current one is checked; a wrong one is 400 on currentPassword). Every session issued before now ends, '
      + 'this one too; the answer carries fresh tokens for this device, which stays signed in',
    body: identity.ChangePasswordBody, success: { status: 200, body: identity.TokensResponse }, errors: [429],
  },
  'GET /me': {
    handler: 'identity/get-profile', access: 'customer', grants: ['table:read'], tag: 'Identity', summary: 'The caller\'s profile',
    success: { status: 200, body: identity.Profile },
  },
  'PATCH /me': {
    handler: 'identity/patch-profile', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Change name or phone (email is immutable)',
    body: identity.PatchProfileBody, success: { status: 200, body: identity.Profile },
  },
  'DELETE /me': {
    handler: 'identity/delete-account', access: 'customer', grants: ['table:write', 'userPool:adminDeleteUser'], tag: 'Identity',
    summary: 'Delete the account (409 while an order is open)', success: { status: 204 }, errors: [409],
  },
  'GET /me/addresses': {
    handler: 'identity/list-addresses', access: 'customer', grants: ['table:read'], tag: 'Identity', summary: 'The caller\'s delivery addresses',
    success: { status: 200, body: identity.AddressList },
  },
  'POST /me/addresses': {
    handler: 'identity/create-address', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Add a delivery address',
    body: identity.AddressBody, success: { status: 201, body: identity.Address }, errors: [409],
  },
  'PUT /me/addresses/{id}': {
    handler: 'identity/update-address', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Replace a delivery address',
    params: identity.IdParam, body: identity.AddressBody, success: { status: 200, body: identity.Address }, errors: [404],
  },
  'DELETE /me/addresses/{id}': {
    handler: 'identity/delete-address', access: 'customer', grants: ['table:write'], tag: 'Identity', summary: 'Remove a delivery address',
    params: identity.IdParam, success: { status: 204 }, errors: [404],
  },
  'GET /admin/customers': {
    handler: 'identity/admin-search-customers', access: 'admin', grants: ['table:read'], tag: 'Identity',
    summary: 'Search customers by email, name (accents ignored) or CPF prefix, with order count and lifetime value; '
      + '`by` forces the field (else: `@` means email, only digits and CPF punctuation mean CPF, anything else a name)',
    query: identity.CustomerSearchQuery, success: { status: 200, body: identity.CustomerSearchResult },
  },
  'GET /admin/customers/{id}': {
    handler: 'identity/admin-get-customer', access: 'admin', grants: ['table:read', 'userPool:adminListGroupsForUser'], tag: 'Identity',
    summary: 'A customer\'s profile, for customer support', params: identity.IdParam,
    success: { status: 200, body: identity.Profile }, errors: [404],
  },
  'GET /admin/admins': {
    handler: 'identity/admin-list-admins', access: 'admin', grants: ['table:write', 'userPool:listUsersInGroup'], tag: 'Identity',
    summary: 'The administrators (the roster; created from the identity provider\'s admin group the first time it is read)',
    success: { status: 200, body: identity.AdminList },
  },
  'POST /admin/admins/{userId}': {
    handler: 'identity/admin-grant-admin', access: 'admin', grants: ['table:write', 'userPool:listUsersInGroup', 'userPool:adminAddUserToGroup'], tag: 'Identity',
    summary: 'Make a registered user an administrator (idempotent; audited). The role arrives with the user\'s next login',
    params: identity.UserIdParam, success: { status: 200, body: identity.Admin }, errors: [404],
  },
  'DELETE /admin/admins/{userId}': {
    handler: 'identity/admin-revoke-admin', access: 'admin',
    grants: ['table:write', 'userPool:listUsersInGroup', 'userPool:adminListGroupsForUser', 'userPool:adminRemoveUserFromGroup', 'userPool:adminUserGlobalSignOut'], tag: 'Identity',
    summary: 'Take the administrator role away (audited): never your own, so an administrator always remains; the user\'s tokens issued until now stop working',
    params: identity.UserIdParam, success: { status: 204 }, errors: [404, 409], errorCodes: { 409: ['CANNOT_REVOKE_SELF'] },
  },
  'GET /admin/admin-changes': {
    handler: 'identity/admin-changes', access: 'admin', grants: ['table:read'], tag: 'Identity',
    summary: 'Audit of administrator grants and revocations (who, whom, when), newest first',
    query: identity.AdminChangesQuery, success: { status: 200, body: identity.AdminChangeList },
  },
} as const satisfies Record<string, HttpRoute>;
