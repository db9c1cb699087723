/**
 * The Pix reminder: a schedule finds unpaid orders whose payment deadline falls within the next
 * PIX_REMINDER_LEAD_MINUTES (the orders' deadline index, no Scan), and for each PENDING Pix charge of
 * such an order publishes one PixPaymentExpiring event, which the notifications queue turns into the
 * message. At most once per payment: a marker is claimed (`attribute_not_exists`) before publishing and
 * released if the publish fails, so the next run tries again; the event id `<paymentId>:PIX_EXPIRING`
 * also makes the notifier send it once if it were published twice.
 */
import type { DomainEvent } from '#domain/events.js';
import { paymentFact } from '#domain/outbox.js';
import type { PaymentRecord } from '#domain/payments/records.js';

export const PIX_REMINDER_LEAD_MINUTES = 5;

export interface PixReminderPorts {
  /** Ids of the orders still waiting for payment whose deadline is in (from, to]. */
  ordersDueBetween(from: string, to: string): Promise<string[]>;
  paymentsOf(orderId: string): Promise<PaymentRecord[]>;
  /** Claims the reminder of a payment; false when it was claimed already. */
  claimReminder(payment: PaymentRecord, at: string): Promise<boolean>;
  releaseReminder(payment: PaymentRecord): Promise<void>;
  publish(events: DomainEvent[]): Promise<void>;
}

export async function remindExpiringPix(ports: PixReminderPorts, now: Date): Promise<{ reminded: number; failed: string[] }> {
  const from = now.toISOString();
  const to = new Date(now.getTime() + PIX_REMINDER_LEAD_MINUTES * 60_000).toISOString();
  const orderIds = await ports.ordersDueBetween(from, to);
  let reminded = 0;
  const failed: string[] = [];
  for (const orderId of orderIds) {
    const charges = (await ports.paymentsOf(orderId)).filter((p) => p.method === 'pix' && p.status === 'PENDING' && p.pix && p.pix.expiresAt > from);
    for (const payment of charges) {
      if (!(await ports.claimReminder(payment, from))) continue;
      try {
        await ports.publish([paymentFact('PixPaymentExpiring', payment, from, 'PIX_EXPIRING')]);
        reminded++;
      } catch {
        await ports.releaseReminder(payment);
        failed.push(payment.paymentId);
      }
    }
  }
  return { reminded, failed };
}
