/**
 * Where the app finds the API and the live-tracking WebSocket. `/store/config.js` (loaded before the app by
 * index.html) may set `window.STORE_CONFIG` at run time: a deployed stage writes its WebSocket API's URL there,
 * `npm start`'s storefront origin the gateway's URLs, so one build serves every stage. Then the build's
 * `VITE_API_URL` / `VITE_WS_URL`, then the page's own origin.
 */
interface StoreConfig {
  readonly apiUrl?: string;
  readonly websocketUrl?: string;
}

const runtime: StoreConfig = (globalThis as { STORE_CONFIG?: StoreConfig }).STORE_CONFIG ?? {};

/** The API's base URL; empty for the page's own origin. */
export const apiUrl: string = runtime.apiUrl ?? import.meta.env.VITE_API_URL ?? '';

/** The WebSocket's URL without the token, or undefined for `/ws` on the page's own host. */
export const websocketUrl: string | undefined = runtime.websocketUrl ?? (import.meta.env.VITE_WS_URL as string | undefined);
