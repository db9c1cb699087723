/**
 * Customer messages (lambdas/domain/notifications): the GSM-7 check and transliteration, every
 * template's SMS within one message and the alphabet even with long names and values, the email's
 * HTML and plain-text parts, which message an event is, and the notifier's per-channel rules.
 */
import type { DomainEvent, DomainEventData } from '#domain/events.js';
import { messageFor, NOTIFIED_EVENTS, type NotifiedEvent } from '#domain/notifications/catalogue.js';
import { brl, trackingUrl } from '#domain/notifications/format.js';
import { clamp, gsm7Length, isGsm7, SMS_LIMIT, smsText, toGsm7 } from '#domain/notifications/gsm7.js';
import { compose, notify, putPreferences } from '#domain/notifications/notify.js';
import type { OutgoingMessage, Recipient } from '#domain/notifications/ports.js';
import { remindExpiringPix } from '#domain/notifications/pix-reminders.js';
import type { PaymentRecord } from '#domain/payments/records.js';
import { DEFAULT_PREFERENCES } from '#domain/notifications/preferences.js';
import { ValidationError } from '#shared/errors.js';

const LONG = 'Maria da Conceição Albuquerque de Assunção Magalhães Vasconcellos Gonçalves Brandão';
const ORDER = `01JZZZZZZZZZZZZZZZZZZZZZZZ`;

const order = (changes: Partial<DomainEventData<'OrderCreated'>> = {}): DomainEventData<'OrderCreated'> => ({
  orderId: ORDER, customerId: 'c1', status: 'PENDING_PAYMENT', previousStatus: null, totalCents: 99_999_999,
  items: [{ sku: 'X', productId: 'p', name: `Smartphone ${LONG} <b>edição</b> “especial” – 512 GB`, quantity: 3, unitPriceCents: 33_333_333 }],
  paymentDeadline: '2026-11-27T13:30:00.000Z', carrier: 'Transportadora Expressa Nacional de Encomendas Urgentes Ltda', trackingCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ',
  flashSaleId: null, ...changes,
});
const payment = (changes: Partial<DomainEventData<'PaymentCreated'>> = {}): DomainEventData<'PaymentCreated'> => ({
  paymentId: 'pay1', orderId: ORDER, customerId: 'c1', provider: 'sandbox', method: 'pix', status: 'PENDING', amountCents: 99_999_999,
  declineReason: 'insufficient funds', note: null,
  pix: { copyPaste: `00020126580014br.gov.bcb.pix0136${'a'.repeat(200)}6304ABCD`, expiresAt: '2026-11-27T13:30:00.000Z' }, ...changes,
});

