import * as z from 'zod';

export const CreatePaymentBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pix') }),
  z.object({
    method: z.literal('card'),
    cardToken: z.string().min(1).max(200),
    installments: z.number().int().min(1, { message: 'installments must be 1 to 12' }).max(12, { message: 'installments must be 1 to 12' }).default(1),
    /** From the gateway's card form, next to the token (Mercado Pago: `payment_method_id`, `issuer_id`). */
    paymentMethodId: z.string().min(1).max(40).optional(),
    issuerId: z.string().min(1).max(40).optional(),
  }),
], { message: 'method must be "pix" or "card"' });

export const PaymentStarted = z.object({
  paymentId: z.string(),
  method: z.enum(['pix', 'card']),
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED']),
  amountCents: z.number().int(),
  installments: z.number().int().optional(),
  declineReason: z.string().optional(),
  pix: z.object({ copyPaste: z.string(), qrCodePng: z.string().describe('base64 PNG'), expiresAt: z.string() }).optional(),
});

export const PaymentView = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  provider: z.string(),
  method: z.enum(['pix', 'card']),
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'REFUNDED', 'REFUND_PENDING', 'CANCELLED']),
  amountCents: z.number().int(),
  installments: z.number().int().nullable(),
  declineReason: z.string().nullable(),
  card: z.object({ brand: z.string(), lastFour: z.string() }).nullable(),
  pix: z.object({ copyPaste: z.string(), expiresAt: z.string() }).nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const PaymentList = z.object({ items: z.array(PaymentView) });

export const ProviderParams = z.object({ provider: z.enum(['sandbox', 'mercadopago']) });

/** Providers send more than this; only the shape is checked, the content is re-fetched. */
export const WebhookBody = z.looseObject({});

export const WebhookAck = z.object({ received: z.literal(true), outcome: z.string() });
