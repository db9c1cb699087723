/**
 * THE wiring table: every trigger of every function. The CDK stacks and the local runtime both
 * loop over it, and the HTTP middleware reads a route's access level and schemas from it by the
 * event's routeKey, so a route is declared exactly once.
 *
 * `handler` is a path under lambdas/handlers/ without extension; the module exports `handler`.
 */
import type { z } from 'zod';
import * as identity from '#domain/identity/schemas.js';

export type Access = 'public' | 'customer' | 'admin';

/**
 * What a function may touch in AWS; the CDK turns each into the narrowest IAM grant.
 * Routes that are not public also get `table:read` implicitly (the token revocation marker).
 */
export type Grant = 'table:read' | 'table:write' | 'userPool:adminDeleteUser' | 'userPool:adminListGroupsForUser';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  readonly handler: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  /** JSON body schema; a route without one ignores any body. */
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  /** Success status and its body schema (undefined body: no content). */
  readonly success: { readonly status: number; readonly body?: z.ZodType; readonly contentType?: string };
  /** Error statuses this route may answer besides 400/401/403/413/415/500. */
  readonly errors?: readonly number[];
  readonly grants?: readonly Grant[];
  /** Memory for the function in AWS (MB). */
  readonly memoryMb?: number;
}

export const routes = {
  'GET /openapi.json': {
    handler: 'system/openapi', access: 'public', tag: 'System', summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200 },
  },
  'GET /docs': {
    handler: 'system/docs', access: 'public', tag: 'System', summary: 'Human-readable API reference',
    success: { status: 200, contentType: 'text/html' },
  },

  // Identity
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
    body: identity.LoginBody, success: { status: 200, body: identity.TokensResponse },
  },
  'POST /token/refresh': {
    handler: 'identity/refresh', access: 'public', grants: ['table:read'], tag: 'Identity', summary: 'New access and ID tokens from a refresh token',
    body: identity.RefreshBody, success: { status: 200, body: identity.RefreshResponse },
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
    handler: 'identity/password-reset-confirm', access: 'public', tag: 'Identity', summary: 'Set a new password with the emailed code',
    body: identity.PasswordResetConfirmBody, success: { status: 204 },
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
  'GET /admin/customers/{id}': {
    handler: 'identity/admin-get-customer', access: 'admin', grants: ['table:read', 'userPool:adminListGroupsForUser'], tag: 'Identity',
    summary: 'A customer\'s profile, for customer support', params: identity.IdParam,
    success: { status: 200, body: identity.Profile }, errors: [404],
  },
} as const satisfies Record<string, HttpRoute>;

export type RouteKey = keyof typeof routes;

/** Scheduled rules (EventBridge in AWS, the local scheduler locally). */
export interface ScheduleDef {
  readonly name: string;
  readonly grants?: readonly Grant[];
  /** EventBridge schedule expression, e.g. `cron(0 * * * ? *)` or `rate(1 minute)`. */
  readonly schedule: string;
  readonly handler: string;
  readonly description: string;
}
export const schedules: readonly ScheduleDef[] = [];

/** Subscriptions to domain events on the bus. */
export interface SubscriptionDef {
  readonly name: string;
  readonly grants?: readonly Grant[];
  readonly detailTypes: readonly string[];
  readonly handler: string;
  readonly description: string;
}
export const subscriptions: readonly SubscriptionDef[] = [];

/** Cognito user pool triggers. */
export const cognitoTriggers = {
  customMessage: 'identity/cognito-custom-message',
} as const;

/** Every handler module named anywhere in the table (each becomes one function). */
export function allHandlers(): string[] {
  const names = new Set<string>([
    ...Object.values(routes).map((r) => r.handler),
    ...schedules.map((s) => s.handler),
    ...subscriptions.map((s) => s.handler),
    ...Object.values(cognitoTriggers),
  ]);
  return [...names].sort();
}

export function splitRouteKey(key: string): { method: HttpMethod; path: string } {
  const [method, path] = key.split(' ');
  return { method: method as HttpMethod, path };
}
