/** The rotation of the origin-verify secret (`{"current", "previous"}`, lib/api-edge.ts), as a pure step. */
import { randomBytes } from 'node:crypto';

export interface OriginSecret {
  readonly current: string;
  readonly previous?: string;
}

/** 48 URL-safe characters: no comma, quote or colon to trip a header or a dynamic reference. */
export function newOriginSecretValue(): string {
  return randomBytes(36).toString('base64url');
}

/** The new value becomes `current`; the old `current` stays accepted as `previous` until the next rotation. */
export function rotatedOriginSecret(secretString: string, next: string): OriginSecret {
  const parsed = JSON.parse(secretString) as Partial<OriginSecret>;
  if (typeof parsed.current !== 'string' || parsed.current.length < 32) throw new Error('The secret has no "current" value of at least 32 characters');
  if (next.length < 32 || next === parsed.current) throw new Error('The new value must be a fresh value of at least 32 characters');
  return { current: next, previous: parsed.current };
}