/** One event of every kind (and each variant a template has), with long values. */
const EVENTS: { name: NotifiedEvent; data: DomainEventData<NotifiedEvent>; type: string }[] = [
  { name: 'OrderCreated', data: order(), type: 'order-placed' },
  { name: 'OrderCreated', data: order({ flashSaleId: 'sale1' }), type: 'flash-sale-won' },
  { name: 'OrderPaid', data: order({ status: 'PAID' }), type: 'order-paid' },
  { name: 'OrderShipped', data: order({ status: 'SHIPPED' }), type: 'order-shipped' },
  { name: 'OrderShipped', data: order({ status: 'SHIPPED', carrier: null, trackingCode: null }), type: 'order-shipped' },
  { name: 'OrderOutForDelivery', data: { orderId: ORDER, customerId: 'c1', carrier: 'Correios', trackingCode: 'AA123456789BR' }, type: 'order-out-for-delivery' },
  { name: 'OrderDelivered', data: order({ status: 'DELIVERED' }), type: 'order-delivered' },
  { name: 'OrderCancelled', data: order({ status: 'CANCELLED', previousStatus: 'PAID' }), type: 'order-cancelled' },
  { name: 'OrderCancelled', data: order({ status: 'CANCELLED', previousStatus: 'PENDING_PAYMENT' }), type: 'order-cancelled' },
  { name: 'OrderExpired', data: order({ status: 'EXPIRED' }), type: 'order-expired' },
  { name: 'PaymentCreated', data: payment(), type: 'pix-charge' },
  { name: 'PaymentFailed', data: payment({ method: 'card', status: 'DECLINED', pix: null }), type: 'card-declined' },
  { name: 'PaymentRefunded', data: payment({ status: 'REFUNDED' }), type: 'refund-issued' },
  { name: 'PaymentRefunded', data: payment({ method: 'card', status: 'REFUNDED', pix: null }), type: 'refund-issued' },
  { name: 'PixPaymentExpiring', data: payment(), type: 'pix-expiring' },
  { name: 'PasswordChanged', data: { userId: 'c1', changedAt: '2026-11-27T13:30:00.000Z', via: 'reset' }, type: 'password-changed' },
  { name: 'VariantLowOnStock', data: { sku: 'IPH-15-128-PRETO', productId: 'p1', productName: `iPhone 15 ${LONG}`, stock: 2, threshold: 5 }, type: 'variant-low-stock' },
  {
    name: 'FlashSaleWindowUnsold', type: 'flash-window-unsold',
    data: {
      saleId: 's1', windowId: 's1@2026-11-27T15:00:00.000Z', sku: 'IPH-15-128-PRETO', productName: `iPhone 15 ${LONG}`, startsAt: '2026-11-27T15:00:00.000Z',
      endsAt: '2026-11-27T16:00:00.000Z', windowUnits: 100, unsoldUnits: 37, claimedUnits: 63,
    },
  },
  {
    name: 'WebhookEndpointDisabled', type: 'webhook-endpoint-disabled',
    data: { endpointId: '01ENDPOINT', url: `https://erp.example.com/hooks/${LONG}`, description: `ERP ${LONG}`, failingSince: '2026-11-26T13:00:00.000Z', disabledAt: '2026-11-27T13:30:00.000Z' },
  },
  {
    name: 'CollectionRunNeedsAttention', type: 'collection-run-attention',
    data: {
      sourceId: '01SOURCE', runId: '01RUN', status: 'PARTIAL', reason: 'error-rate', pagesPlanned: 10, pagesFetched: 7, failed: 3, productsFound: 6,
      errorRate: 0.3, finishedAt: '2026-11-27T13:30:00.000Z', errors: [{ url: 'https://loja.example/p/9', reason: 'timeout: no complete answer within 15000 ms' }],
    },
  },
];

const recipient = (changes: Partial<Recipient> = {}): Recipient => ({
  userId: 'c1', name: `Maria<script>alert(1)</script> ${LONG}`, email: 'ana@example.com', phone: '+5511987654321',
  preferences: { email: { orders: true, marketing: false }, sms: { orders: true } }, ...changes,
});

describe('GSM-7', () => {
  it('tells the alphabet (and its two-septet extension) from what is not in it', () => {
    expect(isGsm7('Olá')).toBe(false);
    expect(isGsm7('Você é ótimo')).toBe(false);
    expect(isGsm7('Pedido é pago: R$ 10,00 [ok] €')).toBe(true);
    expect(gsm7Length('a€[')).toBe(5);
  });

  it('writes Portuguese without the accents the alphabet lacks, keeping those it has, so words keep their meaning', () => {
    expect(toGsm7('não')).toBe('nao');
    expect(toGsm7('Ninguém está em São Paulo às três')).toBe('Ninguém esta em Sao Paulo às tres');
    expect(toGsm7('É você? Preço, ação, pôr, avó')).toBe('É voce? Preco, acao, por, avo');
    expect(toGsm7('“Oferta” – 5× • 1º lugar…')).toBe('"Oferta" - 5x - 1o lugar...');
    expect(toGsm7('Ünïcode 😀')).toBe('Ünicode ?');
    for (const text of ['não', 'ação', 'coração', 'Conceição', 'você']) expect(isGsm7(toGsm7(text))).toBe(true);
  });

  it('refuses an SMS over 160 septets (a template bug), and clamps values with a visible cut', () => {
    expect(() => smsText('x'.repeat(161))).toThrow(/over 160/);
    expect(() => smsText(`${'x'.repeat(159)}€`)).toThrow();
    expect(clamp('Transportadora', 10)).toBe('Transpo...');
    expect(clamp('Correios', 10)).toBe('Correios');
  });
});

