import fc from 'fast-check';
import { allocateDiscount, computeTaxes, DEFAULT_TAX_RATES, NO_TABLE, normalizeNcm, percentOfCents } from '#domain/taxes/rules.js';
import { lookupOf, parseTaxTable, percentToBp } from '#domain/taxes/table.js';
import { ValidationError } from '#shared/errors.js';

const HEADER = 'codigo;ex;tipo;descricao;nacionalfederal;importadosfederal;estadual;municipal;vigenciainicio;vigenciafim;chave;versao;fonte';
const row = (ncm: string, federal: string, state: string, extra: { ex?: string; tipo?: string; version?: string } = {}) =>
  `${ncm};${extra.ex ?? ''};${extra.tipo ?? '0'};"Descrição; com ponto e vírgula";${federal};20.00;${state};0.00;01/01/2026;30/06/2026;ABC123;${extra.version ?? '26.1.A'};IBPT/empresometro.com.br`;

const table = (rates: Record<string, [number, number]>, defaultRates = DEFAULT_TAX_RATES) => lookupOf({ version: 'v1', rates, defaultRates });

describe('NCM', () => {
  it('is 8 digits; dots are accepted and removed', () => {
    expect(normalizeNcm('85171300')).toBe('85171300');
    expect(normalizeNcm('8517.13.00')).toBe('85171300');
    expect(normalizeNcm('8517130')).toBeUndefined();
    expect(normalizeNcm('851713001')).toBeUndefined();
    expect(normalizeNcm('8517130a')).toBeUndefined();
    expect(normalizeNcm('')).toBeUndefined();
  });
});

describe('percentOfCents (half-up to the cent)', () => {
  it('rounds an exact half up and anything below it down', () => {
    expect(percentOfCents(1000, 1345)).toBe(135); // 134.5 -> 135
    expect(percentOfCents(1001, 1345)).toBe(135); // 134.6345
    expect(percentOfCents(999, 1345)).toBe(134); // 134.3655
    expect(percentOfCents(50, 100)).toBe(1); // 0.5 -> 1
    expect(percentOfCents(49, 100)).toBe(0); // 0.49
    expect(percentOfCents(12345, 0)).toBe(0);
    expect(percentOfCents(12345, 10_000)).toBe(12345);
  });

  it('is within half a cent of the exact amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 * 99 }), fc.integer({ min: 0, max: 10_000 }), (cents, bp) => {
      const exact = (cents * bp) / 10_000;
      const rounded = percentOfCents(cents, bp);
      return Number.isInteger(rounded) && rounded - exact <= 0.5 && exact - rounded < 0.5;
    }));
  });
});

describe('allocateDiscount', () => {
  it('splits in proportion, leftovers to the largest remainders', () => {
    expect(allocateDiscount([1000, 1000, 1000], 100)).toEqual([34, 33, 33]);
    expect(allocateDiscount([500, 1500], 100)).toEqual([25, 75]);
    expect(allocateDiscount([100, 200], 0)).toEqual([0, 0]);
    expect(allocateDiscount([], 50)).toEqual([]);
  });

  it('adds up to the discount exactly and never exceeds a line', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 400_000_000 }),
      (totals, discount) => {
        const shares = allocateDiscount(totals, discount);
        const subtotal = totals.reduce((a, b) => a + b, 0);
        const expected = subtotal === 0 ? 0 : Math.min(discount, subtotal);
        return shares.reduce((a, b) => a + b, 0) === expected && shares.every((s, i) => s >= 0 && s <= totals[i] && Number.isInteger(s));
      },
    ));
  });
});

