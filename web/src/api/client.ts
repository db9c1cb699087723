/**
 * The one way the storefront reaches the API: openapi-fetch over the types generated from the
 * route table's OpenAPI document (schema.d.ts, `npm run web:client`). Same origin by default;
 * `VITE_API_URL` at build time points it at another API.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export const api = createClient<paths>({ baseUrl: import.meta.env.VITE_API_URL ?? '' });

export type ProductList = paths['/products']['get']['responses'][200]['content']['application/json'];
export type Product = paths['/products/{id}']['get']['responses'][200]['content']['application/json'];
export type FlashSale = paths['/flash-sales/current']['get']['responses'][200]['content']['application/json'];
export type Category = paths['/categories']['get']['responses'][200]['content']['application/json']['items'][number];
export type SearchQuery = NonNullable<paths['/products']['get']['parameters']['query']>;
