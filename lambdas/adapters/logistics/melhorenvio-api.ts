import { providerJsonCall } from '../net/json-call.js';
import { CarrierRejectedError, type CarrierQuote, type Parcel } from '#domain/logistics/ports.js';
import { getSecretString } from '#adapters/secrets.js';
import { optionalEnv, requireEnv } from '#shared/config.js';

/**
 * Melhor Envio's REST API (`/api/v2/me/...`): the HTTP client, the value conversions, the
 * credentials, and the quote. Apart from the carrier (./melhorenvio.ts) so that GET /cart, which only
 * quotes, bundles only this. Sources of every shape: docs/logistics.md "Melhor Envio". Money is integer
 * cents in our code and BRL decimals (numbers, or strings in answers) in ME's JSON; weights are grams
 * here and kilograms there.
 */

export const PRODUCTION_BASE_URL = 'https://melhorenvio.com.br';
export const REQUEST_TIMEOUT_MS = 8_000;

export interface MelhorEnvioConfig {
  baseUrl: string;
  /** OAuth access token of the store's Melhor Envio account (docs/deploy.md lists the scopes). */
  accessToken: string;
  /** The app's secret: ME signs webhooks with it. */
  webhookSecret: string;
  /** ME asks every client for `User-Agent: <app name> (<technical contact email>)`. */
  userAgent: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** One service of a `shipment/calculate` answer; `error` set when that service cannot carry the parcel. */
interface MeQuote {
  id: number;
  name: string;
  price?: string | number;
  custom_price?: string | number;
  delivery_time?: number;
  custom_delivery_time?: number;
  delivery_range?: { min: number; max: number };
  custom_delivery_range?: { min: number; max: number };
  company?: { id: number; name: string };
  error?: string;
}

interface MeError {
  message?: string;
  error?: string;
  errors?: Record<string, string[] | string>;
}

export class MeHttpError extends Error {
  override readonly name = 'MeHttpError';
  constructor(
    readonly status: number,
    readonly body: MeError | null,
    what: string,
  ) {
    super(`Melhor Envio ${what} answered HTTP ${status}${body?.message ? `: ${body.message}` : ''}`);
  }
}

/** Grams to ME's kilograms (3 decimals). */
export const gramsToKg = (grams: number) => Math.round(grams) / 1000;
/** Cents to ME's BRL decimal. */
export const centsToBrl = (cents: number) => Math.round(cents) / 100;
/** ME's BRL decimal ("23.45" or 23.45) to cents. */
export function brlToCents(value: string | number): number {
  const n = typeof value === 'number' ? value : Number.parseFloat(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`Melhor Envio sent an unreadable price "${String(value)}"`);
  return Math.round(n * 100);
}
export const onlyDigits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');
export const volume = (p: Parcel) => ({ height: p.heightCm, width: p.widthCm, length: p.lengthCm, weight: gramsToKg(p.weightGrams) });

export type MeCall = <T>(method: 'GET' | 'POST', path: string, what: string, body?: unknown) => Promise<T>;

/** One authenticated JSON call; network failures and timeouts throw a plain Error (retryable), non-2xx a MeHttpError. */
export function meClient(config: MelhorEnvioConfig): MeCall {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return <T>(method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<T> => providerJsonCall<T>({
    provider: 'Melhor Envio', what, url: `${baseUrl}/api/v2/me${path}`, timeoutMs, fetch: doFetch,
    init: {
      method,
      headers: {
        authorization: `Bearer ${config.accessToken}`,
        accept: 'application/json',
        'user-agent': config.userAgent,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
  }, (status, json) => new MeHttpError(status, json as MeError | null, what));
}

/** 422 (ME's validation answer) and 400 are the request's fault; 401/403 (our token or its scopes), 429 and 5xx are ours or transient. */
export function rejectedOr(error: unknown): never {
  if (error instanceof MeHttpError && (error.status === 422 || error.status === 400)) {
    const details = Object.entries(error.body?.errors ?? {}).map(([field, messages]) => ({ field, message: Array.isArray(messages) ? messages.join('; ') : String(messages) }));
    throw new CarrierRejectedError(`Melhor Envio refused the request: ${error.body?.message ?? error.body?.error ?? 'invalid data'}`, details);
  }
  throw error;
}

/** POST /shipment/calculate: every service that can carry the parcels, cheapest first. */
export async function meQuote(call: MeCall, { fromCep, toCep, packages }: { fromCep: string; toCep: string; packages: Parcel[] }): Promise<CarrierQuote[]> {
  const body = {
    from: { postal_code: onlyDigits(fromCep) },
    to: { postal_code: onlyDigits(toCep) },
    // Each parcel as a "product" of quantity 1 (ME packs products itself); insurance is not part of a quote.
    products: packages.map((p, i) => ({ id: `p${i + 1}`, ...volume(p), insurance_value: 0, quantity: 1 })),
    options: { receipt: false, own_hand: false },
  };
  const answer = await call<MeQuote[]>('POST', '/shipment/calculate', 'quote', body).catch(rejectedOr);
  if (!Array.isArray(answer)) throw new Error('Melhor Envio quote answered something other than a list of services');
  return answer
    .filter((q) => !q.error && (q.custom_price ?? q.price) !== undefined)
    .map((q): CarrierQuote => {
      const range = q.custom_delivery_range ?? q.delivery_range;
      const days = q.custom_delivery_time ?? q.delivery_time ?? range?.max ?? 0;
      return {
        service: String(q.id),
        name: q.company?.name ? `${q.company.name} ${q.name}` : q.name,
        priceCents: brlToCents(q.custom_price ?? (q.price as string | number)),
        minDays: range?.min ?? days,
        maxDays: range?.max ?? days,
      };
    })
    .sort((a, b) => a.priceCents - b.priceCents);
}

function parseSecret(secretId: string, text: string): Pick<MelhorEnvioConfig, 'accessToken' | 'webhookSecret' | 'userAgent'> {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // reported below without echoing the secret
  }
  const { accessToken, webhookSecret, userAgent } = parsed;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof webhookSecret !== 'string' || webhookSecret === '' || typeof userAgent !== 'string' || userAgent === '') {
    throw new Error(`Secret ${secretId} must be JSON {"accessToken": "...", "webhookSecret": "...", "userAgent": "<app> (<email>)"}`);
  }
  return { accessToken, webhookSecret, userAgent };
}

let fromEnv: Promise<MelhorEnvioConfig> | undefined;

/**
 * The configuration from the environment, read once per container: MELHORENVIO_BASE_URL (default
 * production) and credentials from the Secrets Manager secret MELHORENVIO_SECRET_ID (JSON
 * {accessToken, webhookSecret, userAgent}) or, locally, from MELHORENVIO_ACCESS_TOKEN,
 * MELHORENVIO_WEBHOOK_SECRET and MELHORENVIO_USER_AGENT. A failed load is not cached.
 */
export function melhorEnvioConfigFromEnv(): Promise<MelhorEnvioConfig> {
  fromEnv ??= (async () => {
    const secretId = optionalEnv('MELHORENVIO_SECRET_ID');
    const credentials = secretId
      ? parseSecret(secretId, await getSecretString(secretId))
      : { accessToken: requireEnv('MELHORENVIO_ACCESS_TOKEN'), webhookSecret: requireEnv('MELHORENVIO_WEBHOOK_SECRET'), userAgent: requireEnv('MELHORENVIO_USER_AGENT') };
    return { baseUrl: optionalEnv('MELHORENVIO_BASE_URL') ?? PRODUCTION_BASE_URL, ...credentials };
  })().catch((error: unknown) => {
    fromEnv = undefined;
    throw error;
  });
  return fromEnv;
}

/** A quote with the configuration from the environment (GET /cart). */
export async function melhorEnvioQuoteFromEnv(input: { fromCep: string; toCep: string; packages: Parcel[] }): Promise<CarrierQuote[]> {
  return meQuote(meClient(await melhorEnvioConfigFromEnv()), input);
}
