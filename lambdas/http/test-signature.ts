/**
 * The test hooks' request signature (./test-hooks.ts), in a module of its own with no dependency
 * but node:crypto so the e2e suite signs with the very same code: `x-test-signature: t=<unix
 * seconds>,v1=<hex HMAC-SHA256>` over `<t>.<route key>.<raw body>` with the stage's test secret,
 * at most 5 minutes old (1 minute ahead for clock skew).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TEST_SIGNATURE_HEADER = 'x-test-signature';
const MAX_AGE_MS = 5 * 60_000;
const MAX_FUTURE_MS = 60_000;

export interface SignedRequest {
  readonly secret: string;
  /** E.g. `POST /test-hooks/sandbox/cards`. */
  readonly routeKey: string;
  readonly rawBody: string;
  readonly nowMs: number;
}

const hmacHex = (secret: string, t: string, routeKey: string, rawBody: string) =>
  createHmac('sha256', secret).update(`${t}.${routeKey}.${rawBody}`, 'utf8').digest('hex');

/** The header a caller sends with a test-hook request. */
export function signTestHookRequest(input: SignedRequest): Record<string, string> {
  const t = String(Math.floor(input.nowMs / 1000));
  return { [TEST_SIGNATURE_HEADER]: `t=${t},v1=${hmacHex(input.secret, t, input.routeKey, input.rawBody)}` };
}

/** Whether `header` signs this request with the secret, and is fresh. */
export function testHookSignatureValid(header: string | undefined, input: SignedRequest): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
  }));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return false;
  if (!timingSafeEqual(Buffer.from(hmacHex(input.secret, t, input.routeKey, input.rawBody), 'hex'), Buffer.from(v1, 'hex'))) return false;
  const ageMs = input.nowMs - Number(t) * 1000;
  return ageMs <= MAX_AGE_MS && -ageMs <= MAX_FUTURE_MS;
}
