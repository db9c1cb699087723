/**
 * Where the app finds the API and the live-tracking WebSocket. `/store/config.js` (loaded before the app by
 * index.html) may set `window.STORE_CONFIG` at run time: a deployed stage writes its WebSocket API's URL there,
 * `npm start`'s storefront origin the gateway's URLs, so one build serves every stage. Then the build's
 * `VITE_API_URL` / `VITE_WS_URL`, then the page's own origin.
 */
/**
 * The card form: the sandbox tokeniser (local stack, test stages), or Mercado Pago's SDK with the account's public
 * key (stages whose gateway is MP; `sdkUrl` only when it is not MP's own, as in the local stack's MP mode).
 * Written by the stage like the rest (lib/storefront-headers.ts `StorefrontPayments`).
 */
export type PaymentsConfig =
  | { readonly provider: 'sandbox' }
  | { readonly provider: 'mercadopago'; readonly publicKey?: string; readonly sdkUrl?: string };

interface StoreConfig {
  readonly apiUrl?: string;
  readonly websocketUrl?: string;
  readonly payments?: PaymentsConfig;
}

const runtime: StoreConfig = (globalThis as { STORE_CONFIG?: StoreConfig }).STORE_CONFIG ?? {};

/** The API's base URL; empty for the page's own origin. */
export const apiUrl: string = runtime.apiUrl ?? import.meta.env.VITE_API_URL ?? '';

/** The WebSocket's URL without the token, or undefined for `/ws` on the page's own host. */
export const websocketUrl: string | undefined = runtime.websocketUrl ?? (import.meta.env.VITE_WS_URL as string | undefined);

/** The card form to show; the sandbox when the stage says nothing (as built). */
export const payments: PaymentsConfig = runtime.payments ?? { provider: 'sandbox' };
