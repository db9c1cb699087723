/**
 * The payment gateway port. Two adapters: `sandbox` (local stack and tests; same webhook
 * signature scheme as Mercado Pago) and `mercadopago` (production). Which one runs is config
 * (PAYMENT_PROVIDER). Amounts are integer cents; adapters convert to the provider's format.
 */
export type ProviderName = 'sandbox' | 'mercadopago';

/** The provider's view of a payment, normalised. */
export type ProviderStatus = 'pending' | 'approved' | 'declined' | 'refunded' | 'cancelled';

export interface ProviderPayment {
  providerPaymentId: string;
  status: ProviderStatus;
  method: 'pix' | 'card';
  amountCents: number;
  /** Our order id, sent to the provider as the external reference. */
  orderId: string;
  /** Our payment id, sent as metadata. */
  paymentId: string;
  /** Human-readable reason when declined (English). */
  declineReason: string | null;
  /** Card brand and last four digits, when the provider tells them (never the number). */
  card: { brand: string; lastFour: string } | null;
  /** When the payer paid, by the provider's clock (ISO); null until approved. The deadline is judged by this. */
  approvedAt: string | null;
}

export interface PixCharge extends ProviderPayment {
  pix: {
    /** EMV BR Code ("copia e cola"). */
    copyPaste: string;
    /** ISO time after which the charge cannot be paid. */
    expiresAt: string;
  };
}

export interface CreatePixInput {
  orderId: string;
  paymentId: string;
  amountCents: number;
  description: string;
  payerEmail: string;
  expiresAt: string;
  /** Sent as the provider's idempotency key: a retried create never charges twice. */
  idempotencyKey: string;
}

export interface CreateCardInput {
  orderId: string;
  paymentId: string;
  amountCents: number;
  description: string;
  payerEmail: string;
  cardToken: string;
  installments: number;
  idempotencyKey: string;
  /** The card form's payment method (e.g. `master`, `debelo`); Mercado Pago needs it, the sandbox ignores it. */
  paymentMethodId?: string;
  issuerId?: string;
}

/** What a verified webhook delivery is about. */
export interface WebhookNotice {
  /** The provider's id for this delivery (deduplication key). */
  deliveryId: string;
  providerPaymentId: string;
}

export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  body: unknown;
}

export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

/** Provider said the input itself is wrong (bad token, expired card...): a 4xx for the caller. */
export class PaymentRejectedError extends Error {
  override readonly name = 'PaymentRejectedError';
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createPix(input: CreatePixInput): Promise<PixCharge>;
  createCard(input: CreateCardInput): Promise<ProviderPayment>;
  /** The provider's current truth about a payment (used before trusting any notification). */
  getPayment(providerPaymentId: string): Promise<ProviderPayment>;
  refund(providerPaymentId: string, amountCents: number, idempotencyKey: string): Promise<{ refundId: string; status: 'approved' | 'pending' }>;
  /**
   * Cancels a payment still pending at the provider (a replaced Pix charge, one left unpaid after the
   * deadline), so it can no longer be paid. Returns the provider's truth afterwards: `cancelled`, or
   * what it already was when it could not be cancelled any more (e.g. `approved`: the payer was faster).
   */
  cancel(providerPaymentId: string): Promise<ProviderPayment>;
  /**
   * Checks a webhook delivery's signature and freshness (older than 5 minutes is stale).
   * Throws WebhookSignatureError when it is forged or stale.
   */
  verifyWebhook(request: WebhookRequest, nowMs: number): WebhookNotice;
}
