import type { OrderRecord } from '#domain/orders/ports.js';
import type { ProviderName } from './ports.js';

export type PaymentStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'REFUNDED' | 'REFUND_PENDING' | 'CANCELLED';

/** What customers and admins see of a payment: no customer id, no provider id, no QR image (the copy-paste code stays); `approvedAt` is for the reports. */
export function paymentView({ customerId: _c, providerPaymentId: _p, approvedAt: _a, pix, ...rest }: PaymentRecord) {
  return { ...rest, pix: pix ? { copyPaste: pix.copyPaste, expiresAt: pix.expiresAt } : null };
}

/** Where a payment sits in the unsettled-payments order (oldest first). */
export const unsettledSortKey = (payment: Pick<PaymentRecord, 'createdAt' | 'paymentId'>): string => `${payment.createdAt}#${payment.paymentId}`;

/** Our record of one payment attempt. */
export interface PaymentRecord {
  paymentId: string;
  orderId: string;
  customerId: string;
  provider: ProviderName;
  providerPaymentId: string;
  method: 'pix' | 'card';
  status: PaymentStatus;
  amountCents: number;
  installments: number | null;
  declineReason: string | null;
  pix: { copyPaste: string; qrCodePng: string; expiresAt: string } | null;
  card: { brand: string; lastFour: string } | null;
  /** Why money was returned without the customer asking (late or duplicate payment). */
  note: string | null;
  createdAt: string;
  updatedAt: string;
  /** When it became APPROVED (it paid its order: a sale), kept through a later refund; absent on records older than this field. */
  approvedAt?: string;
}

/**
 * The order's payment-attempt slot: at most one attempt talks to the provider at a time
 * (`CHARGING`, held until `lockedUntilMs` in case its holder crashed), and at most one stays
 * pending there afterwards (`LIVE`: a Pix charge awaiting the payer, a card in review), which the
 * next attempt replaces.
 */
export interface AttemptSlot {
  paymentId: string;
  phase: 'CHARGING' | 'LIVE';
  lockedUntilMs: number | null;
}

export interface PaymentRepository {
  /**
   * Takes the order's slot for a new attempt (conditional write): free, LIVE (replaced: returned
   * in `previous`) or a CHARGING one whose lock expired. `taken: false` while another attempt is charging.
   */
  takeAttemptSlot(orderId: string, slot: { paymentId: string; lockedUntilMs: number; nowMs: number }):
    Promise<{ taken: true; previous: AttemptSlot | null } | { taken: false }>;
  /** The holder's attempt stays pending at the provider: the slot becomes LIVE. False when the slot is no longer this attempt's. */
  markAttemptLive(orderId: string, paymentId: string): Promise<boolean>;
  /** The holder gives the slot back as it found it (`previous`, or free); a no-op when it is no longer this attempt's. */
  releaseAttemptSlot(orderId: string, paymentId: string, previous: AttemptSlot | null): Promise<void>;

  create(payment: PaymentRecord): Promise<void>;
  listForOrder(orderId: string): Promise<PaymentRecord[]>;
  findByProviderId(provider: ProviderName, providerPaymentId: string): Promise<PaymentRecord | undefined>;
  /** PENDING → final status with a condition on the current status; false if it was not `from`. */
  setStatus(payment: PaymentRecord, from: PaymentStatus, to: PaymentStatus, changes: { note?: string; declineReason?: string | null; at: string }): Promise<boolean>;
  /**
   * In one transaction: the order PENDING_PAYMENT → PAID (only if its deadline is later than
   * `deadlineAfter`: when the payer paid, less the grace) and the payment PENDING → APPROVED.
   * 'order-not-payable' when the order moved on or was paid too late; 'payment-not-pending' when
   * this payment was already handled.
   */
  confirm(order: OrderRecord, payment: PaymentRecord, times: { at: string; deadlineAfter: string }, entry: { status: 'PAID'; at: string; description: string }, correlationId: string):
    Promise<'confirmed' | 'order-not-payable' | 'payment-not-pending'>;
  /**
   * Payments still PENDING (or REFUND_PENDING) created before `before`, oldest first, for
   * reconciliation; `after` (a previous page's last `unsettledSortKey`) continues past that page.
   */
  unsettled(before: string, limit: number, after?: string): Promise<PaymentRecord[]>;
  /** Records a webhook delivery id; false when it was seen already. */
  markDelivery(provider: ProviderName, deliveryId: string): Promise<boolean>;
  seenDelivery(provider: ProviderName, deliveryId: string): Promise<boolean>;
}
