/**
 * Live tracking over WebSocket through the local gateway (API.md "Real-time (v2)"), with a real `ws`
 * client: refused handshakes are a 401 (or 403/400) and no socket; a customer who pays a Pix order
 * receives `order.status` PAID; another customer receives nothing of it; an admin on `?feed=admin`
 * receives `admin.order`; a logout closes the socket; a connection that is gone without its
 * `$disconnect` is removed at the next push; a closed socket's records go.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { WebSocket } from 'ws';
import * as keys from '#adapters/dynamodb/keys.js';
import { adminToken, api, apiUrl, eventually, newCustomer, type TestUser } from '../helpers/api.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';
import { client } from '../helpers/table.js';
import { decodePayload, signWithEmulatorKey } from '../helpers/tokens.js';

interface Message { type: string; orderId: string; [field: string]: unknown }

interface Live {
  socket: WebSocket;
  messages: Message[];
  /** Resolves with the first message (already received or to come) that matches. */
  next(match: (m: Message) => boolean): Promise<Message>;
  closed: Promise<number>;
}

type Handshake = { opened: Live } | { refused: { status: number; body: string } };

const wsUrl = (query: Record<string, string>) => `${apiUrl().replace(/^http/, 'ws')}/ws?${new URLSearchParams(query)}`;

function handshake(query: Record<string, string>): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(query));
    const messages: Message[] = [];
    const waiting: [(m: Message) => boolean, (m: Message) => void][] = [];
    const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      messages.push(message);
      for (const [match, done] of waiting) if (match(message)) done(message);
    });
    socket.on('open', () => resolve({
      opened: {
        socket, messages, closed,
        next: (match) => new Promise((done) => {
          const seen = messages.find(match);
          if (seen) done(seen);
          else waiting.push([match, done]);
        }),
      },
    }));
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk; });
      response.on('end', () => resolve({ refused: { status: response.statusCode ?? 0, body } }));
    });
    socket.on('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}

async function connect(query: Record<string, string>): Promise<Live> {
  const result = await handshake(query);
  if ('refused' in result) throw new Error(`handshake refused: ${result.refused.status} ${result.refused.body}`);
  sockets.push(result.opened.socket);
  return result.opened;
}

async function refusal(query: Record<string, string>): Promise<{ status: number; body: string }> {
  const result = await handshake(query);
  if ('opened' in result) {
    result.opened.socket.terminate();
    throw new Error('the handshake was accepted');
  }
  return result.refused;
}

let admin: string;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  admin = await adminToken();
});
afterAll(() => {
  for (const socket of sockets) socket.terminate();
});

async function placeOrder(customer: TestUser) {
  const addressId = await addressOf(customer);
  const { sku } = await stockedSku(admin, 5, 10_000);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  const order = await api('POST', '/orders', { token: customer.accessToken, body: { addressId } });
  expect(order.status).toBe(201);
  return order.body as { id: string; totalCents: number };
}

