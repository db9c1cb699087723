import { UFS } from '#domain/identity/rules.js';
import {
  CEP_RANGES, DEFAULT_FREE_SHIPPING_THRESHOLD_CENTS, REGION_OF_UF, SHIPPING_RATES, type ShippingRequest,
  chargedKg, createTableShippingQuoter, tableShippingQuoter, ufForCep,
} from '#domain/orders/shipping.js';

describe('ufForCep', () => {
  it.each([
    // first and last CEP of every range
    ['01000000', 'SP'], ['19999999', 'SP'],
    ['20000000', 'RJ'], ['28999999', 'RJ'],
    ['29000000', 'ES'], ['29999999', 'ES'],
    ['30000000', 'MG'], ['39999999', 'MG'],
    ['40000000', 'BA'], ['48999999', 'BA'],
    ['49000000', 'SE'], ['49999999', 'SE'],
    ['50000000', 'PE'], ['56999999', 'PE'],
    ['57000000', 'AL'], ['57999999', 'AL'],
    ['58000000', 'PB'], ['58999999', 'PB'],
    ['59000000', 'RN'], ['59999999', 'RN'],
    ['60000000', 'CE'], ['63999999', 'CE'],
    ['64000000', 'PI'], ['64999999', 'PI'],
    ['65000000', 'MA'], ['65999999', 'MA'],
    ['66000000', 'PA'], ['68899999', 'PA'],
    ['68900000', 'AP'], ['68999999', 'AP'],
    ['69000000', 'AM'], ['69299999', 'AM'],
    ['69300000', 'RR'], ['69399999', 'RR'],
    ['69400000', 'AM'], ['69899999', 'AM'],
    ['69900000', 'AC'], ['69999999', 'AC'],
    ['70000000', 'DF'], ['72799999', 'DF'],
    ['72800000', 'GO'], ['72999999', 'GO'],
    ['73000000', 'DF'], ['73699999', 'DF'],
    ['73700000', 'GO'], ['76799999', 'GO'],
    ['76800000', 'RO'], ['76999999', 'RO'],
    ['77000000', 'TO'], ['77999999', 'TO'],
    ['78000000', 'MT'], ['78899999', 'MT'],
    ['79000000', 'MS'], ['79999999', 'MS'],
    ['80000000', 'PR'], ['87999999', 'PR'],
    ['88000000', 'SC'], ['89999999', 'SC'],
    ['90000000', 'RS'], ['99999999', 'RS'],
    // real addresses
    ['01310100', 'SP'], // Av. Paulista, São Paulo
    ['22041001', 'RJ'], // Copacabana, Rio de Janeiro
    ['70040010', 'DF'], // Esplanada, Brasília
    ['53990000', 'PE'], // Fernando de Noronha
  ])('%s -> %s', (cep, uf) => {
    expect(ufForCep(cep)).toBe(uf);
  });

  it.each(['00000000', '00999999', '78900000', '78999999'])('%s belongs to no state', (cep) => {
    expect(ufForCep(cep)).toBeUndefined();
  });

  it.each(['', '0131010', '013101000', '01310-100', 'abcdefgh', '0131010a', ' 1310100'])('rejects the malformed CEP %j', (cep) => {
    expect(ufForCep(cep)).toBeUndefined();
  });

  it('has sorted, non-overlapping ranges covering every state', () => {
    for (let i = 1; i < CEP_RANGES.length; i++) {
      const [from, to] = CEP_RANGES[i];
      expect(from <= to).toBe(true);
      expect(CEP_RANGES[i - 1][1] < from).toBe(true);
    }
    expect(new Set(CEP_RANGES.map(([, , uf]) => uf))).toEqual(new Set(UFS));
  });

  it('maps every assigned prefix between 01000 and 99999 except the retired 789xx', () => {
    const unassigned: string[] = [];
    for (let prefix = 1000; prefix <= 99999; prefix++) {
      const cep = `${String(prefix).padStart(5, '0')}000`;
      if (ufForCep(cep) === undefined) unassigned.push(cep.slice(0, 5));
    }
    expect(unassigned).toEqual(Array.from({ length: 100 }, (_, i) => String(78900 + i)));
  });
});

describe('regions and rates', () => {
  it('puts every state in its IBGE region', () => {
    expect(Object.keys(REGION_OF_UF).sort()).toEqual([...UFS].sort());
    const byRegion = (region: string) => UFS.filter((uf) => REGION_OF_UF[uf] === region).sort();
    expect(byRegion('Sudeste')).toEqual(['ES', 'MG', 'RJ', 'SP']);
    expect(byRegion('Sul')).toEqual(['PR', 'RS', 'SC']);
    expect(byRegion('Centro-Oeste')).toEqual(['DF', 'GO', 'MS', 'MT']);
    expect(byRegion('Nordeste')).toEqual(['AL', 'BA', 'CE', 'MA', 'PB', 'PE', 'PI', 'RN', 'SE']);
    expect(byRegion('Norte')).toEqual(['AC', 'AM', 'AP', 'PA', 'RO', 'RR', 'TO']);
  });

  it('has integer prices and sensible delivery windows, growing with distance', () => {
    const order = ['Sudeste', 'Sul', 'Centro-Oeste', 'Nordeste', 'Norte'] as const;
    for (const [i, region] of order.entries()) {
      const rate = SHIPPING_RATES[region];
      for (const n of [rate.baseCents, rate.perKgCents, rate.minDays, rate.maxDays]) expect(Number.isInteger(n) && n > 0).toBe(true);
      expect(rate.minDays).toBeLessThanOrEqual(rate.maxDays);
      if (i > 0) expect(rate.baseCents).toBeGreaterThan(SHIPPING_RATES[order[i - 1]].baseCents);
    }
  });
});

