import type { UserRepository } from '#domain/identity/ports.js';
import { toProfileView } from '#domain/identity/use-cases.js';
import type { NotificationPreferences } from '#domain/notifications/preferences.js';
import { toOrderView } from '#domain/orders/orders.js';
import type { OrderRecord } from '#domain/orders/ports.js';
import { paymentView, type PaymentRecord } from '#domain/payments/records.js';
import { NotFoundError } from '#shared/errors.js';
import type { CustomerDataExport } from './schemas.js';

type Page<T> = { items: T[]; nextCursor: string | null };

/** What the export reads: every store of the customer's data, each through its own port. */
export interface ExportDeps {
  users: Pick<UserRepository, 'getProfile' | 'listAddresses'>;
  preferences: { get(userId: string): Promise<NotificationPreferences> };
  orders: { listByCustomer(userId: string, limit: number, cursor?: string): Promise<Page<OrderRecord>> };
  payments: { listForOrder(orderId: string): Promise<PaymentRecord[]> };
  now: () => Date;
}

/** Every page of a cursor-paginated list. */
async function all<T>(page: (limit: number, cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(100, cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The caller's data as one document (GET /me/export); only what belongs to `userId`, read by key. */
export async function exportCustomerData(deps: ExportDeps, caller: { userId: string; isAdmin: boolean }): Promise<CustomerDataExport> {
  const profile = await deps.users.getProfile(caller.userId);
  if (!profile) throw new NotFoundError('Profile');
  const [addresses, notificationPreferences, orders] = await Promise.all([
    all((limit, cursor) => deps.users.listAddresses(caller.userId, limit, cursor)),
    deps.preferences.get(caller.userId),
    all((limit, cursor) => deps.orders.listByCustomer(caller.userId, limit, cursor)),
  ]);
  const withPayments = await Promise.all(orders.map(async (order) => ({
    ...toOrderView(order),
    payments: (await deps.payments.listForOrder(order.id)).map(paymentView),
  })));
  return {
    exportedAt: deps.now().toISOString(), profile: toProfileView(profile, caller.isAdmin), addresses, notificationPreferences, orders: withPayments,
  };
}