async function payByPix(customer: TestUser, orderId: string) {
  const payment = await api('POST', `/orders/${orderId}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
  expect(payment.status).toBe(201);
  const paid = await api('POST', `/_local/sandbox/payments/${payment.body.paymentId}/pix-paid`);
  expect(paid.body.webhook.status).toBe(200);
}

const connectionItems = async (userId: string, connectionId: string) => {
  const table = client();
  const found = await Promise.all([keys.connection(connectionId), keys.userConnection(userId, connectionId)]
    .map((Key) => table.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key, ConsistentRead: true }))));
  return found.filter((r) => r.Item).length;
};

describe('handshake', () => {
  let customer: TestUser;
  beforeAll(async () => {
    customer = await newCustomer();
  });

  it('accepts the customer\'s access token (control)', async () => {
    const live = await connect({ token: customer.accessToken });
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
  });

  const refused: [string, () => Promise<Record<string, string>>][] = [
    ['no token', async () => ({})],
    ['a garbage token', async () => ({ token: 'not.a.jwt' })],
    ['an ID token', async () => ({ token: customer.idToken })],
    ['an expired token', async () => {
      const past = Math.floor(Date.now() / 1000) - 7200;
      return { token: signWithEmulatorKey({ ...decodePayload(customer.accessToken), iat: past, auth_time: past, exp: past + 3600 }) };
    }],
    ['a token revoked by logout', async () => {
      const other = await newCustomer();
      expect((await api('POST', '/logout', { token: other.accessToken })).status).toBe(204);
      return { token: other.accessToken };
    }],
  ];

  it.each(refused)('%s: 401 in the contract\'s error shape, no socket', async (_label, query) => {
    const { status, body } = await refusal(await query());
    expect(status).toBe(401);
    expect(JSON.parse(body).error.code).toBe('UNAUTHORIZED');
    expect(body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('a customer asking for the admin feed: 403; an unknown feed: 400', async () => {
    expect((await refusal({ token: customer.accessToken, feed: 'admin' })).status).toBe(403);
    const unknown = await refusal({ token: admin, feed: 'everything' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.details).toEqual([expect.objectContaining({ field: 'feed' })]);
  });

  it('the management API answers only signed calls', async () => {
    const response = await fetch(`${apiUrl()}/@connections/${encodeURIComponent('abc=')}`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(403);
  });
});

describe('pushes', () => {
  it('the payer receives order.status PAID, another customer nothing of it, the admin feed admin.order', async () => {
    const [payer, other] = [await newCustomer(), await newCustomer()];
    const [payerLive, otherLive, adminLive] = [
      await connect({ token: payer.accessToken }), await connect({ token: other.accessToken }), await connect({ token: admin, feed: 'admin' }),
    ];
    const order = await placeOrder(payer);
    await payByPix(payer, order.id);

    const paid = await payerLive.next((m) => m.type === 'order.status' && m.orderId === order.id && m.status === 'PAID');
    expect(paid).toEqual({ type: 'order.status', orderId: order.id, status: 'PAID', previousStatus: 'PENDING_PAYMENT', at: expect.any(String) });
    const adminPaid = await adminLive.next((m) => m.type === 'admin.order' && m.orderId === order.id && m.status === 'PAID');
    expect(adminPaid).toEqual({ type: 'admin.order', orderId: order.id, status: 'PAID', totalCents: order.totalCents, at: paid.at });

    // The other customer's own order comes after the payer's changes on the stream, so once its
    // push has arrived, anything of the payer's sent to this socket would have arrived before it.
    const own = await placeOrder(other);
    await otherLive.next((m) => m.orderId === own.id);
    expect(otherLive.messages).toEqual([{ type: 'order.status', orderId: own.id, status: 'PENDING_PAYMENT', previousStatus: null, at: expect.any(String) }]);
    expect(payerLive.messages.every((m) => m.type === 'order.status' && m.orderId === order.id)).toBe(true);
    expect(adminLive.messages.every((m) => m.type === 'admin.order')).toBe(true);
  });

  it('removes a connection that is gone without its $disconnect (410 from the management API), and still pushes to the live one', async () => {
    const customer = await newCustomer();
    const ghost = 'R2hvc3RDb25uPQ==';
    const attributes = { connectionId: ghost, userId: customer.userId, feed: 'orders', tokenIssuedAtMs: 0, connectedAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    for (const [key, entity] of [[keys.connection(ghost), 'Connection'], [keys.userConnection(customer.userId, ghost), 'ConnectionCopy']] as const) {
      await client().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...key, entity, ...attributes } }));
    }
    expect(await connectionItems(customer.userId, ghost)).toBe(2);
    const live = await connect({ token: customer.accessToken });
    const order = await placeOrder(customer);
    await live.next((m) => m.orderId === order.id);
    await eventually(async () => ((await connectionItems(customer.userId, ghost)) === 0 ? true : undefined));
  });
});

describe('closing', () => {
  it('a logout closes the socket opened with an earlier token', async () => {
    const customer = await newCustomer();
    const live = await connect({ token: customer.accessToken });
    expect((await api('POST', '/logout', { token: customer.accessToken })).status).toBe(204);
    // API.md: within 60 s. The revocation marker's stream consumer closes it (jest's timeout bounds the wait).
    expect(await live.closed).toBe(1000);
  });

  it('a socket the client closes leaves no connection record', async () => {
    const customer = await newCustomer();
    const live = await connect({ token: customer.accessToken });
    const order = await placeOrder(customer);
    await live.next((m) => m.orderId === order.id);
    const { Items } = await client().send(new QueryCommand({
      TableName: process.env.TABLE_NAME, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
      ExpressionAttributeValues: { ':pk': keys.userPartition(customer.userId), ':conn': keys.connectionPrefix },
    }));
    expect(Items).toHaveLength(1);
    const connectionId = Items?.[0].connectionId as string;
    live.socket.close();
    await live.closed;
    await eventually(async () => ((await connectionItems(customer.userId, connectionId)) === 0 ? true : undefined));
  });
});