describe('chargedKg', () => {
  it.each([
    [0, 1], [1, 1], [999, 1], [1000, 1], [1001, 2], [2000, 2], [2001, 3], [10_500, 11],
  ])('%i g -> %i kg', (grams, kg) => {
    expect(chargedKg(grams)).toBe(kg);
  });
});

describe('tableShippingQuoter', () => {
  const request = (cep: string, items: ShippingRequest['items'], merchandiseCents = 10_000): ShippingRequest => ({ cep, items, merchandiseCents });
  const oneKg = [{ weightGrams: 1000, quantity: 1 }];

  it.each([
    ['01310100', 'SP', 'Sudeste', 1990 + 490, 2, 5],
    ['80010000', 'PR', 'Sul', 2490 + 690, 3, 7],
    ['70040010', 'DF', 'Centro-Oeste', 2990 + 890, 4, 9],
    ['40010000', 'BA', 'Nordeste', 3490 + 1090, 5, 12],
    ['69005000', 'AM', 'Norte', 4990 + 1490, 7, 15],
  ])('quotes %s (%s, %s) at %i cents for 1 kg', (cep, uf, region, priceCents, minDays, maxDays) => {
    expect(tableShippingQuoter.quote(request(cep, oneKg))).toEqual({
      cep, uf, region, service: 'Entrega padrão', serviceId: null, priceCents, freeShipping: false, minDays, maxDays,
      source: 'table', options: [{ serviceId: null, service: 'Entrega padrão', priceCents, minDays, maxDays }],
    });
  });

  it('charges every started kilogram of the total weight', () => {
    const price = (items: ShippingRequest['items']) => tableShippingQuoter.quote(request('01310100', items))?.priceCents;
    expect(price([{ weightGrams: 300, quantity: 1 }])).toBe(1990 + 490); // minimum 1 kg
    expect(price([{ weightGrams: 0, quantity: 2 }])).toBe(1990 + 490);
    expect(price([{ weightGrams: 500, quantity: 2 }])).toBe(1990 + 490); // exactly 1 kg
    expect(price([{ weightGrams: 500, quantity: 2 }, { weightGrams: 1, quantity: 1 }])).toBe(1990 + 2 * 490);
    expect(price([{ weightGrams: 1200, quantity: 3 }, { weightGrams: 250, quantity: 4 }])).toBe(1990 + 5 * 490); // 4.6 kg
  });

  it('ships an empty cart for nothing', () => {
    for (const items of [[], [{ weightGrams: 800, quantity: 0 }]]) {
      expect(tableShippingQuoter.quote(request('69005000', items, 0))).toMatchObject({ uf: 'AM', priceCents: 0, freeShipping: false });
    }
  });

  it('ships free from exactly the threshold, not one cent below', () => {
    const at = (merchandiseCents: number) => tableShippingQuoter.quote(request('90010000', oneKg, merchandiseCents));
    expect(DEFAULT_FREE_SHIPPING_THRESHOLD_CENTS).toBe(29_900);
    expect(at(29_900)).toMatchObject({ priceCents: 0, freeShipping: true, minDays: 3, maxDays: 7 });
    expect(at(1_000_000)).toMatchObject({ priceCents: 0, freeShipping: true });
    expect(at(29_899)).toMatchObject({ priceCents: 2490 + 690, freeShipping: false });
  });

  it('takes the threshold and rates from its options', () => {
    const cheap = createTableShippingQuoter({ freeShippingThresholdCents: 10_000 });
    expect(cheap.quote(request('01310100', oneKg, 10_000))).toMatchObject({ priceCents: 0, freeShipping: true });
    expect(cheap.quote(request('01310100', oneKg, 9_999))).toMatchObject({ priceCents: 2480, freeShipping: false });

    const never = createTableShippingQuoter({ freeShippingThresholdCents: null });
    expect(never.quote(request('01310100', oneKg, 100_000_000))).toMatchObject({ priceCents: 2480, freeShipping: false });

    const flat = createTableShippingQuoter({
      rates: { ...SHIPPING_RATES, Sudeste: { baseCents: 1000, perKgCents: 0, minDays: 1, maxDays: 1 } },
    });
    expect(flat.quote(request('01310100', [{ weightGrams: 30_000, quantity: 1 }]))).toMatchObject({ priceCents: 1000, minDays: 1, maxDays: 1 });
  });

  it.each(['00000000', '78950000', '0131010', '01310-100', 'abcdefgh'])('returns no quote for %j', (cep) => {
    expect(tableShippingQuoter.quote(request(cep, oneKg))).toBeUndefined();
  });

  it.each([
    [[{ weightGrams: 100, quantity: -1 }], 1000],
    [[{ weightGrams: 100, quantity: 1.5 }], 1000],
    [[{ weightGrams: -1, quantity: 1 }], 1000],
    [[{ weightGrams: Number.NaN, quantity: 1 }], 1000],
    [oneKg, -1],
    [oneKg, 10.5],
  ])('rejects invalid items or amounts %j, %d', (items, merchandiseCents) => {
    expect(() => tableShippingQuoter.quote(request('01310100', items, merchandiseCents))).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});
