/** Types of the admin routes (from the generated schema) and the console's small helpers around them. */
import { errorOf } from '../api/client';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type SalesReport = Json<paths['/admin/reports/sales']['get']['responses'][200]>;
export type Kpis = Json<paths['/admin/reports/kpis']['get']['responses'][200]>;
export type FlashReport = Json<paths['/admin/reports/flash-sales']['get']['responses'][200]>;
export type OrderList = Json<paths['/admin/orders']['get']['responses'][200]>;
export type AdminOrder = OrderList['items'][number];
export type OrderStatus = AdminOrder['status'];
export type PaymentList = Json<paths['/orders/{id}/payments']['get']['responses'][200]>;
export type Tracking = Json<paths['/orders/{id}/tracking']['get']['responses'][200]>;
export type ShipmentList = Json<paths['/admin/orders/{id}/shipments']['get']['responses'][200]>;
export type Shipment = ShipmentList['items'][number];
export type CouponList = Json<paths['/admin/coupons']['get']['responses'][200]>;
export type Coupon = CouponList['items'][number];
export type CouponInput = paths['/admin/coupons']['post']['requestBody']['content']['application/json'];
export type Product = Json<paths['/products/{id}']['get']['responses'][200]>;
export type ProductList = Json<paths['/products']['get']['responses'][200]>;
export type ProductInput = paths['/products']['post']['requestBody']['content']['application/json'];
export type LowStock = Json<paths['/admin/inventory/low-stock']['get']['responses'][200]>;

export const ORDER_STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED'];

/**
 * What the console shows when the API refuses an action: the API's own message and code (the staff
 * needs the exact reason: a 409 transition, a provider error), or that the API was not reached.
 */
export function refusal(error: unknown): string {
  const apiError = errorOf(error);
  if (!apiError) return 'Não foi possível falar com a API. Verifique a conexão e tente de novo.';
  return `A API recusou: ${apiError.message} (${apiError.code})`;
}

/** Saves text as a file through a temporary object URL (the report is fetched with the admin's token). */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type Category = Json<paths['/categories']['get']['responses'][200]>['items'][number];
export type CategoryInput = paths['/categories']['post']['requestBody']['content']['application/json'];
export type Source = Json<paths['/admin/collection/sources']['get']['responses'][200]>['items'][number];
export type SourceInput = paths['/admin/collection/sources']['post']['requestBody']['content']['application/json'];
export type Run = Json<paths['/admin/collection/sources/{id}/runs']['get']['responses'][200]>['items'][number];
export type CollectedItem = Json<paths['/admin/collection/items']['get']['responses'][200]>['items'][number];
export type WebhookEndpoint = Json<paths['/admin/webhooks']['get']['responses'][200]>['items'][number];
export type WebhookInput = paths['/admin/webhooks']['post']['requestBody']['content']['application/json'];
export type Delivery = Json<paths['/admin/webhooks/{id}/deliveries']['get']['responses'][200]>['items'][number];
export type CustomerSummary = Json<paths['/admin/customers']['get']['responses'][200]>['items'][number];
export type CustomerProfile = Json<paths['/admin/customers/{id}']['get']['responses'][200]>;
export type Admin = Json<paths['/admin/admins']['get']['responses'][200]>['items'][number];
export type AdminChange = Json<paths['/admin/admin-changes']['get']['responses'][200]>['items'][number];

/** An action's answer as the console reports it: the notice on success, the API's refusal otherwise. */
export type Outcome = { ok: true; text: string } | { ok: false; text: string };
export async function attempt(done: string, call: Promise<{ response: Response; error?: unknown }>): Promise<Outcome> {
  const answer = await call.catch(() => undefined);
  return answer?.response.ok ? { ok: true, text: done } : { ok: false, text: refusal(answer?.error) };
}

