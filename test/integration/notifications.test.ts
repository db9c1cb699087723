/**
 * Notifications through the real local stack: domain events -> the local bus's queue target -> the
 * SQS emulator (local-aws-sqs, with its redrive to the DLQ) -> the local poller -> the notifier built
 * with queue() -> the outbox. The stack runs with a 2 s visibility timeout (test/helpers/global-setup.ts).
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { adminToken, api, eventually, newCustomer, sleep, type TestUser } from '../helpers/api.js';
import { addressOf, fillCart, setClock, stockedSku } from '../helpers/shop.js';

interface Sent { channel: 'email' | 'sms'; to: string; type: string; subject: string | null; body: string }

const sqs = () => new SQSClient({ region: 'us-east-1', endpoint: process.env.SQS_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const queueUrl = (suffix = '') => `${process.env.SQS_ENDPOINT}/123456789012/${process.env.TABLE_NAME}-notifications${suffix}`;

const outbox = async (to: string, type?: string): Promise<Sent[]> =>
  (await api('GET', `/_local/outbox?to=${encodeURIComponent(to)}${type ? `&type=${type}` : ''}`)).body.items;

const randomPhone = () => `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

async function withPhone(user: TestUser, phone: string): Promise<void> {
  const response = await api('PATCH', '/me', { token: user.accessToken, body: { phone } });
  if (response.status !== 200) throw new Error(`phone: ${response.status} ${response.text}`);
}

async function placeOrder(admin: string, user: TestUser): Promise<{ id: string; totalCents: number }> {
  const { sku } = await stockedSku(admin, 5, 4_990);
  await fillCart(user, [{ sku, quantity: 1 }]);
  const order = await api('POST', '/orders', { token: user.accessToken, body: { addressId: await addressOf(user) } });
  if (order.status !== 201) throw new Error(`order: ${order.status} ${order.text}`);
  return order.body;
}

/** An OrderPaid event as EventBridge hands it to the queue (the whole event, detail = envelope). */
function orderPaidEvent(customerId: string, orderId = `01TEST${randomUUID().slice(0, 8).toUpperCase()}`) {
  return {
    version: '0', id: randomUUID(), 'detail-type': 'OrderPaid', source: 'store.orders', account: '000000000000', region: 'local',
    time: new Date().toISOString(), resources: [],
    detail: {
      metadata: { id: `${orderId}:PAID`, version: 1, time: new Date().toISOString(), correlationId: 'test' },
      data: {
        orderId, customerId, status: 'PAID', previousStatus: 'PENDING_PAYMENT', totalCents: 12_345, items: [],
        paymentDeadline: new Date().toISOString(), carrier: null, trackingCode: null, flashSaleId: null,
      },
    },
  };
}

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('notification preferences', () => {
  it('defaults to order emails only; SMS needs a phone (400 without), email.orders cannot be turned off', async () => {
    const user = await newCustomer();
    const initial = await api('GET', '/me/notification-preferences', { token: user.accessToken });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ email: { orders: true, marketing: false }, sms: { orders: false } });

    const noPhone = await api('PUT', '/me/notification-preferences', { token: user.accessToken, body: { email: { orders: true, marketing: false }, sms: { orders: true } } });
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'sms.orders' }] });
    expect(noPhone.text).not.toMatch(/at .*\.ts/);

    const emailsOff = await api('PUT', '/me/notification-preferences', { token: user.accessToken, body: { email: { orders: false, marketing: false }, sms: { orders: false } } });
    expect(emailsOff.status).toBe(400);
    expect(emailsOff.body.error.details).toEqual([expect.objectContaining({ field: 'email.orders' })]);

    await withPhone(user, randomPhone());
    const chosen = { email: { orders: true, marketing: true }, sms: { orders: true } };
    expect((await api('PUT', '/me/notification-preferences', { token: user.accessToken, body: chosen })).body).toEqual(chosen);
    expect((await api('GET', '/me/notification-preferences', { token: user.accessToken })).body).toEqual(chosen);
    expect((await api('GET', '/me/notification-preferences')).status).toBe(401);
  });
});

