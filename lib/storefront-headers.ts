/**
 * The storefront's security headers and Content Security Policy, in one place: CloudFront's response
 * headers policy (lib/storefront-site.ts) and the local gateway (local/storefront.ts) both build theirs
 * from `storefrontHeaders()`, so the browser journeys run the app under the policy AWS serves. No CDK
 * import here: the local stack loads this file.
 *
 * What the built app loads (checked on Vite's output, `web/dist`): its own hashed scripts and
 * stylesheets from `<base>/assets/` (no inline script or style element; React and Chart.js set styles
 * through the CSSOM, which CSP does not restrict), the API and the live-tracking WebSocket, product
 * images, and the Pix QR code as a `data:` PNG. No web fonts, no frames of ours.
 */

/** The payment providers a stage's storefront may load code from. */
export type StorefrontPaymentProvider = 'mercadopago' | 'sandbox';

/**
 * Mercado Pago's card tokenisation (SDK JS v2 with Secure Fields): the script, the API it tokenises
 * the card with (so the card number never reaches ours), and the host of its card-field iframes.
 * Only in stages whose payment provider is Mercado Pago. Written from MP's documentation, not yet
 * exercised against the live SDK (the card form for deployed stages is not built; no network here).
 */
export const MERCADO_PAGO_SOURCES = {
  script: 'https://sdk.mercadopago.com',
  connect: 'https://api.mercadopago.com',
  frame: 'https://api-static.mercadopago.com',
} as const;

/**
 * Images of collected products (issue 15) are shown by their marketplace URL, and marketplaces are
 * any host: `https:` keeps them visible. The image pipeline, once it re-hosts them as renditions on
 * our media CDN, can drop this and leave `productImageSources()` with our origins only.
 */
export const COLLECTED_IMAGE_SOURCES: readonly string[] = ['https:'];

/**
 * The `img-src` entries for product images: the media CDN (uploads, and the renditions of the image
 * pipeline: add its origin here if it is another one) and the collected images.
 */
export function productImageSources(mediaOrigin: string, collected: readonly string[] = COLLECTED_IMAGE_SOURCES): string[] {
  return [mediaOrigin, ...collected];
}

/** HSTS: two years, subdomains too; not `preload` (a decision for the store's own domain, not a stage's). */
export const STRICT_TRANSPORT_SECURITY = { maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: false } as const;
/** The full URL stays on our origin; other sites (the payment provider, marketplaces' image hosts) see only the origin. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** Powerful features the storefront never uses, off for it and for anything it embeds. Only features Chromium knows (an unknown one is a console error). */
export const PERMISSIONS_POLICY = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** Where Mercado Pago's browser SDK, its tokenising API and its card-field frames are (MERCADO_PAGO_SOURCES, or the local fake's origin). */
export interface MercadoPagoSources { readonly script: string; readonly connect: string; readonly frame: string }

export interface StorefrontHeaderOptions {
  readonly paymentProvider: StorefrontPaymentProvider;
  /** With Mercado Pago: its origins. @default MERCADO_PAGO_SOURCES (the local MP mode names its fake) */
  readonly mercadoPagoSources?: MercadoPagoSources;
  /** `img-src` beyond `'self' data:` (productImageSources()). */
  readonly imageSources: readonly string[];
  /** The API's origin when it is not the page's own (`'self'` covers it otherwise). */
  readonly apiOrigin?: string;
  /** The live-tracking WebSocket's origin (`wss://host`), when not the page's own. */
  readonly websocketOrigin?: string;
  /** Where the admin console PUTs product photos (the media bucket's S3 origin of its pre-signed URLs). */
  readonly uploadOrigins?: readonly string[];
}

/** The headers, structured as CloudFront's response headers policy takes them. */
export interface StorefrontHeaders {
  readonly contentSecurityPolicy: string;
  readonly strictTransportSecurity: typeof STRICT_TRANSPORT_SECURITY;
  readonly contentTypeOptions: 'nosniff';
  readonly frameOptions: 'DENY';
  readonly referrerPolicy: typeof REFERRER_POLICY;
  readonly permissionsPolicy: string;
}

/** The CSP's directives, in order; every value is a list of sources. */
export function cspDirectives(options: StorefrontHeaderOptions): [string, string[]][] {
  const mercadoPago = options.paymentProvider === 'mercadopago';
  const mp = options.mercadoPagoSources ?? MERCADO_PAGO_SOURCES;
  const optional = (value: string | undefined) => (value === undefined ? [] : [value]);
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...(mercadoPago ? [mp.script] : [])]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', ...options.imageSources]],
    ['connect-src', [
      "'self'", ...optional(options.apiOrigin), ...optional(options.websocketOrigin), ...(options.uploadOrigins ?? []), ...(mercadoPago ? [mp.connect] : []),
    ]],
    ['frame-src', mercadoPago ? [mp.frame] : ["'none'"]],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
}

export function contentSecurityPolicy(options: StorefrontHeaderOptions): string {
  return cspDirectives(options).map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`).join('; ');
}

export function storefrontHeaders(options: StorefrontHeaderOptions): StorefrontHeaders {
  return {
    contentSecurityPolicy: contentSecurityPolicy(options),
    strictTransportSecurity: STRICT_TRANSPORT_SECURITY,
    contentTypeOptions: 'nosniff',
    frameOptions: 'DENY',
    referrerPolicy: REFERRER_POLICY,
    permissionsPolicy: PERMISSIONS_POLICY,
  };
}

/** The same headers as HTTP header fields (lower-case names), as the local gateway sends them. */
export function headerFields(headers: StorefrontHeaders): Record<string, string> {
  const hsts = headers.strictTransportSecurity;
  return {
    'content-security-policy': headers.contentSecurityPolicy,
    'strict-transport-security': `max-age=${hsts.maxAgeSeconds}${hsts.includeSubdomains ? '; includeSubDomains' : ''}${hsts.preload ? '; preload' : ''}`,
    'x-content-type-options': headers.contentTypeOptions,
    'x-frame-options': headers.frameOptions,
    'referrer-policy': headers.referrerPolicy,
    'permissions-policy': headers.permissionsPolicy,
  };
}

/** MP's browser SDK (MercadoPago.js v2). */
export const MERCADO_PAGO_SDK_URL = 'https://sdk.mercadopago.com/js/v2';

/**
 * The card form the app shows (web/src/payments/): the sandbox tokeniser, or Mercado Pago's SDK with the
 * account's public key (`publicKey` absent: card payment unavailable) and, locally, the fake's script URL.
 */
export type StorefrontPayments =
  | { readonly provider: 'sandbox' }
  | { readonly provider: 'mercadopago'; readonly publicKey?: string; readonly sdkUrl?: string };

/**
 * The app's `/store/config.js` (web/src/config.ts reads `window.STORE_CONFIG`), next to the CSP that must
 * allow what it names: a deployed stage gives its WebSocket API (the API is the page's origin) and its payment
 * gateway, `npm start`'s storefront origin the gateway's API and WebSocket.
 */
export function runtimeConfigScript(config: { readonly apiUrl?: string; readonly websocketUrl?: string; readonly payments?: StorefrontPayments }): string {
  return `window.STORE_CONFIG = ${JSON.stringify(config)};\n`;
}
