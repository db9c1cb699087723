/**
 * Low-stock alerts reach the admins (issue 14): a variant's stock falling to the threshold is a
 * VariantLowOnStock event from the outbox (the variant's stream record), which the notifications
 * queue turns into one pt-BR e-mail per admin; a change that stays above the threshold, or below
 * it, sends nothing more.
 */
import { adminToken, api, eventually, type OutboxMessage } from '../helpers/api.js';
import { stockedSku } from '../helpers/shop.js';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const alertsAbout = async (sku: string): Promise<OutboxMessage[]> =>
  ((await api('GET', `/_local/outbox?type=variant-low-stock&to=${encodeURIComponent(process.env.ADMIN_EMAIL ?? '')}`)).body.items as OutboxMessage[])
    .filter((m) => m.body.includes(sku));

const setStock = async (productId: string, sku: string, stock: number) =>
  expect((await api('PUT', `/products/${productId}/variants/${encodeURIComponent(sku)}/stock`, { token: admin, body: { stock } })).status).toBe(200);

it('e-mails the admin once when a SKU falls to the low-stock threshold, not for changes above or below it', async () => {
  const { sku, productId } = await stockedSku(admin, 20, 12_990);
  await setStock(productId, sku, 12);
  await setStock(productId, sku, 3);
  const [mail] = await eventually(async () => {
    const found = await alertsAbout(sku);
    return found.length ? found : undefined;
  }, 60_000, 500);
  expect(mail.subject).toMatch(new RegExp(`^Estoque baixo: .+ \\(${sku}\\)$`));
  expect(mail.body).toContain(`está com 3 unidades em estoque (o alerta é de 5 unidades ou menos)`);
  await setStock(productId, sku, 2);
  // Back above and down again: a new crossing, a new e-mail.
  await setStock(productId, sku, 30);
  await setStock(productId, sku, 0);
  const both = await eventually(async () => {
    const found = await alertsAbout(sku);
    return found.length >= 2 ? found : undefined;
  }, 60_000, 500);
  expect(both.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^Estoque baixo:/), expect.stringMatching(/^Estoque esgotado:/)]));
  // The variant's stream records are processed in order: the change to 2 (no crossing) came before the
  // e-mail about 0 and sent nothing, nor did the change to 30.
  expect(both).toHaveLength(2);
});
