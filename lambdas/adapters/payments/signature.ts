import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from '#domain/payments/ports.js';

/**
 * Mercado Pago's webhook signature scheme (also used by our sandbox provider and the local fake).
 * Sources and details: docs/mercadopago.md.
 *
 *   x-signature:  ts=<timestamp>,v1=<hex HMAC-SHA256>
 *   x-request-id: <delivery id>
 *   query:        ?data.id=<resource id>&type=payment
 *
 * The HMAC key is the application's webhook secret; the message is the manifest
 *
 *   id:<data.id>;request-id:<x-request-id>;ts:<ts>;
 *
 * where data.id is lower-cased when it is alphanumeric, and a pair whose value is absent is left
 * out. MP's documentation shows ts in seconds while its SDK tests use milliseconds, so the
 * verifier accepts both (13+ digits are milliseconds); the signer writes seconds.
 */

export const SIGNATURE_HEADER = 'x-signature';
export const REQUEST_ID_HEADER = 'x-request-id';
export const DATA_ID_QUERY = 'data.id';
export const DEFAULT_MAX_AGE_MS = 5 * 60_000;
export const DEFAULT_MAX_FUTURE_MS = 60_000;

export interface WebhookSignatureHeaders {
  'x-signature': string;
  'x-request-id': string;
}

/** The manifest MP signs; pairs with no value are omitted. */
export function webhookManifest(parts: { dataId?: string; requestId?: string; ts: string }): string {
  let manifest = '';
  if (parts.dataId) manifest += `id:${/^[a-z0-9]+$/i.test(parts.dataId) ? parts.dataId.toLowerCase() : parts.dataId};`;
  if (parts.requestId) manifest += `request-id:${parts.requestId};`;
  return `${manifest}ts:${parts.ts};`;
}

function hmacHex(secret: string, manifest: string): string {
  return createHmac('sha256', secret).update(manifest, 'utf8').digest('hex');
}

export function signWebhook(input: { dataId: string; requestId: string; secret: string; nowMs: number }): WebhookSignatureHeaders {
  const ts = String(Math.floor(input.nowMs / 1000));
  const v1 = hmacHex(input.secret, webhookManifest({ dataId: input.dataId, requestId: input.requestId, ts }));
  return { 'x-signature': `ts=${ts},v1=${v1}`, 'x-request-id': input.requestId };
}

/** Header lookup that ignores case (API Gateway and Node lower-case differently). */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value.trim();
  }
  return undefined;
}

/** Parses `ts=...,v1=...` (order-free, unknown keys ignored). */
export function parseSignatureHeader(header: string): { ts?: string; v1?: string } {
  const out: { ts?: string; v1?: string } = {};
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'ts') out.ts = value;
    else if (key === 'v1') out.v1 = value;
  }
  return out;
}

/** `ts` in milliseconds: 13 or more digits are already milliseconds, fewer are seconds. */
export function signatureTimestampMs(ts: string): number {
  return ts.length >= 13 ? Number(ts) : Number(ts) * 1000;
}

function constantTimeHexEqual(expectedHex: string, receivedHex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(receivedHex) || receivedHex.length !== expectedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(receivedHex, 'hex'));
}

export interface VerifyWebhookInput {
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  secret: string;
  nowMs: number;
  /** Older than this is stale (default 5 minutes). */
  maxAgeMs?: number;
  /** Further in the future than this is rejected too (default 1 minute of clock skew). */
  maxFutureMs?: number;
}

/**
 * Verifies a delivery and returns what it is about. Throws WebhookSignatureError when the
 * signature, request id or data.id is missing, the signature does not match (forged or signed
 * for another resource), or the timestamp is stale or too far in the future.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): { dataId: string; requestId: string } {
  const { maxAgeMs = DEFAULT_MAX_AGE_MS, maxFutureMs = DEFAULT_MAX_FUTURE_MS } = input;
  const header = headerValue(input.headers, SIGNATURE_HEADER);
  if (!header) throw new WebhookSignatureError(`Missing ${SIGNATURE_HEADER} header`);
  const requestId = headerValue(input.headers, REQUEST_ID_HEADER);
  if (!requestId) throw new WebhookSignatureError(`Missing ${REQUEST_ID_HEADER} header`);
  const dataId = input.query[DATA_ID_QUERY]?.trim();
  if (!dataId) throw new WebhookSignatureError(`Missing ${DATA_ID_QUERY} query parameter`);

  const { ts, v1 } = parseSignatureHeader(header);
  if (!ts || !/^\d{1,16}$/.test(ts) || !v1) throw new WebhookSignatureError(`Malformed ${SIGNATURE_HEADER} header`);
  const expected = hmacHex(input.secret, webhookManifest({ dataId, requestId, ts }));
  if (!constantTimeHexEqual(expected, v1)) throw new WebhookSignatureError('Webhook signature does not match');

  const ageMs = input.nowMs - signatureTimestampMs(ts);
  if (ageMs > maxAgeMs) throw new WebhookSignatureError(`Webhook signature is stale (${Math.round(ageMs / 1000)} s old)`);
  if (-ageMs > maxFutureMs) throw new WebhookSignatureError('Webhook signature timestamp is in the future');
  return { dataId, requestId };
}
