/**
 * A small client of the API compiled against the generated client types (web/src/api/schema.d.ts,
 * `npm run web:client`), beyond the drift test (test/unit/web-client.test.ts, which only says the file
 * is fresh): `npm run typecheck` (CI) compiles it, so a contract change that breaks a consumer (a
 * renamed or retyped field, a route or method gone, money no longer integer cents, the error
 * envelope changed) fails the build here, in a few typed calls, before the storefront meets it.
 * Never run; only compiled.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../web/src/api/schema.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const expectType = <T extends true>(_proof: T): void => undefined;

const api = createClient<paths>({ baseUrl: 'https://api.example.com' });

export async function browseAndBuy(accessToken: string, addressId: string): Promise<number> {
  const search = await api.GET('/products', { params: { query: { q: 'café', sort: 'price' } } });
  if (!search.data) throw new Error(search.error.error.code);
  const product = search.data.items[0];
  const variant = product.variants[0];
  expectType<Equals<typeof variant.priceCents, number>>(true);
  expectType<Equals<typeof variant.sku, string>>(true);

  const auth = { headers: { authorization: `Bearer ${accessToken}` } };
  const cart = await api.POST('/cart', { ...auth, body: { sku: variant.sku, quantity: 1 } });
  if (cart.error) throw new Error(cart.error.error.message);

  const order = await api.POST('/orders', { ...auth, body: { addressId } });
  if (!order.data) throw new Error(order.error.error.code);
  expectType<Equals<typeof order.data.totalCents, number>>(true);
  expectType<Equals<typeof order.data.status, 'PENDING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'EXPIRED'>>(true);

  const payment = await api.POST('/orders/{id}/payments', { ...auth, params: { path: { id: order.data.id } }, body: { method: 'pix' } });
  if (!payment.data) throw new Error(payment.error.error.code);
  return order.data.totalCents;
}

/** Every error answer has the one envelope of the contract (API.md): `{error: {code, message, details}}`. */
type ApiError = components['schemas']['Error'];
expectType<Equals<ApiError['error']['code'], string>>(true);
expectType<Equals<ApiError['error']['message'], string>>(true);