describe('templates', () => {
  it('cover every event the notifier consumes', () => {
    expect(new Set(EVENTS.map((e) => e.name))).toEqual(new Set(NOTIFIED_EVENTS));
  });

  it.each(EVENTS.map((e) => [e.type, e] as const))('%s: an SMS within 160 GSM-7 characters, an email with HTML and plain text', (_type, event) => {
    const message = messageFor(event.name, event.data);
    expect(message?.template.type).toBe(event.type);
    const [email, sms] = compose(message as NonNullable<typeof message>, recipient()) as [Extract<OutgoingMessage, { channel: 'email' }>, Extract<OutgoingMessage, { channel: 'sms' }>];
    expect(sms.channel).toBe('sms');
    expect(isGsm7(sms.text)).toBe(true);
    expect(gsm7Length(sms.text)).toBeLessThanOrEqual(SMS_LIMIT);
    expect(sms.text).toMatch(/^Big E-Commerce: /);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.html).toMatch(/^<!doctype html><html lang="pt-BR">/);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).not.toMatch(/<\/?(p|ul|li|a|pre|div|html)\b/);
    expect(email.text).toContain('Olá, Maria<script>alert(1)</script>!');
  });

  it('puts the Pix copia-e-cola code and its deadline in the email, and points the SMS to it', () => {
    const message = messageFor('PaymentCreated', payment());
    const [email, sms] = compose(message as NonNullable<typeof message>, recipient());
    expect(email.text).toContain(payment().pix?.copyPaste);
    expect(email.text).toContain('Pague até 27/11 10:30');
    expect(sms.text).toContain('Pague até 27/11 10:30');
    expect(sms.text).toContain('e-mail');
  });

  it('shows the approximate taxes (Lei 12.741/2012) and the delivery promise in the order emails, and nothing when the order has none', () => {
    const taxed = order({ taxes: { federalCents: 26_899, stateCents: 35_998, totalCents: 62_897 }, estimatedDeliveryDate: '2026-12-08' });
    const placed = messageFor('OrderCreated', taxed);
    const [email] = compose(placed as NonNullable<typeof placed>, recipient());
    expect(email.text).toContain('Valor aproximado dos tributos: R$ 628,97 (federais R$ 268,99, estaduais R$ 359,98). Fonte: IBPT.');
    expect(email.text).toContain('Previsão de entrega: até 08/12/2026');
    const paid = messageFor('OrderPaid', { ...taxed, status: 'PAID' });
    expect(compose(paid as NonNullable<typeof paid>, recipient())[0].text).toContain('Valor aproximado dos tributos: R$ 628,97');
    const untaxed = messageFor('OrderCreated', order());
    const [plain] = compose(untaxed as NonNullable<typeof untaxed>, recipient());
    expect(plain.text).not.toContain('tributos');
    expect(plain.text).not.toContain('Previsão de entrega');
  });

  it('links the carrier\'s tracking page when it knows the carrier', () => {
    const message = messageFor('OrderShipped', order({ status: 'SHIPPED', carrier: 'Correios', trackingCode: 'AA123456789BR' }));
    const [email, sms] = compose(message as NonNullable<typeof message>, recipient());
    expect(email.text).toContain('https://rastreamento.correios.com.br/app/index.php?objeto=AA123456789BR');
    expect(sms.text).toBe(`Big E-Commerce: pedido ${ORDER.slice(-8)} enviado pela Correios. Rastreio: AA123456789BR.`);
    expect(trackingUrl('Desconhecida', 'X')).toBeNull();
    expect(brl(123_456)).toBe('R$ 1.234,56');
    expect(brl(5)).toBe('R$ 0,05');
  });

  it('is no message for a card payment created or a Pix payment failing', () => {
    expect(messageFor('PaymentCreated', payment({ method: 'card', pix: null }))).toBeUndefined();
    expect(messageFor('PaymentFailed', payment({ status: 'DECLINED' }))).toBeUndefined();
  });
});

