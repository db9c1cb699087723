import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { conditionalWrite, ddb, tableName } from '#adapters/dynamodb/client.js';
import * as keys from '#adapters/dynamodb/keys.js';
import { buildPixBrCode } from '#domain/payments/brcode.js';
import { validateCardForTokenization } from '#domain/payments/card.js';
import {
  PaymentRejectedError, type PaymentProvider, type ProviderPayment, type ProviderStatus,
} from '#domain/payments/ports.js';
import { clock } from '#shared/clock.js';
import { requireEnv } from '#shared/config.js';
import { signWebhook, verifyWebhookSignature } from './signature.js';

/**
 * The sandbox gateway: behaves like a real one (asynchronous Pix confirmation through a signed
 * webhook, card tokens, declines with reasons, idempotent creates and refunds) with its state in
 * the table under `SANDBOX#...` keys. It signs webhooks exactly as Mercado Pago does, so the same
 * verification code runs for both. Card numbers are never stored: a token keeps brand, last four
 * and the outcome the test card stands for.
 */
const DECLINING_CARDS: Record<string, string> = {
  '4000000000000002': 'Card declined: insufficient funds',
};

interface SandboxPayment extends ProviderPayment {
  pix: { copyPaste: string; expiresAt: string } | null;
  refundIds: string[];
  requestHash: string;
}

const toPayment = (item: Record<string, unknown>): SandboxPayment => item as unknown as SandboxPayment;

function webhookSecret(): string {
  return requireEnv('SANDBOX_WEBHOOK_SECRET');
}

/** The sandbox's payment id for our payment: deterministic, so the local "payer" can find it. */
export const sandboxPaymentId = (paymentId: string) => `sbx_${paymentId}`;

async function createOnce(idempotency: string, requestHash: string, make: () => SandboxPayment): Promise<SandboxPayment> {
  const payment = make();
  const claimed = await conditionalWrite(ddb.send(new PutCommand({
    TableName: tableName,
    Item: { ...keys.sandboxIdempotency(idempotency), entity: 'SandboxIdempotency', providerPaymentId: payment.providerPaymentId, requestHash },
    ConditionExpression: 'attribute_not_exists(PK)',
  })));
  if (!claimed.ok) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.sandboxIdempotency(idempotency), ConsistentRead: true }));
    if (Item?.requestHash !== requestHash) throw new PaymentRejectedError('Idempotency key reused with another request', 'idempotencyKey');
    const existing = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.sandboxPayment(Item.providerPaymentId as string), ConsistentRead: true }));
    if (!existing.Item) throw new Error('Sandbox payment for a used idempotency key is missing');
    return toPayment(existing.Item);
  }
  await ddb.send(new PutCommand({
    TableName: tableName,
    Item: { ...keys.sandboxPayment(payment.providerPaymentId), ...keys.sandboxChargesOfOrder(payment.orderId, payment.providerPaymentId), entity: 'SandboxPayment', ...payment },
  }));
  return payment;
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

