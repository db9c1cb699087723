/**
 * The stock alert (docs/reports.md "Alerts"): a sale that takes a variant from above the low-stock
 * threshold to it or under it publishes one VariantLowOnStock; a sale that stays under it, none.
 */
import { adminToken, api, eventually, newCustomer } from '../helpers/api.js';
import { addressOf, fillCart, stockedSku } from '../helpers/shop.js';

it('a variant falling to the low-stock threshold publishes VariantLowOnStock once per crossing', async () => {
  const admin = await adminToken();
  const { sku, productId } = await stockedSku(admin, 8, 1_000);
  const customer = await newCustomer();
  const addressId = await addressOf(customer);
  const buy = async (quantity: number) => {
    await fillCart(customer, [{ sku, quantity }]);
    expect((await api('POST', '/orders', { token: customer.accessToken, body: { addressId } })).status).toBe(201);
  };
  const alerts = async () => ((await api('GET', '/_local/events?type=VariantLowOnStock')).body.items as { detail: { data: { sku: string; stock: number } } }[])
    .filter((e) => e.detail.data.sku === sku);

  await buy(2); // 8 -> 6: above the threshold
  await buy(2); // 6 -> 4: crosses it
  const [alert] = await eventually(async () => ((await alerts()).length ? alerts() : undefined));
  expect(alert.detail.data).toEqual({ sku, productId, productName: expect.any(String), stock: 4, threshold: 5 });
  await buy(1); // 4 -> 3: still under it
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await alerts()).toHaveLength(1);
}, 60_000);