describe('notify()', () => {
  const paid = { name: 'OrderPaid' as const, id: `${ORDER}:PAID`, data: order({ status: 'PAID' }) };
  const fakes = (who: Recipient | undefined, send: (key: string, m: OutgoingMessage) => Promise<boolean> = async () => true) => {
    const keys: string[] = [];
    return {
      keys,
      deps: {
        recipients: { recipient: async () => who },
        sender: { sendOnce: async (key: string, m: OutgoingMessage) => { keys.push(key); return send(key, m); } },
        admins: { adminIds: async () => [] },
      },
    };
  };

  it('sends the email always and the SMS only when opted in with a phone, one dedupe key per event and channel', async () => {
    const optedIn = fakes(recipient());
    expect(await notify(optedIn.deps, paid)).toEqual({ sent: ['email', 'sms'] });
    expect(optedIn.keys).toEqual([`${ORDER}:PAID#email`, `${ORDER}:PAID#sms`]);
    expect((await notify(fakes(recipient({ preferences: DEFAULT_PREFERENCES })).deps, paid)).sent).toEqual(['email']);
    expect((await notify(fakes(recipient({ phone: null })).deps, paid)).sent).toEqual(['email']);
    expect(await notify(fakes(undefined).deps, paid)).toEqual({ sent: [], skipped: 'no-profile' });
  });

  it('reports nothing sent for channels already sent, and tries every channel before throwing a failure', async () => {
    expect((await notify(fakes(recipient(), async () => false).deps, paid)).sent).toEqual([]);
    const attempted: string[] = [];
    const failing = fakes(recipient(), async (key) => {
      attempted.push(key);
      if (key.endsWith('#email')) throw new Error('Throttling');
      return true;
    });
    await expect(notify(failing.deps, paid)).rejects.toThrow('Throttling');
    expect(attempted.sort()).toEqual([`${ORDER}:PAID#email`, `${ORDER}:PAID#sms`]);
  });
});

describe('notify() to the admins', () => {
  const attention = EVENTS.find((e) => e.name === 'CollectionRunNeedsAttention') as (typeof EVENTS)[number];
  const event = { name: 'CollectionRunNeedsAttention' as const, id: 'collection-run:01RUN:attention', data: attention.data as DomainEventData<'CollectionRunNeedsAttention'> };

  it('e-mails every admin in pt-BR, once per admin and channel, and nobody when there is no admin', async () => {
    const sent: OutgoingMessage[] = [];
    const keys: string[] = [];
    const profiles: Record<string, Recipient> = {
      a1: recipient({ userId: 'a1', email: 'ana@loja.example', phone: null }),
      a2: recipient({ userId: 'a2', email: 'bia@loja.example', preferences: DEFAULT_PREFERENCES }),
    };
    const deps = {
      recipients: { recipient: async (id: string) => profiles[id] },
      sender: { sendOnce: async (key: string, m: OutgoingMessage) => { keys.push(key); sent.push(m); return true; } },
      admins: { adminIds: async () => ['a1', 'a2', 'gone'] },
    };
    expect(await notify(deps, event)).toEqual({ sent: ['email'] });
    expect(keys.sort()).toEqual(['collection-run:01RUN:attention#email#a1', 'collection-run:01RUN:attention#email#a2']);
    const email = sent[0] as Extract<OutgoingMessage, { channel: 'email' }>;
    expect(email.subject).toBe('Coleta de produtos com problema: muitas páginas falharam');
    expect(email.text).toContain('Páginas com erro: 3 (30%)');
    expect(email.text).toContain('https://loja.example/p/9: timeout');
    expect(await notify({ ...deps, admins: { adminIds: async () => [] } }, event)).toEqual({ sent: [], skipped: 'no-profile' });
  });
});

