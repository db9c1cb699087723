import { newOriginSecretValue, rotatedOriginSecret } from '../../scripts/origin-secret.js';
import { originSecretDigests } from '#http/core.js';

describe('origin secret rotation', () => {
  it('makes the new value current and keeps the old one accepted', () => {
    const first = JSON.stringify({ current: 'a'.repeat(48) });
    const next = newOriginSecretValue();
    const rotated = rotatedOriginSecret(first, next);
    expect(rotated).toEqual({ current: next, previous: 'a'.repeat(48) });
    // A second rotation drops the oldest value.
    const again = rotatedOriginSecret(JSON.stringify(rotated), newOriginSecretValue());
    expect(again.previous).toBe(next);
    expect(Object.values(again)).not.toContain('a'.repeat(48));
    // The functions accept both values of a rotated secret.
    expect(originSecretDigests(JSON.stringify(rotated))).toHaveLength(2);
  });

  it('generates 48 header-safe characters', () => {
    const value = newOriginSecretValue();
    expect(value).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(newOriginSecretValue()).not.toBe(value);
  });

  it('refuses a secret without a usable current value, or a reused value', () => {
    expect(() => rotatedOriginSecret('{}', newOriginSecretValue())).toThrow(/current/);
    const current = 'b'.repeat(40);
    expect(() => rotatedOriginSecret(JSON.stringify({ current }), current)).toThrow(/fresh/);
  });
});
