/**
 * The shape of the wiring table's entries (lambdas/routes.ts). No schemas here: importing a type
 * or the table of one area (lambdas/routes/<area>.ts) never pulls in another area's schemas.
 */
import type * as z from '#shared/zod.js';

/** Any zod schema (zod/mini's, which the domain declares, or classic's). */
type Schema = z.core.$ZodType;

export type Access = 'public' | 'customer' | 'admin';

/**
 * What a function may touch in AWS; the CDK turns each into the narrowest IAM grant.
 * Routes that are not public also get `table:read` implicitly (the token revocation marker).
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'userPool:adminDeleteUser'
  | 'userPool:adminListGroupsForUser'
  /** look an account up by email (its `sub`) */
  | 'userPool:adminGetUser'
  /** revoke every refresh token of a user at Cognito */
  | 'userPool:adminUserGlobalSignOut'
  /** put a user in a group (admin roles) */
  | 'userPool:adminAddUserToGroup'
  /** take a user out of a group (admin roles) */
  | 'userPool:adminRemoveUserFromGroup'
  /** list a group's members (the admin roster's first read) */
  | 'userPool:listUsersInGroup'
  /** read the search snapshots */
  | 'catalogBucket:read'
  /** write search snapshots */
  | 'catalogBucket:write'
  /** sign uploads into the public media bucket */
  | 'mediaBucket:put'
  /** read uploaded images (size and first bytes) in the public media bucket */
  | 'mediaBucket:read'
  /** the image pipeline: read uploads (products/) and write renditions (renditions/) in the public media bucket */
  | 'mediaBucket:renditions'
  /** publish domain events on the bus */
  | 'events:put'
  /** call the carrier (CARRIER_PROVIDER and its webhook secret) */
  | 'carrier:provider'
  /** write shipping labels into the private labels bucket and sign links to them */
  | 'labels:write'
  /** sign links to shipping labels (GetObject on the labels prefix) */
  | 'labels:read'
  /** keep big report exports and link them (Put/Get on exports/ of the catalog bucket, EXPORTS_BUCKET) */
  | 'exports:write'
  /** call the payment gateway (reads its credentials secret) */
  | 'payments:provider'
  /** send customer emails (SES, from the stage's verified sender) */
  | 'notifications:send'
  /** post to and close connections of the live-tracking WebSocket API (execute-api:ManageConnections on it only) */
  | 'websocket:manage'
  /** send customer SMS (End User Messaging SMS, from the stage's origination identity) */
  | 'notifications:sms'
  /** send pages to the collection queue (SendMessage on it only, COLLECTION_QUEUE_URL) */
  | 'collection:enqueue'
  /** send collected products' external images to the images queue (SendMessage on it only, IMAGES_QUEUE_URL) */
  | 'images:enqueue';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  readonly handler: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  /** JSON body schema; a route without one ignores any body. */
  readonly body?: Schema;
  readonly query?: Schema;
  readonly params?: Schema;
  /** Success status and its body schema (undefined body: no content). */
  readonly success: { readonly status: number; readonly body?: Schema; readonly contentType?: string };
  /** A redirect the route may answer instead (documented in OpenAPI with its Location header). */
  readonly redirect?: { readonly status: 303; readonly description: string; readonly body?: Schema };
  /** Error statuses this route may answer besides 400/401/403/413/415/500. */
  readonly errors?: readonly number[];
  /** The error codes (`error.code`) a status of `errors` may carry, listed in the OpenAPI document. */
  readonly errorCodes?: Readonly<Record<number, readonly string[]>>;
  readonly grants?: readonly Grant[];
  /** Memory for the function in AWS (MB). */
  readonly memoryMb?: number;
  /**
   * 'handler': the handler checks the session itself (a 2xx without it is a 500): with
   * `auth.assertSessionActive()` after refusals that need no database (the flash-sale claim), so
   * those refusals cost no read, or with `auth.rideSessionCheck()` inside the use case's own
   * DynamoDB call (POST /cart, POST /orders), so the check costs no call. Default: the middleware
   * checks the session before the handler runs.
   */
  readonly sessionCheck?: 'handler';
  /** The route honours an `Idempotency-Key` header (declared in OpenAPI as an optional header parameter). */
  readonly idempotencyKey?: true;
  /**
   * Files (paths from the repository root) the handler reads at cold start, copied next to its
   * bundle in the function's asset (lib/bundling.ts); the handler finds them under LAMBDA_TASK_ROOT.
   */
  readonly files?: readonly string[];
}
