/**
 * The one way the storefront reaches the API: openapi-fetch over the types generated from the
 * route table's OpenAPI document (schema.d.ts, `npm run web:client`). Same origin by default;
 * the runtime config or `VITE_API_URL` at build time points it at another API (../config.ts).
 *
 * A middleware signs the customer's requests with the in-memory session (auth/session.ts): the
 * access token is refreshed before it expires, and a 401 is retried once after a refresh.
 */
import createClient from 'openapi-fetch';
import { Session } from '../auth/session';
import { apiUrl } from '../config';
import type { components, paths } from './schema';

export const api = createClient<paths>({ baseUrl: apiUrl });

/** Its own client, outside the middleware, so a refresh never waits on itself. */
const refreshClient = createClient<paths>({ baseUrl: apiUrl });

export const session = new Session({
  async refresh(refreshToken) {
    const { data } = await refreshClient.POST('/token/refresh', { body: { refreshToken } });
    return data;
  },
  now: () => Date.now(),
});

/**
 * The routes that act for the signed-in user: the customer's own, the admin routes and the catalog's
 * writes. Catalog reads and the sign-in routes go without a token, so their answers stay cacheable.
 */
const CUSTOMER_PATHS = /^\/(me|cart|orders|logout|flash-sales\/current\/claims|admin)(\/|$)/;
const CATALOG_WRITES = /^\/(products|categories)(\/|$)/;
const signed = (method: string, schemaPath: string) => CUSTOMER_PATHS.test(schemaPath) || (method !== 'GET' && CATALOG_WRITES.test(schemaPath));
const retries = new Map<string, Request>();

api.use({
  async onRequest({ request, schemaPath, id }) {
    if (!signed(request.method, schemaPath)) return undefined;
    const token = await session.accessToken();
    if (!token) return undefined;
    retries.set(id, request.clone());
    request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response, id }) {
    const original = retries.get(id);
    retries.delete(id);
    if (response.status !== 401 || !original) return undefined;
    const token = await session.refresh();
    if (!token) return undefined;
    original.headers.set('authorization', `Bearer ${token}`);
    const retried = await fetch(original);
    if (retried.status === 401) session.clear();
    return retried;
  },
  onError({ id }) {
    retries.delete(id);
  },
});

/** The contract's error ({code, message, details}) of a failed call, if it carried one. */
export function errorOf(error: unknown): components['schemas']['Error']['error'] | undefined {
  return (error as components['schemas']['Error'] | undefined)?.error;
}

export type ProductList = paths['/products']['get']['responses'][200]['content']['application/json'];
export type Product = paths['/products/{id}']['get']['responses'][200]['content']['application/json'];
export type FlashSale = paths['/flash-sales/current']['get']['responses'][200]['content']['application/json'];
export type Category = paths['/categories']['get']['responses'][200]['content']['application/json']['items'][number];
export type SearchQuery = NonNullable<paths['/products']['get']['parameters']['query']>;
export type Profile = paths['/me']['get']['responses'][200]['content']['application/json'];
export type Address = paths['/me/addresses']['post']['responses'][201]['content']['application/json'];
export type AddressInput = paths['/me/addresses']['post']['requestBody']['content']['application/json'];
export type NotificationPreferences = paths['/me/notification-preferences']['put']['requestBody']['content']['application/json'];
export type Cart = paths['/cart']['get']['responses'][200]['content']['application/json'];
export type DeliveryQuote = paths['/shipping/quote']['get']['responses'][200]['content']['application/json'];
export type Order = paths['/orders/{id}']['get']['responses'][200]['content']['application/json'];
export type OrderStatus = Order['status'];
export type Payment = paths['/orders/{id}/payments']['post']['responses'][201]['content']['application/json'];
export type Tracking = paths['/orders/{id}/tracking']['get']['responses'][200]['content']['application/json'];
export type Claim = paths['/flash-sales/current/claims']['post']['responses'][201]['content']['application/json'];
