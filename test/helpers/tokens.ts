/**
 * Forged tokens for abuse tests. Signing with the Cognito emulator's own key makes a token that
 * is genuine in every respect except the one under test (expiry, issuer, token_use ...).
 */
import { createSign } from 'node:crypto';
import { createRequire } from 'node:module';

const requireFromHere = createRequire(__filename);
const emulatorKey = requireFromHere('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function signWithEmulatorKey(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'CognitoLocal', typ: 'JWT' }): string {
  const unsigned = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(emulatorKey.pem).toString('base64url');
  return `${unsigned}.${signature}`;
}

export function unsigned(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

/** Same header and signature, payload changed: the signature no longer matches. */
export function tampered(jwt: string, changes: Record<string, unknown>): string {
  const [header, , signature] = jwt.split('.');
  return `${header}.${b64url({ ...decodePayload(jwt), ...changes })}.${signature}`;
}