describe('computeTaxes', () => {
  const rates = table({ '85171300': [1345, 1800], '09012100': [580, 700] }, { federalBp: 1000, stateBp: 1200 });

  it('taxes each line at its NCM\'s rates, per sphere, and sums the rounded lines', () => {
    const taxes = computeTaxes([
      { sku: 'PHONE', lineTotalCents: 199_990, ncm: '85171300' },
      { sku: 'CAFE', lineTotalCents: 3_990, ncm: '09012100' },
    ], 0, rates);
    expect(taxes.lines.map((l) => [l.source, l.federalCents, l.stateCents])).toEqual([
      ['table', 26_899, 35_998], // 26898.655 -> 26899; 35998.2 -> 35998
      ['table', 231, 279], // 231.42; 279.3
    ]);
    expect(taxes).toMatchObject({ tableVersion: 'v1', federalCents: 27_130, stateCents: 36_277, totalCents: 63_407 });
  });

  it('uses the table\'s default rates for a line without an NCM or with one the table does not list', () => {
    const taxes = computeTaxes([
      { sku: 'A', lineTotalCents: 10_000, ncm: null },
      { sku: 'B', lineTotalCents: 10_000, ncm: '99999999' },
    ], 0, rates);
    expect(taxes.lines.map((l) => [l.source, l.federalCents, l.stateCents])).toEqual([['default', 1000, 1200], ['default', 1000, 1200]]);
  });

  it('uses the built-in default while no table exists', () => {
    const taxes = computeTaxes([{ sku: 'A', lineTotalCents: 10_000, ncm: '85171300' }], 0, NO_TABLE);
    expect(taxes).toMatchObject({ tableVersion: null, federalCents: 1500, stateCents: 1800, totalCents: 3300 });
    expect(taxes.lines[0].source).toBe('default');
  });

  it('taxes what the customer pays: the coupon discount shared over the lines', () => {
    const taxes = computeTaxes([
      { sku: 'A', lineTotalCents: 10_000, ncm: '85171300' },
      { sku: 'B', lineTotalCents: 10_000, ncm: '85171300' },
    ], 2_001, rates);
    expect(taxes.lines.map((l) => l.baseCents)).toEqual([8_999, 9_000]);
    expect(taxes.lines.map((l) => l.federalCents)).toEqual([1210, 1211]); // 1210.3655; 1210.5 -> 1211
  });

  it('property: order amounts are the sums of the line amounts, each line within half a cent per sphere of exact', () => {
    const ncms = ['85171300', '09012100', '11111111'];
    fc.assert(fc.property(
      fc.array(fc.record({ lineTotalCents: fc.integer({ min: 0, max: 9_900_000_000 }), ncm: fc.option(fc.constantFrom(...ncms), { nil: null }) }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 1_000_000_000 }),
      (lines, discount) => {
        const taxes = computeTaxes(lines.map((l, i) => ({ sku: `S${i}`, ...l })), discount, rates);
        const sum = (f: (l: (typeof taxes.lines)[number]) => number) => taxes.lines.reduce((a, l) => a + f(l), 0);
        const withinHalf = taxes.lines.every((l) => Math.abs(l.federalCents - (l.baseCents * l.federalBp) / 10_000) <= 0.5
          && Math.abs(l.stateCents - (l.baseCents * l.stateBp) / 10_000) <= 0.5);
        return taxes.federalCents === sum((l) => l.federalCents)
          && taxes.stateCents === sum((l) => l.stateCents)
          && taxes.totalCents === taxes.federalCents + taxes.stateCents
          && taxes.lines.every((l) => l.totalCents === l.federalCents + l.stateCents && Number.isInteger(l.totalCents) && l.totalCents >= 0)
          && withinHalf;
      },
    ));
  });

  it('property: the total is within half a cent per line and sphere of the exact tax of the whole order', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }),
      (totals) => {
        const taxes = computeTaxes(totals.map((t, i) => ({ sku: `S${i}`, lineTotalCents: t, ncm: '85171300' })), 0, rates);
        const exact = (totals.reduce((a, b) => a + b, 0) * (1345 + 1800)) / 10_000;
        return Math.abs(taxes.totalCents - exact) <= totals.length;
      },
    ));
  });
});

describe('the IBPT-style file', () => {
  it('percentages with two decimals, dot or comma, 0..100, become basis points', () => {
    expect(percentToBp('13.45')).toBe(1345);
    expect(percentToBp('13,4')).toBe(1340);
    expect(percentToBp('0')).toBe(0);
    expect(percentToBp('100.00')).toBe(10_000);
    expect(percentToBp('100.01')).toBeUndefined();
    expect(percentToBp('1.234')).toBeUndefined();
    expect(percentToBp('-1')).toBeUndefined();
    expect(percentToBp('abc')).toBeUndefined();
  });

  it('keeps goods rows without ex: national federal and state rates, version, source and validity', () => {
    const parsed = parseTaxTable([
      HEADER,
      row('85171300', '13.45', '18.00'),
      row('85171300', '20.00', '18.00', { ex: '01' }),
      row('01012100', '9,70', '12,00'),
      row('00000001', '5.00', '0.00', { tipo: '1' }),
    ].join('\r\n'));
    expect(parsed).toEqual({
      version: '26.1.A', source: 'IBPT/empresometro.com.br', validFrom: '2026-01-01', validUntil: '2026-06-30',
      rates: { '85171300': [1345, 1800], '01012100': [970, 1200] },
    });
  });

  it('refuses a file with bad lines, naming each, and loads nothing', () => {
    const bad = [HEADER, row('8517130', '13.45', '18.00'), row('85171300', '13.456', '18.00'), row('01012100', '9.70', '101'), row('01012100', '9.70', '12'), row('01012100', '9.70', '12')].join('\n');
    try {
      parseTaxTable(bad);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details.map((d) => d.field)).toEqual([
        'csv[line 2].codigo', 'csv[line 3].nacionalfederal', 'csv[line 4].estadual', 'csv[line 6].codigo',
      ]);
    }
  });

  it('refuses a file without the required columns, with two versions, or without goods rows', () => {
    expect(() => parseTaxTable('ncm;federal;estadual\n85171300;1;1')).toThrow(ValidationError);
    expect(() => parseTaxTable([HEADER, row('85171300', '1', '1'), row('01012100', '1', '1', { version: '26.2.A' })].join('\n'))).toThrow(/1 problem/);
    expect(() => parseTaxTable([HEADER, row('00000001', '5.00', '0.00', { tipo: '1' })].join('\n'))).toThrow(ValidationError);
    expect(() => parseTaxTable('')).toThrow(ValidationError);
  });
});
