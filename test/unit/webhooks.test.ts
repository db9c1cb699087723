/**
 * Integrator webhooks: the SSRF address classifier, the target check, the attempt/backoff/disable
 * rules with an in-memory store, and the sender adapter against a real local HTTP server (address
 * pinning: one DNS answer, checked, then used; no redirect followed; timeouts and body caps).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createSender } from '#adapters/webhooks/sender.js';
import { type AddressClass, classifyAddress, isDeliverableAddress, parseIPv6 } from '#domain/webhooks/addresses.js';
import { integratorName, INTEGRATOR_EVENTS } from '#domain/webhooks/events.js';
import {
  attemptDelivery, backoffMs, checkTarget, type Delivery, deliveryId, enableEndpoint, fanOut, MAX_BACKOFF_MS, RETRY_WINDOW_MS, type SendResult,
  type StoredEndpoint, type WebhookSender, type WebhookStore,
} from '#domain/webhooks/webhooks.js';

describe('address classifier', () => {
  const cases: [string, AddressClass][] = [
    ['8.8.8.8', 'public'], ['1.1.1.1', 'public'], ['200.147.67.142', 'public'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['172.15.255.255', 'public'], ['172.32.0.0', 'public'], ['11.0.0.1', 'public'],
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'], ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'cgnat'], ['100.100.100.200', 'cgnat'], ['100.127.255.255', 'cgnat'], ['100.128.0.0', 'public'], ['100.63.255.255', 'public'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['255.255.255.255', 'reserved'], ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'], ['198.18.0.1', 'reserved'], ['198.51.100.7', 'reserved'], ['203.0.113.9', 'reserved'], ['192.0.0.170', 'reserved'],
    ['::', 'unspecified'], ['::1', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'],
    ['fc00::1', 'private'], ['fd00:ec2::254', 'private'], ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:169.254.169.254', 'link-local'], ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'], ['0:0:0:0:0:ffff:a00:1', 'private'], ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'], ['64:ff9b::8.8.8.8', 'public'],
    ['2002:7f00:1::', 'loopback'], ['2002:0808:0808::1', 'public'],
    ['2001:db8::1', 'reserved'], ['2001::1', 'reserved'], ['3fff::1', 'reserved'], ['100::1', 'reserved'], ['fec0::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'], ['2800:3f0:4001:80b::200e', 'public'],
    ['', 'invalid'], ['localhost', 'invalid'], ['1.2.3', 'invalid'], ['256.1.1.1', 'invalid'], ['01.2.3.4', 'invalid'], ['0x7f.0.0.1', 'invalid'],
    ['2130706433', 'invalid'], ['1::2::3', 'invalid'], ['1:2:3:4:5:6:7:8:9', 'invalid'], ['12345::', 'invalid'], [':::', 'invalid'],
  ];
  it.each(cases)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('parses every IPv6 shorthand to eight groups', () => {
    expect(parseIPv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
  });

  it('allows public addresses, and loopback only when the stage allows it', () => {
    expect(isDeliverableAddress('8.8.8.8', false)).toBe(true);
    expect(isDeliverableAddress('127.0.0.1', false)).toBe(false);
    expect(isDeliverableAddress('::1', false)).toBe(false);
    expect(isDeliverableAddress('127.0.0.1', true)).toBe(true);
    expect(isDeliverableAddress('::ffff:127.0.0.1', true)).toBe(true);
    for (const other of ['10.0.0.1', '169.254.169.254', '100.64.0.1', 'fd00:ec2::254', '::ffff:192.168.0.1', 'garbage']) {
      expect(isDeliverableAddress(other, true)).toBe(false);
    }
  });
});

describe('target check (registration)', () => {
  const resolving = (answer: Record<string, string[]>) => async (host: string) => {
    if (!(host in answer)) throw new Error('ENOTFOUND');
    return answer[host];
  };
  const resolve = resolving({
    'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'], 'mixed.example.com': ['93.184.216.34', '10.0.0.5'],
    'meta.example.com': ['169.254.169.254'], localhost: ['127.0.0.1', '::1'], '127.0.0.1': ['127.0.0.1'], '::ffff:a00:1': ['::ffff:a00:1'],
  });

  it.each([
    ['https://hooks.example.com/in', false, null],
    ['http://hooks.example.com/in', false, 'url must use https'],
    ['https://mixed.example.com/', false, 'url resolves to a private, loopback, link-local or reserved address'],
    ['https://meta.example.com/', false, 'url resolves to a private, loopback, link-local or reserved address'],
    ['https://localhost/', false, 'url resolves to a private, loopback, link-local or reserved address'],
    ['https://[::ffff:10.0.0.1]/', true, 'url resolves to a private, loopback, link-local or reserved address'],
    ['https://nowhere.example.com/', false, 'url host does not resolve'],
    ['https://user:pw@hooks.example.com/', false, 'url must not carry credentials'],
    ['not a url', false, 'url is not a valid absolute URL'],
    ['ftp://hooks.example.com/', true, 'url must use https'],
    ['http://127.0.0.1:8080/hook', true, null],
    ['http://127.0.0.1:8080/hook', false, 'url must use https'],
    ['http://hooks.example.com/in', true, 'url must use https'],
  ])('%s (loopback allowed: %s) -> %s', async (url, allowLoopback, expected) => {
    expect(await checkTarget({ resolve, allowLoopback }, url)).toBe(expected);
  });
});

function memoryStore(endpoints: StoredEndpoint[]) {
  const deliveries = new Map<string, Delivery>();
  const calls: string[] = [];
  const store: WebhookStore = {
    createEndpoint: async (e) => { endpoints.push(e); },
    listEndpoints: async () => endpoints,
    getEndpoint: async (id) => endpoints.find((e) => e.id === id),
    deleteEndpoint: async () => true,
    createDelivery: async (d) => {
      if (deliveries.has(d.id)) return false;
      deliveries.set(d.id, { ...d });
      return true;
    },
    getDelivery: async (_e, id) => deliveries.get(id),
    listDeliveries: async () => ({ items: [...deliveries.values()], nextCursor: null }),
    dueDeliveries: async () => [],
    claimAttempt: async (d) => {
      const current = deliveries.get(d.id);
      if (current?.status !== 'PENDING' || current.attempts !== d.attempts) return false;
      current.attempts++;
      return true;
    },
    recordAttempt: async (d, o) => {
      const current = deliveries.get(d.id) as Delivery;
      Object.assign(current, { status: o.delivered ? 'DELIVERED' : o.next ? 'PENDING' : 'FAILED', lastStatusCode: o.statusCode, lastError: o.error, nextAttemptAt: o.next });
    },
    markDue: async () => true,
    endpointFailing: async (id, at) => {
      const e = endpoints.find((x) => x.id === id) as StoredEndpoint;
      e.failingSince ??= at;
      return e.failingSince;
    },
    endpointRecovered: async (id) => {
      (endpoints.find((x) => x.id === id) as StoredEndpoint).failingSince = null;
    },
    disableEndpoint: async (id, at) => {
      const e = endpoints.find((x) => x.id === id) as StoredEndpoint;
      if (e.status !== 'ACTIVE') return false;
      calls.push(`disable ${id}`);
      Object.assign(e, { status: 'DISABLED', disabledAt: at });
      return true;
    },
    enableEndpoint: async (id) => {
      const e = endpoints.find((x) => x.id === id);
      if (!e) return false;
      calls.push(`enable ${id}`);
      Object.assign(e, { status: 'ACTIVE', failingSince: null, disabledAt: null });
      return true;
    },
  };
  return { store, deliveries, calls };
}

const endpoint = (id: string, events: StoredEndpoint['events'] = ['order.paid']): StoredEndpoint => ({
  id, url: `https://${id}.example.com/`, events, description: null, status: 'ACTIVE', createdAt: '2026-01-01T00:00:00.000Z',
  failingSince: null, disabledAt: null, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
});

const scriptedSender = (results: Record<string, SendResult[]>) => {
  const sent: { url: string; id: string }[] = [];
  const sender: WebhookSender = {
    send: async (target, message) => {
      sent.push({ url: target.url, id: message.id });
      return results[target.url]?.shift() ?? { ok: true, statusCode: 200 };
    },
  };
  return { sender, sent };
};

const paid = { name: 'OrderPaid', id: '01ORDER:PAID', time: '2026-01-01T00:00:00.000Z', data: { orderId: '01ORDER' } };

describe('re-enabling an endpoint', () => {
  const resolve = async (host: string) => (host === 'rebound.example.com' ? ['10.0.0.7'] : ['93.184.216.34']);
  const disabled = (id: string) => ({ ...endpoint(id), status: 'DISABLED' as const, failingSince: '2026-01-01T00:00:00.000Z', disabledAt: '2026-01-02T00:00:00.000Z' });

  it('makes a disabled endpoint ACTIVE with its failing and disabled marks cleared; an active one is left as it is', async () => {
    const { store, calls } = memoryStore([disabled('a'), endpoint('b')]);
    expect(await enableEndpoint({ store, resolve, allowLoopback: false }, 'a')).toMatchObject({ id: 'a', status: 'ACTIVE', failingSince: null, disabledAt: null });
    expect(await store.getEndpoint('a')).toMatchObject({ status: 'ACTIVE', failingSince: null, disabledAt: null });
    expect(await enableEndpoint({ store, resolve, allowLoopback: false }, 'b')).toMatchObject({ id: 'b', status: 'ACTIVE' });
    expect(calls).toEqual(['enable a']);
  });

  it('refuses an unknown endpoint (404) and one whose host now resolves to a private address (400, still disabled)', async () => {
    const { store } = memoryStore([{ ...disabled('r'), url: 'https://rebound.example.com/hook' }]);
    await expect(enableEndpoint({ store, resolve, allowLoopback: false }, 'nope')).rejects.toMatchObject({ reason: 'not-found' });
    await expect(enableEndpoint({ store, resolve, allowLoopback: false }, 'r')).rejects.toMatchObject({ reason: 'invalid' });
    expect(await store.getEndpoint('r')).toMatchObject({ status: 'DISABLED' });
  });
});

describe('fan-out and attempts', () => {
  it('maps domain events to integrator names, and only the offered ones', () => {
    expect(integratorName('OrderPaid')).toBe('order.paid');
    expect(integratorName('OrderOutForDelivery')).toBe('order.out_for_delivery');
    expect(integratorName('PasswordChanged')).toBeUndefined();
    expect(integratorName('PixPaymentExpiring')).toBeUndefined();
    expect(Object.keys(INTEGRATOR_EVENTS)).toContain('payment.refunded');
  });

  it('makes one delivery per matching active endpoint, deterministic, and none twice for a repeated event', async () => {
    const disabled = { ...endpoint('c'), status: 'DISABLED' as const };
    const { store, deliveries } = memoryStore([endpoint('a'), endpoint('b', ['order.shipped']), disabled]);
    const { sender, sent } = scriptedSender({});
    const now = new Date('2026-01-01T00:00:01Z');
    const first = await fanOut({ store, sender, backoffBaseMs: 1000 }, paid, now);
    expect(first.outcomes).toEqual(['delivered']);
    expect([...deliveries.keys()]).toEqual([deliveryId('a', paid.id)]);
    expect(sent).toEqual([{ url: 'https://a.example.com/', id: paid.id }]);
    const again = await fanOut({ store, sender, backoffBaseMs: 1000 }, paid, now);
    expect(again.outcomes).toEqual(['skipped']);
    expect(sent).toHaveLength(1);
    expect(deliveryId('a', paid.id)).toBe(deliveryId('a', paid.id));
    expect(deliveryId('a', paid.id)).not.toBe(deliveryId('b', paid.id));
    expect((await fanOut({ store, sender, backoffBaseMs: 1000 }, { ...paid, name: 'PasswordChanged' }, now)).deliveries).toBe(0);
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30, 30_000)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(3, 0)).toBe(0);
  });

  it('retries a failure, marks it failed after 24 h, and disables an endpoint failing for 24 h', async () => {
    const a = endpoint('a');
    const { store, deliveries, calls } = memoryStore([a]);
    const { sender } = scriptedSender({ 'https://a.example.com/': Array.from({ length: 5 }, () => ({ ok: false, statusCode: 500, error: 'HTTP 500' })) });
    const deps = { store, sender, backoffBaseMs: 1000 };
    const start = new Date('2026-01-01T00:00:00Z');
    await fanOut(deps, paid, start);
    const d = deliveries.get(deliveryId('a', paid.id)) as Delivery;
    expect(d).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, nextAttemptAt: '2026-01-01T00:00:01.000Z' });
    expect(a.failingSince).toBe(start.toISOString());

    const second = await attemptDelivery(deps, { ...d }, a, new Date('2026-01-01T00:00:01Z'));
    expect(second).toEqual({ outcome: 'retrying', endpointDisabled: false });
    expect(d).toMatchObject({ attempts: 2, nextAttemptAt: '2026-01-01T00:00:03.000Z' });

    const late = new Date(start.getTime() + RETRY_WINDOW_MS);
    const last = await attemptDelivery(deps, { ...d }, a, late);
    expect(last).toEqual({ outcome: 'failed', endpointDisabled: true });
    expect(d).toMatchObject({ status: 'FAILED', attempts: 3, nextAttemptAt: null });
    expect(a.status).toBe('DISABLED');
    expect(calls).toEqual(['disable a']);
  });

  it('does not send for a deleted or disabled endpoint, and a success clears the failing mark', async () => {
    const a = { ...endpoint('a'), failingSince: '2026-01-01T00:00:00.000Z' };
    const { store, deliveries } = memoryStore([a]);
    const { sender, sent } = scriptedSender({});
    const deps = { store, sender, backoffBaseMs: 1000 };
    await fanOut(deps, paid, new Date('2026-01-01T01:00:00Z'));
    expect(a.failingSince).toBeNull();
    const orphan: Delivery = { ...(deliveries.get(deliveryId('a', paid.id)) as Delivery), id: 'x', status: 'PENDING', attempts: 0 };
    await store.createDelivery(orphan);
    expect(await attemptDelivery(deps, orphan, undefined, new Date())).toEqual({ outcome: 'failed', endpointDisabled: false });
    expect(deliveries.get('x')).toMatchObject({ status: 'FAILED', lastError: 'endpoint deleted' });
    expect(sent).toHaveLength(1);
  });

  it('lets only one worker take an attempt', async () => {
    const a = endpoint('a');
    const { store, deliveries } = memoryStore([a]);
    const { sender, sent } = scriptedSender({ 'https://a.example.com/': [{ ok: false, statusCode: 503, error: 'HTTP 503' }] });
    const deps = { store, sender, backoffBaseMs: 0 };
    await fanOut(deps, paid, new Date());
    const d = { ...(deliveries.get(deliveryId('a', paid.id)) as Delivery) };
    const results = await Promise.all([attemptDelivery(deps, { ...d }, a, new Date()), attemptDelivery(deps, { ...d }, a, new Date())]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['delivered', 'skipped']);
    expect(sent).toHaveLength(2);
  });
});

describe('sender (real HTTP on 127.0.0.1)', () => {
  let server: Server;
  let port: number;
  const seen: IncomingMessage[] = [];
  let reply: (res: ServerResponse) => void = (res) => res.end('ok');
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        (req as IncomingMessage & { body?: string }).body = body;
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
    reply = (res) => res.end('ok');
  });

  const secret = `whsec_${Buffer.from('a-test-secret-of-32-bytes-long!!').toString('base64')}`;
  const message = { id: '01ORDER:PAID', timestamp: new Date(), body: JSON.stringify({ type: 'order.paid', data: { orderId: '01ORDER' } }) };

  it('connects to the one address it resolved and checked (no second lookup), with a verifiable signature', async () => {
    const lookups: string[] = [];
    // A rebinding resolver: the first answer is allowed, any later one is a private address.
    const resolve = async (host: string) => {
      lookups.push(host);
      return lookups.length === 1 ? ['127.0.0.1'] : ['10.0.0.1'];
    };
    const sender = createSender({ allowLoopback: true, timeoutMs: 2000, resolve });
    const result = await sender.send({ url: `http://receiver.invalid:${port}/hook`, secret }, message);
    expect(result).toEqual({ ok: true, statusCode: 200 });
    expect(lookups).toEqual(['receiver.invalid']);
    const req = seen[0] as IncomingMessage & { body: string };
    expect(req.headers.host).toBe(`receiver.invalid:${port}`);
    expect(req.headers['webhook-id']).toBe(message.id);
    expect(new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).toEqual(JSON.parse(message.body));
  });

  it('refuses a private answer at delivery time without any request', async () => {
    for (const answer of [['10.0.0.1'], ['127.0.0.1', '169.254.169.254'], ['::ffff:169.254.169.254']]) {
      const sender = createSender({ allowLoopback: true, timeoutMs: 2000, resolve: async () => answer });
      const result = await sender.send({ url: `http://receiver.invalid:${port}/`, secret }, message);
      expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused/) });
    }
    const strict = createSender({ allowLoopback: false, timeoutMs: 2000, resolve: async () => ['127.0.0.1'] });
    expect(await strict.send({ url: `https://receiver.invalid:${port}/`, secret }, message)).toMatchObject({ ok: false, error: expect.stringMatching(/^refused/) });
    expect(await strict.send({ url: `http://receiver.invalid:${port}/`, secret }, message)).toMatchObject({ ok: false, error: 'refused: url must use https' });
    const plain = createSender({ allowLoopback: true, timeoutMs: 2000, resolve: async () => ['93.184.216.34'] });
    expect(await plain.send({ url: 'http://receiver.invalid/', secret }, message)).toMatchObject({ ok: false, error: 'refused: url must use https' });
    expect(seen).toHaveLength(0);
  });

  it('does not follow a redirect, reports a 500, and gives up on a receiver that hangs', async () => {
    const sender = createSender({ allowLoopback: true, timeoutMs: 300, resolve: async () => ['127.0.0.1'] });
    const url = `http://receiver.invalid:${port}/`;
    reply = (res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    };
    expect(await sender.send({ url, secret }, message)).toEqual({ ok: false, statusCode: 302, error: 'redirect not followed' });
    expect(seen).toHaveLength(1);
    reply = (res) => {
      res.writeHead(500);
      res.end('x'.repeat(1_000_000));
    };
    expect(await sender.send({ url, secret }, message)).toEqual({ ok: false, statusCode: 500, error: 'HTTP 500' });
    reply = () => undefined;
    expect(await sender.send({ url, secret }, message)).toEqual({ ok: false, statusCode: null, error: 'timeout after 300 ms' });
    const refused = createSender({ allowLoopback: true, timeoutMs: 2000, resolve: async () => ['127.0.0.1'] });
    expect(await refused.send({ url: 'http://receiver.invalid:1/', secret }, message)).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^request failed/) });
  });
});
