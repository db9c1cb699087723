import { isTestAddress } from '../../lambdas/domain/test-hooks/rules.js';
import { signTestHookRequest, TEST_SIGNATURE_HEADER, testHookSignatureValid } from '../../lambdas/http/test-signature.js';

describe('the test domain of the PreSignUp hook', () => {
  it.each([
    ['ana-1@e2e.dev.invalid', true],
    ['Ana@E2E.Dev.Invalid', true],
    ['ana@x.e2e.dev.invalid', false],
    ['ana@e2e.dev.invalid.example.com', false],
    ['ana@notE2e.dev.invalid', false],
    ['e2e.dev.invalid', false],
    ['ana@gmail.com', false],
    ['', false],
  ])('%s: %s', (email, expected) => {
    expect(isTestAddress(email, 'e2e.dev.invalid')).toBe(expected);
  });

  it('confirms nothing without a configured domain', () => {
    expect(isTestAddress('ana@e2e.dev.invalid', '')).toBe(false);
    expect(isTestAddress(undefined, 'e2e.dev.invalid')).toBe(false);
  });
});

describe('the test hooks\' request signature', () => {
  const nowMs = Date.parse('2026-11-27T13:00:00Z');
  const request = { secret: 's3cret-of-the-stage', routeKey: 'POST /test-hooks/sandbox/pix-payments', rawBody: '{"paymentId":"01J"}', nowMs };
  const header = signTestHookRequest(request)[TEST_SIGNATURE_HEADER];

  it('accepts the request it signed, up to 5 minutes later', () => {
    expect(testHookSignatureValid(header, request)).toBe(true);
    expect(testHookSignatureValid(header, { ...request, nowMs: nowMs + 5 * 60_000 })).toBe(true);
  });

  it.each([
    ['another secret', { secret: 'guessed' }],
    ['another route', { routeKey: 'POST /test-hooks/sandbox/cards' }],
    ['another body', { rawBody: '{"paymentId":"01K"}' }],
    ['a stale signature', { nowMs: nowMs + 5 * 60_000 + 1_000 }],
    ['a signature from the future', { nowMs: nowMs - 61_000 }],
  ])('refuses %s', (_case, change) => {
    expect(testHookSignatureValid(header, { ...request, ...change })).toBe(false);
  });

  it.each([undefined, '', 'garbage', 't=abc,v1=00', `t=${nowMs / 1000}`, `v1=${'0'.repeat(64)}`, `t=${nowMs / 1000},v1=${'0'.repeat(64)}`])('refuses the header %p', (value) => {
    expect(testHookSignatureValid(value, request)).toBe(false);
  });
});