describe('putPreferences()', () => {
  it('refuses SMS without a phone on the profile (400), stores otherwise', async () => {
    const stored: unknown[] = [];
    const deps = (phone: string | null) => ({
      preferences: { get: async () => DEFAULT_PREFERENCES, put: async (_u: string, p: unknown) => { stored.push(p); } },
      recipients: { recipient: async () => recipient({ phone }) },
    });
    const sms = { email: { orders: true as const, marketing: false }, sms: { orders: true } };
    await expect(putPreferences(deps(null), 'c1', sms)).rejects.toBeInstanceOf(ValidationError);
    expect(stored).toEqual([]);
    expect(await putPreferences(deps('+5511987654321'), 'c1', sms)).toEqual(sms);
    expect(stored).toEqual([sms]);
  });
});

describe('remindExpiringPix()', () => {
  const pending = (changes: Partial<PaymentRecord> = {}): PaymentRecord => ({
    paymentId: 'pay1', orderId: 'o1', customerId: 'c1', provider: 'sandbox' as PaymentRecord['provider'], providerPaymentId: 'x', method: 'pix',
    status: 'PENDING', amountCents: 100, installments: null, declineReason: null, note: null, card: null,
    pix: { copyPaste: '000201', qrCodePng: '', expiresAt: '2026-11-27T13:30:00.000Z' }, createdAt: '', updatedAt: '', ...changes,
  });
  const ports = (payments: PaymentRecord[], publish: (events: DomainEvent[]) => Promise<void>) => {
    const claimed = new Set<string>();
    const windows: string[][] = [];
    return {
      claimed,
      windows,
      ports: {
        ordersDueBetween: async (from: string, to: string) => { windows.push([from, to]); return ['o1']; },
        paymentsOf: async () => payments,
        claimReminder: async (p: PaymentRecord) => !claimed.has(p.paymentId) && Boolean(claimed.add(p.paymentId)),
        releaseReminder: async (p: PaymentRecord) => { claimed.delete(p.paymentId); },
        publish,
      },
    };
  };
  const now = new Date('2026-11-27T13:26:00.000Z');

  it('publishes one PixPaymentExpiring per pending Pix charge of the orders due within 5 minutes, once', async () => {
    const published: DomainEvent[] = [];
    const fake = ports([pending(), pending({ paymentId: 'card', method: 'card', pix: null }), pending({ paymentId: 'paid', status: 'APPROVED' })], async (e) => { published.push(...e); });
    expect(await remindExpiringPix(fake.ports, now)).toEqual({ reminded: 1, failed: [] });
    expect(await remindExpiringPix(fake.ports, now)).toEqual({ reminded: 0, failed: [] });
    expect(fake.windows[0]).toEqual(['2026-11-27T13:26:00.000Z', '2026-11-27T13:31:00.000Z']);
    expect(published).toEqual([expect.objectContaining({ name: 'PixPaymentExpiring', id: 'pay1:PIX_EXPIRING', data: expect.objectContaining({ pix: { copyPaste: '000201', expiresAt: '2026-11-27T13:30:00.000Z' } }) })]);
  });

  it('releases the claim when the publish fails, so the next run sends it', async () => {
    let down = true;
    const fake = ports([pending()], async () => { if (down) throw new Error('bus down'); });
    expect(await remindExpiringPix(fake.ports, now)).toEqual({ reminded: 0, failed: ['pay1'] });
    expect(fake.claimed.size).toBe(0);
    down = false;
    expect(await remindExpiringPix(fake.ports, now)).toEqual({ reminded: 1, failed: [] });
  });
});
