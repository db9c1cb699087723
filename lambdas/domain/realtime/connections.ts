/**
 * Live-tracking connections (API.md "Real-time (v2)"): opening one at the WebSocket handshake,
 * closing it, pushing a change to the connections it concerns, and closing a user's connections
 * after a logout. The store and the gateway are ports (adapters: DynamoDB and the API Gateway
 * management API).
 */
import { ForbiddenError, ValidationError } from '#shared/errors.js';
import type { Audience, Push, ServerMessage } from './messages.js';

/** `orders`: the caller's own orders; `admin`: every order (`?feed=admin`, admins only). */
export type Feed = 'orders' | 'admin';

export interface Connection {
  readonly connectionId: string;
  readonly userId: string;
  readonly feed: Feed;
  /** `iat` of the access token the connection was opened with (a logout closes older ones only). */
  readonly tokenIssuedAtMs: number;
  readonly connectedAt: string;
}

export interface ConnectionStore {
  /** Records an open connection, forgotten by TTL after `expiresAtMs` if nothing removes it before. */
  add(connection: Connection, expiresAtMs: number): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** Idempotent. */
  remove(connection: Connection): Promise<void>;
  /** Every connection of one user, both feeds (strongly consistent). */
  ofUser(userId: string): Promise<Connection[]>;
  adminFeed(): Promise<Connection[]>;
}

export interface ConnectionGateway {
  /** Sends one message; 'gone' when the connection no longer exists (410). */
  post(connectionId: string, message: ServerMessage): Promise<'sent' | 'gone'>;
  /** Closes the connection; 'gone' when it was already closed. */
  close(connectionId: string): Promise<'closed' | 'gone'>;
}

/** The verified caller of a handshake (lambdas/http/auth.ts AuthContext has this shape). */
export interface Caller {
  readonly userId: string;
  readonly isAdmin: boolean;
  readonly issuedAtMs: number;
  /** Rejects (401) a token issued before the user's last logout. */
  assertSessionActive(): Promise<void>;
  /** The admin role was revoked through the API (read with the marker: known once assertSessionActive() resolved). */
  readonly adminRoleRevoked: boolean;
}

/**
 * API Gateway closes a WebSocket connection after two hours whatever happens; the record lives a
 * little longer and TTL removes what $disconnect missed.
 */
export const CONNECTION_TTL_MS = 2 * 3_600_000 + 10 * 60_000;

export function feedOf(value: string | undefined, caller: Pick<Caller, 'isAdmin'>): Feed {
  if (value === undefined || value === '' || value === 'orders') return 'orders';
  if (value !== 'admin') throw new ValidationError('`feed` must be "orders" or "admin"', [{ field: 'feed', message: 'Invalid option: expected "orders" or "admin"' }]);
  if (!caller.isAdmin) throw new ForbiddenError('The admin feed is for administrators');
  return 'admin';
}

/**
 * The handshake: the connection is recorded first and the revocation marker read after, so a
 * logout racing the handshake is always seen by one of the two: either this read sees the marker
 * (the handshake is refused and the record removed), or the marker was written after this read,
 * and then after the record, where the logout's stream consumer finds it and closes it.
 */
export async function openConnection(
  deps: { connections: ConnectionStore; nowMs: () => number },
  input: { connectionId: string; caller: Caller; feed: string | undefined },
): Promise<Connection> {
  const feed = feedOf(input.feed, input.caller);
  const now = deps.nowMs();
  const connection: Connection = {
    connectionId: input.connectionId, userId: input.caller.userId, feed, tokenIssuedAtMs: input.caller.issuedAtMs, connectedAt: new Date(now).toISOString(),
  };
  await deps.connections.add(connection, now + CONNECTION_TTL_MS);
  try {
    await input.caller.assertSessionActive();
    // The token may still say admin after the role was revoked through the API (docs/decisions.md "Admin roles").
    if (feed === 'admin' && input.caller.adminRoleRevoked) throw new ForbiddenError('The admin feed is for administrators');
  } catch (error) {
    await deps.connections.remove(connection);
    throw error;
  }
  return connection;
}

export async function closeConnection(deps: { connections: ConnectionStore }, connectionId: string): Promise<void> {
  const connection = await deps.connections.get(connectionId);
  if (connection) await deps.connections.remove(connection);
}

async function audience(connections: ConnectionStore, to: Audience): Promise<Connection[]> {
  if (to.kind === 'admin-feed') return connections.adminFeed();
  return (await connections.ofUser(to.userId)).filter((c) => c.feed === 'orders');
}

/**
 * Sends each push to every connection of its audience, in parallel; a gone connection (410) is
 * removed. Any other failure is rethrown after every send was tried, so the stream retries the
 * change: delivery is at least once (a retry may repeat a message to connections that had it).
 */
export async function deliver(deps: { connections: ConnectionStore; gateway: ConnectionGateway }, pushes: readonly Push[]): Promise<{ sent: number; gone: number }> {
  let sent = 0;
  let gone = 0;
  const failures: unknown[] = [];
  await Promise.all(pushes.map(async ({ to, message }) => {
    const targets = await audience(deps.connections, to);
    await Promise.all(targets.map(async (connection) => {
      try {
        if ((await deps.gateway.post(connection.connectionId, message)) === 'sent') {
          sent++;
        } else {
          gone++;
          await deps.connections.remove(connection);
        }
      } catch (error) {
        failures.push(error);
      }
    }));
  }));
  if (failures.length) throw new AggregateError(failures, `${failures.length} push(es) failed`);
  return { sent, gone };
}

/**
 * After a logout (or an account deletion) moved the user's revocation marker to `validAfterMs`:
 * closes the user's connections opened with a token issued before it, and forgets them. Connections
 * opened after a new login stay open, so a retried stream record closes nothing it should not.
 */
export async function closeRevokedConnections(
  deps: { connections: ConnectionStore; gateway: ConnectionGateway },
  userId: string,
  validAfterMs: number,
): Promise<number> {
  const revoked = (await deps.connections.ofUser(userId)).filter((c) => c.tokenIssuedAtMs < validAfterMs);
  await Promise.all(revoked.map(async (connection) => {
    await deps.gateway.close(connection.connectionId);
    await deps.connections.remove(connection);
  }));
  return revoked.length;
}

type Item = Record<string, unknown>;

/** The revocation a change of a user's token marker item (`entity: 'TokenMarker'`) is, if its `validAfterMs` moved. */
export function revocationOf(next: Item | undefined, previous: Item | undefined): { userId: string; validAfterMs: number } | undefined {
  if (next?.entity !== 'TokenMarker' || typeof next.userId !== 'string' || typeof next.validAfterMs !== 'number') return undefined;
  if (next.validAfterMs === previous?.validAfterMs) return undefined;
  return { userId: next.userId, validAfterMs: next.validAfterMs };
}