describe('notifications over the queue', () => {
  it('sends the email and the SMS to a customer who opted in, only the email to one who did not (pt-BR, SMS in GSM-7)', async () => {
    const [optedIn, emailOnly] = await Promise.all([newCustomer(), newCustomer()]);
    const phone = randomPhone();
    const otherPhone = randomPhone();
    await withPhone(optedIn, phone);
    await withPhone(emailOnly, otherPhone);
    await api('PUT', '/me/notification-preferences', { token: optedIn.accessToken, body: { email: { orders: true, marketing: false }, sms: { orders: true } } });

    await placeOrder(admin, optedIn);
    await placeOrder(admin, emailOnly);

    const [email] = await eventually(async () => ((await outbox(optedIn.email, 'order-placed')).length ? outbox(optedIn.email, 'order-placed') : undefined));
    const [sms] = await eventually(async () => ((await outbox(phone, 'order-placed')).length ? outbox(phone, 'order-placed') : undefined));
    expect(email).toMatchObject({ channel: 'email', subject: expect.stringMatching(/^Recebemos seu pedido /) });
    expect(email.body).toContain('<html lang="pt-BR">');
    expect(sms).toMatchObject({ channel: 'sms', subject: null });
    expect(sms.body).toMatch(/^Big E-Commerce: Cliente, recebemos o pedido /);
    expect(sms.body.length).toBeLessThanOrEqual(160);

    await eventually(async () => ((await outbox(emailOnly.email, 'order-placed')).length ? true : undefined));
    await sleep(1000);
    expect(await outbox(otherPhone)).toEqual([]);
    expect(await outbox(phone)).toHaveLength(1);
  });

  it('a duplicated event sends nothing twice: the same event delivered twice by the queue is one email and one SMS', async () => {
    const user = await newCustomer();
    const phone = randomPhone();
    await withPhone(user, phone);
    await api('PUT', '/me/notification-preferences', { token: user.accessToken, body: { email: { orders: true, marketing: false }, sms: { orders: true } } });
    const event = JSON.stringify(orderPaidEvent(user.userId));
    const client = sqs();
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: event }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: event }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: event }));
    await eventually(async () => ((await outbox(phone, 'order-paid')).length ? true : undefined));
    await sleep(1500);
    expect(await outbox(user.email, 'order-paid')).toHaveLength(1);
    expect(await outbox(phone, 'order-paid')).toHaveLength(1);
  });

  it('a poison message ends in the DLQ after its retries, while the rest of its batch is delivered', async () => {
    const users = await Promise.all([newCustomer(), newCustomer(), newCustomer()]);
    const poison = JSON.stringify({ 'detail-type': 'OrderPaid', id: 'poison', detail: { metadata: { id: `poison-${randomUUID()}` }, data: { orderId: 42 } } });
    const client = sqs();
    await client.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl(),
      Entries: [
        ...users.map((u, i) => ({ Id: `ok${i}`, MessageBody: JSON.stringify(orderPaidEvent(u.userId)) })),
        { Id: 'poison', MessageBody: poison },
      ],
    }));
    for (const u of users) await eventually(async () => ((await outbox(u.email, 'order-paid')).length ? true : undefined));

    // 5 receives (maxReceiveCount) x 2 s visibility, then the emulator moves it to the DLQ.
    const dead = await eventually(async () => {
      const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('-dlq'), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
      return Messages?.find((m) => m.Body === poison);
    }, 30_000, 500);
    expect(dead.Body).toBe(poison);
    for (const u of users) expect(await outbox(u.email, 'order-paid')).toHaveLength(1);
  }, 45_000);

  it('a throttled channel: the message stays on the queue and is retried; the channel that worked is not sent again', async () => {
    const user = await newCustomer();
    const phone = randomPhone();
    await withPhone(user, phone);
    await api('PUT', '/me/notification-preferences', { token: user.accessToken, body: { email: { orders: true, marketing: false }, sms: { orders: true } } });
    expect((await api('POST', '/_local/outbox/faults', { body: { to: user.email, failures: 2 } })).status).toBe(200);

    await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(orderPaidEvent(user.userId)) }));
    await eventually(async () => ((await outbox(user.email, 'order-paid')).length ? true : undefined), 20_000, 250);
    expect(await outbox(user.email, 'order-paid')).toHaveLength(1);
    expect(await outbox(phone, 'order-paid')).toHaveLength(1);
  }, 30_000);

  it('a channel down for longer than the retries: the message goes to the DLQ (where the alarm watches in AWS)', async () => {
    const user = await newCustomer();
    await api('POST', '/_local/outbox/faults', { body: { to: user.email, failures: 100 } });
    const event = orderPaidEvent(user.userId);
    await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(event) }));
    const dead = await eventually(async () => {
      const { Messages } = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl('-dlq'), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
      return Messages?.find((m) => m.Body?.includes(event.detail.metadata.id));
    }, 30_000, 500);
    expect(JSON.parse(dead.Body ?? '{}').id).toBe(event.id);
    await api('POST', '/_local/outbox/faults', { body: { to: user.email, failures: 0 } });
    expect(await outbox(user.email, 'order-paid')).toEqual([]);
  }, 45_000);
});

