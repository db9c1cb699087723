import type { OrderRecord } from '#domain/orders/ports.js';
import type { ProviderName } from './ports.js';

export type PaymentStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'REFUNDED' | 'REFUND_PENDING' | 'CANCELLED';

/** What customers and admins see of a payment: no customer id, no provider id, no QR image (the copy-paste code stays). */
export function paymentView({ customerId: _c, providerPaymentId: _p, pix, ...rest }: PaymentRecord) {
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
}

export interface PaymentRepository {
  create(payment: PaymentRecord): Promise<void>;
  listForOrder(orderId: string): Promise<PaymentRecord[]>;
  findByProviderId(provider: ProviderName, providerPaymentId: string): Promise<PaymentRecord | undefined>;
  /** PENDING → final status with a condition on the current status; false if it was not `from`. */
  setStatus(payment: PaymentRecord, from: PaymentStatus, to: PaymentStatus, changes: { note?: string; declineReason?: string | null; at: string }): Promise<boolean>;
  /**
   * In one transaction: the order PENDING_PAYMENT → PAID (only before its deadline) and the
   * payment PENDING → APPROVED. 'order-not-payable' when the order moved on or its deadline
   * passed; 'payment-not-pending' when this payment was already handled.
   */
  confirm(order: OrderRecord, payment: PaymentRecord, at: string, entry: { status: 'PAID'; at: string; description: string }, correlationId: string):
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
