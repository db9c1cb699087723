import { createHmac, timingSafeEqual } from 'node:crypto';
import { CarrierSignatureError } from '#domain/logistics/ports.js';
import { headerValue, parseSignatureHeader } from '#adapters/payments/signature.js';

/**
 * The sandbox carrier's webhook signature: `x-carrier-signature: ts=<seconds>,v1=<hex HMAC-SHA256>`
 * over `<ts>.<raw body>` with the carrier's webhook secret. Older than 5 minutes (or more than 1 in
 * the future) is stale.
 */
export const CARRIER_SIGNATURE_HEADER = 'x-carrier-signature';
const MAX_AGE_MS = 5 * 60_000;
const MAX_FUTURE_MS = 60_000;

const hmacHex = (secret: string, ts: string, body: string) => createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');

export function signCarrierWebhook(rawBody: string, secret: string, nowMs: number): Record<string, string> {
  const ts = String(Math.floor(nowMs / 1000));
  return { [CARRIER_SIGNATURE_HEADER]: `ts=${ts},v1=${hmacHex(secret, ts, rawBody)}` };
}

export function verifyCarrierSignature(headers: Readonly<Record<string, string | undefined>>, rawBody: string, secret: string, nowMs: number): void {
  const header = headerValue(headers, CARRIER_SIGNATURE_HEADER);
  if (!header) throw new CarrierSignatureError(`Missing ${CARRIER_SIGNATURE_HEADER} header`);
  const { ts, v1 } = parseSignatureHeader(header);
  if (!ts || !/^\d{1,12}$/.test(ts) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) throw new CarrierSignatureError(`Malformed ${CARRIER_SIGNATURE_HEADER} header`);
  if (!timingSafeEqual(Buffer.from(hmacHex(secret, ts, rawBody), 'hex'), Buffer.from(v1, 'hex'))) throw new CarrierSignatureError('Webhook signature does not match');
  const ageMs = nowMs - Number(ts) * 1000;
  if (ageMs > MAX_AGE_MS) throw new CarrierSignatureError('Webhook signature is stale');
  if (-ageMs > MAX_FUTURE_MS) throw new CarrierSignatureError('Webhook signature timestamp is in the future');
}