describe('Pix messages', () => {
  afterEach(async () => {
    await setClock();
  });

  it('emails the Pix copia-e-cola code with its deadline, then one reminder shortly before it expires, however often the schedule runs', async () => {
    const user = await newCustomer();
    const order = await placeOrder(admin, user);
    const started = await api('POST', `/orders/${order.id}/payments`, { token: user.accessToken, body: { method: 'pix' } });
    expect(started.status).toBe(201);
    const { copyPaste, expiresAt } = started.body.pix as { copyPaste: string; expiresAt: string };

    const [charge] = await eventually(async () => ((await outbox(user.email, 'pix-charge')).length ? outbox(user.email, 'pix-charge') : undefined));
    expect(charge.body).toContain(copyPaste.replace(/&/g, '&amp;'));

    // Too early: no reminder.
    await api('POST', '/_local/schedules/pix-reminders/run');
    await setClock(new Date(Date.parse(expiresAt) - 3 * 60_000).toISOString());
    const runs = await Promise.all([1, 2, 3].map(() => api('POST', '/_local/schedules/pix-reminders/run')));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    // Other tests' unpaid Pix charges may be due in the same 5 minutes: count this customer's reminders in the outbox (below).
    expect(runs.reduce((n, r) => n + r.body.result.reminded, 0)).toBeGreaterThanOrEqual(1);
    await api('POST', '/_local/schedules/pix-reminders/run');

    const [reminder] = await eventually(async () => ((await outbox(user.email, 'pix-expiring')).length ? outbox(user.email, 'pix-expiring') : undefined));
    expect(reminder.subject).toMatch(/^Seu Pix do pedido .* vence às \d\d:\d\d$/);
    await sleep(1000);
    expect(await outbox(user.email, 'pix-expiring')).toHaveLength(1);
  }, 30_000);
});

describe('the security notice', () => {
  it('a password change sends one pt-BR notice; a logout sends none', async () => {
    const user = await newCustomer();
    expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);
    const fresh = (await api('POST', '/login', { body: { email: user.email, password: user.password } })).body;
    const changed = await api('POST', '/me/password', { token: fresh.accessToken, body: { currentPassword: user.password, newPassword: 'Outra#Senha9' } });
    expect(changed.status).toBe(200);

    const [notice] = await eventually(async () => {
      const sent = await outbox(user.email, 'password-changed');
      return sent.length ? sent : undefined;
    });
    expect(notice).toMatchObject({ channel: 'email', to: user.email });
    expect(notice.subject).toMatch(/senha/i);
    await sleep(1_500);
    expect(await outbox(user.email, 'password-changed')).toHaveLength(1);
  });
});
