/**
 * Live tracking (lambdas/domain/realtime): which change pushes what to whom (order.status to the
 * owner only, admin.order to the admin feed, shipment.event once), the handshake (feeds, the
 * revocation check after the record is written), fan-out with gone connections removed, and the
 * logout that closes only connections opened with an older token. Ports are in-memory fakes.
 */
import type { OrderRecord } from '#domain/orders/ports.js';
import {
  type Caller, closeConnection, closeRevokedConnections, type Connection, CONNECTION_TTL_MS, type ConnectionGateway, type ConnectionStore,
  deliver, openConnection, revocationOf,
} from '#domain/realtime/connections.js';
import { orderPushes, pushesFor, type ServerMessage } from '#domain/realtime/messages.js';
import { ForbiddenError, UnauthorizedError, ValidationError } from '#shared/errors.js';

const order = (changes: Partial<OrderRecord> = {}): OrderRecord => ({
  id: 'o1', customerId: 'c1', status: 'PENDING_PAYMENT', items: [], subtotalCents: 9980, discountCents: 0, shippingCents: 1500, totalCents: 11480,
  coupon: null, address: {} as OrderRecord['address'], shipping: null, paymentDeadline: '2026-11-27T13:30:00.000Z', carrier: null, trackingCode: null,
  flashSaleId: null, flashSale: null, timeline: [{ status: 'PENDING_PAYMENT', at: '2026-11-27T13:00:00.000Z', description: 'placed' }],
  correlationId: 'req-1', createdAt: '2026-11-27T13:00:00.000Z', updatedAt: '2026-11-27T13:00:00.000Z',
  ...changes,
});

function memoryStore(): ConnectionStore & { all: Map<string, { connection: Connection; expiresAtMs: number }> } {
  const all = new Map<string, { connection: Connection; expiresAtMs: number }>();
  return {
    all,
    add: async (connection, expiresAtMs) => void all.set(connection.connectionId, { connection, expiresAtMs }),
    get: async (id) => all.get(id)?.connection,
    remove: async (connection) => void all.delete(connection.connectionId),
    ofUser: async (userId) => [...all.values()].map((e) => e.connection).filter((c) => c.userId === userId),
    adminFeed: async () => [...all.values()].map((e) => e.connection).filter((c) => c.feed === 'admin'),
  };
}

function fakeGateway(gone: string[] = [], failing: string[] = []): ConnectionGateway & { sent: [string, ServerMessage][]; closed: string[] } {
  const sent: [string, ServerMessage][] = [];
  const closed: string[] = [];
  return {
    sent, closed,
    post: async (id, message) => {
      if (failing.includes(id)) throw new Error('LimitExceededException');
      if (gone.includes(id)) return 'gone';
      sent.push([id, message]);
      return 'sent';
    },
    close: async (id) => {
      closed.push(id);
      return gone.includes(id) ? 'gone' : 'closed';
    },
  };
}

const caller = (changes: Partial<Caller> = {}): Caller => ({ userId: 'c1', isAdmin: false, issuedAtMs: 1_000_000, assertSessionActive: async () => undefined, adminRoleRevoked: false, ...changes });
const conn = (connectionId: string, userId: string, feed: Connection['feed'] = 'orders', tokenIssuedAtMs = 1_000_000): Connection =>
  ({ connectionId, userId, feed, tokenIssuedAtMs, connectedAt: '2026-11-27T12:00:00.000Z' });

