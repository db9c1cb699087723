import * as z from '#shared/zod.js';

export const CreatePaymentBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pix') }),
  z.object({
    method: z.literal('card'),
    cardToken: z.string().check(z.minLength(1), z.maxLength(200)),
    installments: z._default(z.number().check(z.int(), z.gte(1, { message: 'installments must be 1 to 12' }), z.lte(12, { message: 'installments must be 1 to 12' })), 1),
    /** From the gateway's card form, next to the token (Mercado Pago: `payment_method_id`, `issuer_id`). */
    paymentMethodId: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
    issuerId: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  }),
], { message: 'method must be "pix" or "card"' });

export const PaymentStarted = z.object({
  paymentId: z.string(),
  method: z.enum(['pix', 'card']),
  /** The attempt's real status: a card approval refunded at once (the order could not take it) says so, never PENDING. */
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'REFUNDED', 'REFUND_PENDING', 'CANCELLED']),
  amountCents: z.number().check(z.int(), z.gte(0)),
  installments: z.optional(z.number().check(z.int())),
  declineReason: z.optional(z.string()),
  /** Why money was returned (with REFUNDED / REFUND_PENDING). */
  note: z.optional(z.string()),
  pix: z.optional(z.object({ copyPaste: z.string(), qrCodePng: z.string().check(z.describe('base64 PNG')), expiresAt: z.string() })),
});

export const PaymentView = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  provider: z.string(),
  method: z.enum(['pix', 'card']),
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'REFUNDED', 'REFUND_PENDING', 'CANCELLED']),
  amountCents: z.number().check(z.int(), z.gte(0)),
  installments: z.nullable(z.number().check(z.int())),
  declineReason: z.nullable(z.string()),
  card: z.nullable(z.object({ brand: z.string(), lastFour: z.string() })),
  pix: z.nullable(z.object({ copyPaste: z.string(), expiresAt: z.string() })),
  note: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const PaymentList = z.object({ items: z.array(PaymentView) });

export const RefundParams = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  paymentId: z.string().check(z.minLength(1), z.maxLength(64)),
});

export const ProviderParams = z.object({ provider: z.enum(['sandbox', 'mercadopago']) });

/** Providers send more than this; only the shape is checked, the content is re-fetched. */
export const WebhookBody = z.looseObject({});

export const WebhookAck = z.object({ received: z.literal(true), outcome: z.string() });
