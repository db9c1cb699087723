/**
 * Integrator webhooks through the local stack: domain events -> the local bus -> the webhooks
 * queue (SQS emulator) -> webhooks/fan-out -> a receiver on 127.0.0.1 (the local stack sets
 * WEBHOOKS_ALLOW_LOOPBACK). Retries are driven by running the `webhook-retries` schedule (the tests'
 * stack has a backoff base of 0, so a failed delivery is due at once).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import * as keys from '#adapters/dynamodb/keys.js';
import { adminToken, api, eventually, newCustomer, type OutboxMessage } from '../helpers/api.js';
import { addressOf, fillCart, setClock, stockedSku } from '../helpers/shop.js';
import { client } from '../helpers/table.js';

interface Received { path: string; headers: IncomingHttpHeaders; body: string; answered: number }

let admin: string;
let server: Server;
let base: string;
const received: Received[] = [];
/** Per path: the statuses to answer, in order (then 200). */
const script = new Map<string, number[]>();
const registered: string[] = [];

beforeAll(async () => {
  admin = await adminToken();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const path = req.url ?? '/';
      const status = script.get(path)?.shift() ?? 200;
      received.push({ path, headers: req.headers, body, answered: status });
      if (status === 302) res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      else res.writeHead(status);
      res.end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const id of registered) await api('DELETE', `/admin/webhooks/${id}`, { token: admin });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function register(url: string, events: string[] = ['order.paid']) {
  const response = await api('POST', '/admin/webhooks', { token: admin, body: { url, events, description: 'ERP' } });
  if (response.status === 201) registered.push(response.body.id);
  return response;
}

/** A new order paid by Pix through the sandbox; returns its id. */
async function paidOrder(): Promise<string> {
  const customer = await newCustomer();
  const { sku } = await stockedSku(admin, 5, 7_990);
  await fillCart(customer, [{ sku, quantity: 1 }]);
  const order = (await api('POST', '/orders', { token: customer.accessToken, body: { addressId: await addressOf(customer) } })).body;
  const payment = await api('POST', `/orders/${order.id}/payments`, { token: customer.accessToken, body: { method: 'pix' } });
  const paid = await api('POST', `/_local/sandbox/payments/${payment.body.paymentId}/pix-paid`);
  if (paid.body.webhook?.status !== 200) throw new Error(`pix-paid: ${paid.status} ${paid.text}`);
  return order.id;
}

const requestsFor = (path: string, webhookId: string) => received.filter((r) => r.path === path && r.headers['webhook-id'] === webhookId);
const deliveriesOf = async (endpointId: string) => (await api('GET', `/admin/webhooks/${endpointId}/deliveries`, { token: admin })).body.items as {
  id: string; eventId: string; type: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null;
}[];
const runRetries = () => api('POST', '/_local/schedules/webhook-retries/run');

describe('integrator webhooks', () => {
  it('registers an endpoint (secret only in the 201), lists it without the secret, and delivers a verifiable order.paid and order.shipped', async () => {
    const path = `/ok-${randomUUID()}`;
    const created = await register(`${base}${path}`, ['order.paid', 'order.shipped']);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), secret: expect.stringMatching(/^whsec_/) });
    const list = await api('GET', '/admin/webhooks', { token: admin });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((e: { id: string }) => e.id === created.body.id);
    expect(listed).toMatchObject({ url: `${base}${path}`, events: ['order.paid', 'order.shipped'], description: 'ERP', status: 'ACTIVE' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const orderId = await paidOrder();
    const [request] = await eventually(async () => {
      const found = requestsFor(path, `${orderId}:PAID`);
      return found.length ? found : undefined;
    });
    const payload = new Webhook(created.body.secret).verify(request.body, request.headers as Record<string, string>) as { type: string; data: { orderId: string; status: string } };
    expect(payload).toMatchObject({ type: 'order.paid', data: { orderId, status: 'PAID' } });
    expect(() => new Webhook(`whsec_${Buffer.from('another-secret-another-secret!!').toString('base64')}`).verify(request.body, request.headers as Record<string, string>)).toThrow();

    const deliveries = await deliveriesOf(created.body.id);
    expect(deliveries.find((d) => d.eventId === `${orderId}:PAID`)).toMatchObject({ type: 'order.paid', status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });

    // Shipped by hand (PUT /orders/{id}): order.shipped, verified the same way.
    expect((await api('PUT', `/orders/${orderId}`, { token: admin, body: { status: 'SHIPPED', carrier: 'Correios', trackingCode: 'AA123456789BR' } })).status).toBe(200);
    const [shipped] = await eventually(async () => {
      const found = requestsFor(path, `${orderId}:SHIPPED`);
      return found.length ? found : undefined;
    });
    expect(new Webhook(created.body.secret).verify(shipped.body, shipped.headers as Record<string, string>))
      .toMatchObject({ type: 'order.shipped', data: { orderId, status: 'SHIPPED', carrier: 'Correios', trackingCode: 'AA123456789BR' } });
  });

  it('retries a receiver that fails twice: it gets the event exactly once as recorded by its webhook-id', async () => {
    const path = `/flaky-${randomUUID()}`;
    script.set(path, [500, 503]);
    const created = await register(`${base}${path}`);
    const orderId = await paidOrder();
    const webhookId = `${orderId}:PAID`;
    await eventually(async () => (requestsFor(path, webhookId).length >= 1 ? true : undefined));
    await eventually(async () => {
      if (requestsFor(path, webhookId).some((r) => r.answered === 200)) return true;
      await runRetries();
      return undefined;
    });
    await runRetries();
    const requests = requestsFor(path, webhookId);
    expect(requests.map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(requests.filter((r) => r.answered === 200)).toHaveLength(1);
    for (const r of requests) expect(() => new Webhook(created.body.secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const [delivery] = (await deliveriesOf(created.body.id)).filter((d) => d.eventId === webhookId);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200 });

    // A manual retry sends it again (202), with the same webhook-id.
    const retried = await api('POST', `/admin/webhooks/${created.body.id}/deliveries/${delivery.id}/retry`, { token: admin });
    expect(retried.status).toBe(202);
    await eventually(async () => {
      if (requestsFor(path, webhookId).length === 4) return true;
      await runRetries();
      return undefined;
    });
    expect((await api('POST', `/admin/webhooks/${created.body.id}/deliveries/nope/retry`, { token: admin })).status).toBe(404);
  });

  it('refuses SSRF targets at registration (400)', async () => {
    const targets = [
      'https://169.254.169.254/latest/meta-data/', 'https://10.0.0.1/hook', 'https://192.168.0.10/', 'https://172.16.5.4/', 'https://100.64.0.1/',
      'https://0.0.0.0/', 'https://[::]/', 'https://[fe80::1]/', 'https://[fd00:ec2::254]/', 'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:10.0.0.1]/', 'https://224.0.0.1/', 'ftp://127.0.0.1/', 'not a url', 'https://user:pass@127.0.0.1/',
    ];
    for (const url of targets) {
      const response = await register(url);
      expect({ url, status: response.status, code: response.body.error?.code }).toEqual({ url, status: 400, code: 'VALIDATION_ERROR' });
    }
    expect((await register(`${base}/x`, ['order.unknown'])).status).toBe(400);
    expect((await api('POST', '/admin/webhooks', { body: { url: `${base}/x`, events: ['order.paid'] } })).status).toBe(401);
  });

  it('refuses a private target at delivery time, and does not follow a redirect', async () => {
    // An endpoint whose host now resolves to the metadata address (as after DNS rebinding): written
    // directly, since registration refuses it.
    const rebound = `01REBOUND${randomUUID().slice(0, 8).toUpperCase()}`;
    await client().send(new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        ...keys.webhookEndpoint(rebound), entity: 'WebhookEndpoint', id: rebound, url: 'https://169.254.169.254/latest/meta-data/', events: ['order.paid'],
        description: null, status: 'ACTIVE', createdAt: new Date().toISOString(), failingSince: null, disabledAt: null, secret: 'whsec_dGVzdA==',
      },
    }));
    registered.push(rebound);
    const path = `/redirect-${randomUUID()}`;
    script.set(path, [302, 302, 302]);
    const redirecting = await register(`${base}${path}`);

    const orderId = await paidOrder();
    // The attempt is counted before it is sent and its outcome recorded after: wait for the outcome.
    const attempted = (d: { attempts: number; lastError: string | null; lastStatusCode: number | null }) => d.attempts === 1 && (d.lastError !== null || d.lastStatusCode !== null);
    const refused = await eventually(async () => (await deliveriesOf(rebound)).find((d) => d.eventId === `${orderId}:PAID` && attempted(d)));
    expect(refused).toMatchObject({ status: 'PENDING', lastStatusCode: null, lastError: expect.stringMatching(/^refused: host resolves to a private/) });
    const redirected = await eventually(async () => (await deliveriesOf(redirecting.body.id)).find((d) => d.eventId === `${orderId}:PAID` && attempted(d)));
    expect(redirected).toMatchObject({ status: 'PENDING', lastStatusCode: 302, lastError: 'redirect not followed' });

    // Deleted: 204, gone from the list, and its pending delivery fails without a request.
    expect((await api('DELETE', `/admin/webhooks/${rebound}`, { token: admin })).status).toBe(204);
    expect((await api('DELETE', `/admin/webhooks/${rebound}`, { token: admin })).status).toBe(404);
    expect((await api('GET', '/admin/webhooks', { token: admin })).body.items.map((e: { id: string }) => e.id)).not.toContain(rebound);
  });

  it('an endpoint disabled after a day of failures is enabled again by an admin and receives the next event', async () => {
    const path = `/revived-${randomUUID()}`;
    const endpoint = await register(`${base}${path}`);
    const id = endpoint.body.id as string;
    // Disabled as the sender leaves it after failing for 24 hours (that clock is the unit tests' business).
    await client().send(new UpdateCommand({
      TableName: process.env.TABLE_NAME, Key: keys.webhookEndpoint(id),
      UpdateExpression: 'SET #status = :disabled, disabledAt = :at, failingSince = :since',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':disabled': 'DISABLED', ':at': new Date().toISOString(), ':since': new Date(Date.now() - 86_400_000).toISOString() },
    }));

    // An order paid while it is off: once a witness endpoint has its delivery, the fan-out of that event is over.
    const witness = (await register(`${base}/witness-${randomUUID()}`)).body.id as string;
    const whileDisabled = await paidOrder();
    await eventually(async () => (await deliveriesOf(witness)).find((d) => d.eventId === `${whileDisabled}:PAID`));
    const customer = await newCustomer();
    expect((await api('POST', `/admin/webhooks/${id}/enable`, { token: customer.accessToken })).status).toBe(403);
    expect((await api('POST', '/admin/webhooks/01NOSUCHENDPOINT/enable', { token: admin })).status).toBe(404);
    const enabled = await api('POST', `/admin/webhooks/${id}/enable`, { token: admin });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ id, status: 'ACTIVE', failingSince: null, disabledAt: null });
    expect((await api('GET', '/admin/webhooks', { token: admin })).body.items.find((e: { id: string }) => e.id === id)).toMatchObject({ status: 'ACTIVE' });

    const afterwards = await paidOrder();
    const delivered = await eventually(async () => (await deliveriesOf(id)).find((d) => d.eventId === `${afterwards}:PAID` && d.status === 'DELIVERED'));
    expect(requestsFor(path, delivered.eventId)).toHaveLength(1);
    // The fan-out skips a disabled endpoint: the order paid while it was off made no delivery for it.
    expect((await deliveriesOf(id)).map((d) => d.eventId)).toEqual([`${afterwards}:PAID`]);
  });

  it('a day of failures on the business clock: the delivery is FAILED after 24 h, the endpoint DISABLED, and every admin is e-mailed once', async () => {
    const path = `/down-${randomUUID()}`;
    script.set(path, Array.from({ length: 50 }, () => 500));
    const endpoint = await register(`${base}${path}`);
    const id = endpoint.body.id as string;
    const start = Date.now();
    const at = (hours: number) => new Date(start + hours * 3_600_000).toISOString();
    try {
      await setClock(at(0));
      const orderId = await paidOrder();
      const eventId = `${orderId}:PAID`;
      const deliveryOf = async () => (await deliveriesOf(id)).find((d) => d.eventId === eventId);
      await eventually(async () => ((await deliveryOf())?.lastStatusCode === 500 ? true : undefined));

      // Two hours later: retried, still failing; the endpoint keeps its place. (The local scheduler's own
      // sweep may retry too, with the tests' backoff base of 0: attempts are counted, not fixed.)
      await setClock(at(2));
      await runRetries();
      const retried = await deliveryOf();
      expect(retried).toMatchObject({ status: 'PENDING', lastStatusCode: 500 });
      expect(retried?.attempts).toBeGreaterThanOrEqual(2);
      const listed = async () => (await api('GET', '/admin/webhooks', { token: admin })).body.items.find((e: { id: string }) => e.id === id);
      expect(await listed()).toMatchObject({ status: 'ACTIVE', failingSince: expect.any(String), disabledAt: null });

      // A day and a minute after the event: the last attempt fails, the delivery is FAILED, the endpoint DISABLED.
      await setClock(at(24 + 1 / 60));
      await runRetries();
      const failed = await deliveryOf();
      expect(failed).toMatchObject({ status: 'FAILED', lastStatusCode: 500 });
      expect(await listed()).toMatchObject({ status: 'DISABLED', disabledAt: expect.any(String) });
      const attempts = failed?.attempts ?? 0;
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(requestsFor(path, eventId).map((r) => r.answered)).toEqual(Array.from({ length: attempts }, () => 500));
      // The sweep leaves both alone now.
      await runRetries();
      expect(requestsFor(path, eventId)).toHaveLength(attempts);
    } finally {
      await setClock();
    }

    // The admins hear about it in pt-BR (WebhookEndpointDisabled from the endpoint's stream record), once.
    const mails = async () => ((await api('GET', `/_local/outbox?type=webhook-endpoint-disabled&to=${encodeURIComponent(process.env.ADMIN_EMAIL ?? '')}`)).body.items as OutboxMessage[])
      .filter((m) => m.body.includes(path));
    const [mail] = await eventually(async () => {
      const found = await mails();
      return found.length ? found : undefined;
    }, 60_000, 500);
    expect(mail.subject).toBe('Webhook desativado: ERP');
    expect(mail.body).toContain(`O endpoint de webhook ${base}${path} (ERP) foi desativado em`);
    expect(mail.body).toContain('Reativar endpoint');
    expect(mail.body).not.toMatch(/whsec_/);
    expect(await mails()).toHaveLength(1);
  });
});