describe('pushesFor', () => {
  it('an order status change: order.status to its owner, admin.order to the admin feed, at the time of the change', () => {
    const paid = order({ status: 'PAID', timeline: [...order().timeline, { status: 'PAID', at: '2026-11-27T13:05:00.000Z', description: 'paid' }] });
    expect(pushesFor({ entity: 'Order', ...paid }, { entity: 'Order', ...order() })).toEqual([
      { to: { kind: 'customer', userId: 'c1' }, message: { type: 'order.status', orderId: 'o1', status: 'PAID', previousStatus: 'PENDING_PAYMENT', at: '2026-11-27T13:05:00.000Z' } },
      { to: { kind: 'admin-feed' }, message: { type: 'admin.order', orderId: 'o1', status: 'PAID', totalCents: 11480, at: '2026-11-27T13:05:00.000Z' } },
    ]);
  });

  it('a new order has no previous status; a change that keeps the status pushes nothing', () => {
    expect(orderPushes(order(), undefined)[0].message).toMatchObject({ status: 'PENDING_PAYMENT', previousStatus: null });
    expect(orderPushes(order({ updatedAt: '2026-11-27T13:01:00.000Z' }), order())).toEqual([]);
  });

  it('a shipment event: shipment.event to the order\'s owner once (when recorded), location only when known', () => {
    const event = { entity: 'ShipmentEvent', orderId: 'o1', customerId: 'c1', code: 'POSTED', description: 'Objeto postado', at: '2026-11-28T10:00:00.000Z', location: null };
    expect(pushesFor(event, undefined)).toEqual([{
      to: { kind: 'customer', userId: 'c1' },
      message: { type: 'shipment.event', orderId: 'o1', code: 'POSTED', description: 'Objeto postado', at: '2026-11-28T10:00:00.000Z' },
    }]);
    expect(pushesFor({ ...event, location: 'São Paulo/SP' }, undefined)[0].message).toMatchObject({ location: 'São Paulo/SP' });
    expect(pushesFor(event, event)).toEqual([]);
  });

  it('other entities and deletes push nothing', () => {
    expect(pushesFor({ entity: 'Payment', status: 'APPROVED' }, undefined)).toEqual([]);
    expect(pushesFor(undefined, { entity: 'Order', ...order() })).toEqual([]);
  });
});

