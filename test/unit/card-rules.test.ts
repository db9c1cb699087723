import fc from 'fast-check';
import { cardBrand, luhnValid, maxInstallments, validateCardForTokenization, validateInstallments } from '#domain/payments/card.js';
import { ValidationError } from '#shared/errors.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const card = (extra: Partial<Parameters<typeof validateCardForTokenization>[0]> = {}) => ({
  number: '4111111111111111',
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  holder: 'Maria Silva',
  ...extra,
});

function fields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details.map((d) => d.field as string);
  }
  throw new Error('expected a ValidationError');
}

describe('luhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4000000000000002', true],
    ['5555555555554444', true],
    ['378282246310005', true],
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1111', true],
    ['4111111111111112', false],
    ['4000000000000001', false],
    ['', false],
    ['41111111111', false], // too short
    ['4111a11111111111', false],
  ])('%s -> %s', (number, valid) => {
    expect(luhnValid(number)).toBe(valid);
  });

  it('property: changing one digit of a valid number breaks the check', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = '4111111111111111'.split('').map(Number);
        digits[position] = (digits[position]! + delta) % 10;
        expect(luhnValid(digits.join(''))).toBe(false);
      }),
    );
  });
});

describe('cardBrand', () => {
  it.each([
    ['4111111111111111', 'visa'],
    ['4000000000000002', 'visa'],
    ['5555555555554444', 'master'],
    ['2223000048400011', 'master'],
    ['378282246310005', 'amex'],
    ['341111111111111', 'amex'],
    ['5067224275805500', 'elo'],
    ['6362970000457013', 'elo'],
    ['4011780000000000', 'elo'], // Elo BIN inside the Visa prefix
    ['6011111111111117', 'unknown'],
  ])('%s is %s', (number, brand) => {
    expect(cardBrand(number)).toBe(brand);
  });
});

describe('validateCardForTokenization', () => {
  it('accepts 4111111111111111 as a valid visa and returns only brand and last four for display', () => {
    expect(validateCardForTokenization(card(), NOW)).toEqual({
      brand: 'visa',
      lastFour: '1111',
      number: '4111111111111111',
      expMonth: 12,
      expYear: 2030,
      holder: 'Maria Silva',
    });
  });

  it('accepts 4000000000000002 (valid Luhn)', () => {
    expect(validateCardForTokenization(card({ number: '4000 0000 0000 0002' }), NOW)).toMatchObject({ brand: 'visa', lastFour: '0002' });
  });

  it('rejects 4111111111111112 (bad Luhn) on field number', () => {
    expect(fields(() => validateCardForTokenization(card({ number: '4111111111111112' }), NOW))).toEqual(['number']);
  });

  it('rejects non-digit and wrong-length numbers on field number', () => {
    expect(fields(() => validateCardForTokenization(card({ number: '4111-abcd' }), NOW))).toEqual(['number']);
    expect(fields(() => validateCardForTokenization(card({ number: '411111' }), NOW))).toEqual(['number']);
  });

  it('is valid through the last day of the expiry month', () => {
    expect(() => validateCardForTokenization(card({ expMonth: 11, expYear: 2026 }), NOW)).not.toThrow();
    expect(() => validateCardForTokenization(card({ expMonth: 11, expYear: 2026 }), new Date('2026-11-30T23:59:59.999Z'))).not.toThrow();
    expect(fields(() => validateCardForTokenization(card({ expMonth: 11, expYear: 2026 }), new Date('2026-12-01T00:00:00.000Z')))).toEqual([
      'expMonth',
    ]);
  });

  it('rejects past expiry: earlier month this year on expMonth, earlier year on expYear', () => {
    expect(fields(() => validateCardForTokenization(card({ expMonth: 10, expYear: 2026 }), NOW))).toEqual(['expMonth']);
    expect(fields(() => validateCardForTokenization(card({ expMonth: 12, expYear: 2025 }), NOW))).toEqual(['expYear']);
  });

  it('accepts two-digit years', () => {
    expect(validateCardForTokenization(card({ expYear: 31 }), NOW).expYear).toBe(2031);
  });

  it('rejects out-of-range months and years', () => {
    expect(fields(() => validateCardForTokenization(card({ expMonth: 13 }), NOW))).toEqual(['expMonth']);
    expect(fields(() => validateCardForTokenization(card({ expMonth: 0 }), NOW))).toEqual(['expMonth']);
    expect(fields(() => validateCardForTokenization(card({ expYear: 1999 }), NOW))).toEqual(['expYear']);
    expect(fields(() => validateCardForTokenization(card({ expYear: 2060 }), NOW))).toEqual(['expYear']);
  });

  it('cvc: 3 or 4 digits; Amex needs 4', () => {
    expect(() => validateCardForTokenization(card({ cvc: '1234' }), NOW)).not.toThrow();
    expect(fields(() => validateCardForTokenization(card({ cvc: '12' }), NOW))).toEqual(['cvc']);
    expect(fields(() => validateCardForTokenization(card({ cvc: '12345' }), NOW))).toEqual(['cvc']);
    expect(fields(() => validateCardForTokenization(card({ cvc: '12a' }), NOW))).toEqual(['cvc']);
    expect(fields(() => validateCardForTokenization(card({ number: '378282246310005', cvc: '123' }), NOW))).toEqual(['cvc']);
    expect(validateCardForTokenization(card({ number: '378282246310005', cvc: '1234' }), NOW).brand).toBe('amex');
  });

  it('holder is required', () => {
    expect(fields(() => validateCardForTokenization(card({ holder: '   ' }), NOW))).toEqual(['holder']);
  });

  it('reports every problem at once', () => {
    expect(fields(() => validateCardForTokenization({ number: '4111111111111112', expMonth: 1, expYear: 2020, cvc: '', holder: '' }, NOW))).toEqual([
      'number',
      'expYear',
      'cvc',
      'holder',
    ]);
  });
});

describe('installments (no interest, each at least R$ 5,00, at most 12)', () => {
  it.each([
    [0, 1],
    [499, 1],
    [500, 1],
    [999, 1],
    [1000, 2],
    [2999, 5],
    [6000, 12],
    [5999, 11],
    [1_000_000, 12],
  ])('%i cents allows up to %i', (amount, max) => {
    expect(maxInstallments(amount)).toBe(max);
  });

  it('accepts 1..max and rejects the rest on field installments', () => {
    expect(() => validateInstallments(1, 100)).not.toThrow();
    expect(() => validateInstallments(12, 6000)).not.toThrow();
    expect(fields(() => validateInstallments(13, 1_000_000))).toEqual(['installments']);
    expect(fields(() => validateInstallments(3, 1000))).toEqual(['installments']);
    expect(fields(() => validateInstallments(0, 1000))).toEqual(['installments']);
    expect(fields(() => validateInstallments(1.5, 1000))).toEqual(['installments']);
  });

  it('property: every allowed installment is at least R$ 5,00 unless there is only one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (amount) => {
        const max = maxInstallments(amount);
        expect(max).toBeGreaterThanOrEqual(1);
        expect(max).toBeLessThanOrEqual(12);
        if (max > 1) expect(amount / max).toBeGreaterThanOrEqual(500);
      }),
    );
  });
});