export const sandboxProvider: PaymentProvider = {
  name: 'sandbox',

  async createPix(input) {
    const providerPaymentId = sandboxPaymentId(input.paymentId);
    const txid = providerPaymentId.replace(/[^A-Za-z0-9]/g, '').slice(0, 35).padEnd(26, '0');
    const payment = await createOnce(input.idempotencyKey, hash(['pix', input.orderId, input.amountCents]), () => ({
      providerPaymentId,
      status: 'pending',
      method: 'pix',
      amountCents: input.amountCents,
      orderId: input.orderId,
      paymentId: input.paymentId,
      declineReason: null,
      card: null,
      approvedAt: null,
      refundIds: [],
      requestHash: '',
      pix: {
        copyPaste: buildPixBrCode({
          url: `pix.sandbox.bigecommerce.local/qr/v2/${txid}`,
          merchantName: 'Big E-Commerce',
          merchantCity: 'São Paulo',
          amountCents: input.amountCents,
          txid,
        }),
        expiresAt: input.expiresAt,
      },
    }));
    return { ...payment, pix: payment.pix as { copyPaste: string; expiresAt: string } };
  },

  async createCard(input) {
    const { Item: token } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.sandboxCardToken(input.cardToken), ConsistentRead: true }));
    if (!token || (token.expiresAtMs as number) < Date.now()) throw new PaymentRejectedError('Card token is invalid or expired', 'cardToken');
    const declineReason = (token.declineReason as string | null) ?? null;
    return createOnce(input.idempotencyKey, hash(['card', input.orderId, input.amountCents, input.cardToken, input.installments]), () => ({
      providerPaymentId: sandboxPaymentId(input.paymentId),
      status: declineReason ? 'declined' : 'approved',
      method: 'card',
      amountCents: input.amountCents,
      orderId: input.orderId,
      paymentId: input.paymentId,
      declineReason,
      card: { brand: token.brand as string, lastFour: token.lastFour as string },
      approvedAt: declineReason ? null : clock.now().toISOString(),
      refundIds: [],
      requestHash: '',
      pix: null,
    }));
  },

  async getPayment(providerPaymentId) {
    const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.sandboxPayment(providerPaymentId), ConsistentRead: true }));
    if (!Item) throw new Error(`Sandbox has no payment ${providerPaymentId}`);
    const { pix: _pix, refundIds: _refunds, requestHash: _hash, ...payment } = toPayment(Item);
    return { ...payment, approvedAt: payment.approvedAt ?? null };
  },

  async refund(providerPaymentId, _amountCents, key) {
    const refundId = `rf_${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
    const refunded = await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.sandboxPayment(providerPaymentId),
      UpdateExpression: 'SET #status = :refunded, refundIds = list_append(refundIds, :ids)',
      ConditionExpression: '#status = :approved',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':refunded': 'refunded', ':approved': 'approved', ':ids': [refundId] },
    })));
    if (!refunded.ok) {
      const current = await this.getPayment(providerPaymentId);
      // A repeated refund with the same key is answered like the first one.
      if (current.status !== 'refunded') throw new PaymentRejectedError(`Cannot refund a payment that is ${current.status}`, 'payment');
    }
    return { refundId, status: 'approved' as const };
  },

  /** A pending charge becomes `cancelled`; anything else is answered as it is (the payer was faster, or it was settled). */
  async cancel(providerPaymentId) {
    await conditionalWrite(ddb.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.sandboxPayment(providerPaymentId),
      UpdateExpression: 'SET #status = :cancelled',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':pending': 'pending' },
    })));
    return this.getPayment(providerPaymentId);
  },

  verifyWebhook(request, nowMs) {
    const { dataId, requestId } = verifyWebhookSignature({ headers: request.headers, query: request.query, secret: webhookSecret(), nowMs });
    return { deliveryId: requestId, providerPaymentId: dataId };
  },
};

/** Client-side tokenisation of the sandbox (the number is validated, then forgotten). */
export async function sandboxTokenizeCard(card: { number: string; expMonth: number; expYear: number; cvc: string; holder: string }, now: Date) {
  const { brand, lastFour } = validateCardForTokenization(card, now);
  const token = `tok_${ulid().toLowerCase()}`;
  await ddb.send(new PutCommand({
    TableName: tableName,
    Item: {
      ...keys.sandboxCardToken(token), entity: 'SandboxCardToken', brand, lastFour,
      declineReason: DECLINING_CARDS[card.number.replace(/\D/g, '')] ?? null,
      expiresAtMs: Date.now() + 15 * 60_000, expiresAt: Math.floor(Date.now() / 1000) + 24 * 3600,
    },
  }));
  return { cardToken: token, brand, lastFour };
}

/**
 * The payer pays a sandbox Pix charge at `paidAt` (the business clock): the sandbox marks it
 * approved and returns the signed webhook it would deliver (undefined: it holds no such Pix charge). Like money in flight at a real PSP, a
 * charge past its expiry or cancelled a moment ago is still paid (the payer's bank read the QR code
 * before), which exercises the refund of money that backs no order.
 */
export async function sandboxPayPix(paymentId: string, nowMs: number, paidAt: Date): Promise<{ status: ProviderStatus; delivery: { query: Record<string, string>; headers: Record<string, string>; body: unknown } } | undefined> {
  const providerPaymentId = sandboxPaymentId(paymentId);
  // Only a pending (or cancelled: money in flight) Pix charge is approved; paying it again changes nothing.
  await conditionalWrite(ddb.send(new UpdateCommand({
    TableName: tableName,
    Key: keys.sandboxPayment(providerPaymentId),
    UpdateExpression: 'SET #status = :approved, approvedAt = :paidAt',
    ConditionExpression: '#status IN (:pending, :cancelled) AND #method = :pix',
    ExpressionAttributeNames: { '#status': 'status', '#method': 'method' },
    ExpressionAttributeValues: { ':approved': 'approved', ':pending': 'pending', ':cancelled': 'cancelled', ':pix': 'pix', ':paidAt': paidAt.toISOString() },
  })));
  const { Item } = await ddb.send(new GetCommand({ TableName: tableName, Key: keys.sandboxPayment(providerPaymentId), ConsistentRead: true }));
  if (Item?.method !== 'pix') return undefined;
  const payment = toPayment(Item);
  const requestId = ulid();
  return {
    status: payment.status,
    delivery: {
      query: { 'data.id': providerPaymentId, type: 'payment' },
      headers: { ...signWebhook({ dataId: providerPaymentId, requestId, secret: webhookSecret(), nowMs }) },
      body: { action: 'payment.updated', type: 'payment', data: { id: providerPaymentId }, id: requestId },
    },
  };
}

/** Every charge the sandbox holds for one of our orders, as the provider sees them (local stack only). */
export async function sandboxCharges(orderId: string): Promise<Pick<ProviderPayment, 'providerPaymentId' | 'paymentId' | 'method' | 'status' | 'amountCents'>[]> {
  const { Items = [] } = await ddb.send(new QueryCommand({
    TableName: tableName,
    IndexName: keys.GSI1,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.sandboxOrderCharges(orderId) },
  }));
  return Items.map(toPayment).map(({ providerPaymentId, paymentId, method, status, amountCents }) => ({ providerPaymentId, paymentId, method, status, amountCents }));
}