describe('openConnection (the handshake)', () => {
  it('records the connection with its user, feed, token issue time and a TTL past API Gateway\'s two hours', async () => {
    const connections = memoryStore();
    await openConnection({ connections, nowMs: () => 5_000_000 }, { connectionId: 'k1', caller: caller(), feed: undefined });
    expect(connections.all.get('k1')).toEqual({
      connection: { connectionId: 'k1', userId: 'c1', feed: 'orders', tokenIssuedAtMs: 1_000_000, connectedAt: new Date(5_000_000).toISOString() },
      expiresAtMs: 5_000_000 + CONNECTION_TTL_MS,
    });
    expect(CONNECTION_TTL_MS).toBeGreaterThan(2 * 3_600_000);
  });

  it('the admin feed is for admins (403 for a customer), an unknown feed is 400; nothing is recorded', async () => {
    const connections = memoryStore();
    const deps = { connections, nowMs: () => 0 };
    await expect(openConnection(deps, { connectionId: 'k1', caller: caller(), feed: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(openConnection(deps, { connectionId: 'k2', caller: caller({ isAdmin: true }), feed: 'everything' })).rejects.toBeInstanceOf(ValidationError);
    expect(connections.all.size).toBe(0);
    await openConnection(deps, { connectionId: 'k3', caller: caller({ isAdmin: true }), feed: 'admin' });
    expect(connections.all.get('k3')?.connection.feed).toBe('admin');
  });

  it('refuses the admin feed to a token that still says admin after the role was revoked through the API; the orders feed stays open', async () => {
    const connections = memoryStore();
    const deps = { connections, nowMs: () => 0 };
    const demoted = caller({ isAdmin: true, adminRoleRevoked: true });
    await expect(openConnection(deps, { connectionId: 'k1', caller: demoted, feed: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(connections.all.size).toBe(0);
    await openConnection(deps, { connectionId: 'k2', caller: demoted, feed: undefined });
    expect(connections.all.get('k2')?.connection.feed).toBe('orders');
  });

  it('checks the revocation marker after writing the record, and removes the record when the token is revoked', async () => {
    const connections = memoryStore();
    const seen: number[] = [];
    const revoked = caller({
      assertSessionActive: async () => {
        seen.push(connections.all.size);
        throw new UnauthorizedError('Token has been revoked');
      },
    });
    await expect(openConnection({ connections, nowMs: () => 0 }, { connectionId: 'k1', caller: revoked, feed: undefined })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen).toEqual([1]);
    expect(connections.all.size).toBe(0);
  });
});

describe('deliver (fan-out)', () => {
  it('sends order.status to the owner\'s order connections only, and admin.order to the admin feed only', async () => {
    const connections = memoryStore();
    for (const c of [conn('a1', 'c1'), conn('a2', 'c1'), conn('b1', 'c2'), conn('adm', 'admin-user', 'admin'), conn('adm-own', 'admin-user')]) await connections.add(c, 0);
    const gateway = fakeGateway();
    const result = await deliver({ connections, gateway }, orderPushes(order({ status: 'PAID' }), order()));
    expect(result).toEqual({ sent: 3, gone: 0 });
    expect(gateway.sent.map(([id, m]) => `${id}:${m.type}`).sort()).toEqual(['a1:order.status', 'a2:order.status', 'adm:admin.order']);
  });

  it('removes a gone connection (410) and still delivers to the others', async () => {
    const connections = memoryStore();
    await connections.add(conn('a1', 'c1'), 0);
    await connections.add(conn('a2', 'c1'), 0);
    const gateway = fakeGateway(['a1']);
    expect(await deliver({ connections, gateway }, orderPushes(order({ status: 'PAID' }), order()))).toEqual({ sent: 1, gone: 1 });
    expect([...connections.all.keys()]).toEqual(['a2']);
  });

  it('rethrows any other failure after trying every connection (the stream retries the change)', async () => {
    const connections = memoryStore();
    await connections.add(conn('a1', 'c1'), 0);
    await connections.add(conn('a2', 'c1'), 0);
    const gateway = fakeGateway([], ['a1']);
    await expect(deliver({ connections, gateway }, orderPushes(order({ status: 'PAID' }), order()))).rejects.toBeInstanceOf(AggregateError);
    expect(gateway.sent.map(([id]) => id)).toEqual(['a2']);
    expect(connections.all.size).toBe(2);
  });
});

describe('closing', () => {
  it('$disconnect forgets the connection; an unknown one is no error', async () => {
    const connections = memoryStore();
    await connections.add(conn('a1', 'c1'), 0);
    await closeConnection({ connections }, 'a1');
    await closeConnection({ connections }, 'a1');
    expect(connections.all.size).toBe(0);
  });

  it('a logout closes the user\'s connections opened with older tokens (both feeds), not newer ones nor other users\'', async () => {
    const connections = memoryStore();
    for (const c of [conn('old', 'c1', 'orders', 1_000_000), conn('old-admin', 'c1', 'admin', 1_000_000), conn('new', 'c1', 'orders', 3_000_000), conn('other', 'c2', 'orders', 1_000_000)]) {
      await connections.add(c, 0);
    }
    const gateway = fakeGateway(['old-admin']);
    expect(await closeRevokedConnections({ connections, gateway }, 'c1', 2_000_000)).toBe(2);
    expect(gateway.closed.sort()).toEqual(['old', 'old-admin']);
    expect([...connections.all.keys()].sort()).toEqual(['new', 'other']);
  });

  it('revocationOf: a moved marker of a user; nothing for an unchanged marker, another entity or a marker without its user', () => {
    const marker = { entity: 'TokenMarker', userId: 'c1', validAfterMs: 2_000 };
    expect(revocationOf(marker, undefined)).toEqual({ userId: 'c1', validAfterMs: 2_000 });
    expect(revocationOf(marker, { ...marker, validAfterMs: 1_000 })).toEqual({ userId: 'c1', validAfterMs: 2_000 });
    expect(revocationOf({ ...marker, expiresAt: 99 }, marker)).toBeUndefined();
    expect(revocationOf({ ...marker, entity: 'Session' }, undefined)).toBeUndefined();
    expect(revocationOf({ entity: 'TokenMarker', validAfterMs: 2_000 }, undefined)).toBeUndefined();
  });
});
