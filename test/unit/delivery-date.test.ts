import fc from 'fast-check';
import { deliveryDate, easterSunday, isBusinessDay, nationalHolidays } from '#domain/logistics/delivery-date.js';
import { withDeliveryDates, tableShippingQuoter } from '#domain/orders/shipping.js';

describe('business days to a delivery date (America/Sao_Paulo)', () => {
  it('finds Easter and Good Friday', () => {
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2030)).toBe('2030-04-21');
    expect(nationalHolidays(2026).get('2026-04-03')).toBe('Paixão de Cristo');
    expect(nationalHolidays(2023).has('2023-11-20')).toBe(false);
    expect(nationalHolidays(2026).get('2026-11-20')).toBe('Dia Nacional de Zumbi e da Consciência Negra');
  });

  it('skips weekends', () => {
    // Thursday 3 Dec 2026, 14:00 in São Paulo.
    const thursday = new Date('2026-12-03T17:00:00Z');
    expect(deliveryDate(thursday, 0)).toBe('2026-12-03');
    expect(deliveryDate(thursday, 1)).toBe('2026-12-04');
    expect(deliveryDate(thursday, 2)).toBe('2026-12-07');
    expect(deliveryDate(thursday, 5)).toBe('2026-12-10');
  });

  it('skips national holidays (Christmas and New Year, Good Friday, Tiradentes)', () => {
    // Wednesday 23 Dec 2026: 24 (Thu), [25 Fri holiday], 28, 29, 30, 31, [1 Jan holiday], 4 Jan.
    expect(deliveryDate(new Date('2026-12-23T15:00:00Z'), 6)).toBe('2027-01-04');
    // Thursday 2 Apr 2026: [3 Apr Good Friday], 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, [21 Tiradentes], 22: the 12th.
    expect(deliveryDate(new Date('2026-04-02T15:00:00Z'), 1)).toBe('2026-04-06');
    expect(deliveryDate(new Date('2026-04-02T15:00:00Z'), 12)).toBe('2026-04-22');
  });

  it('counts from the São Paulo day, not the UTC day', () => {
    // 01:30 UTC on Saturday 5 Dec is still Friday 4 Dec, 22:30, in São Paulo.
    expect(deliveryDate(new Date('2026-12-05T01:30:00Z'), 1)).toBe('2026-12-07');
    expect(deliveryDate(new Date('2026-12-05T03:30:00Z'), 0)).toBe('2026-12-05');
  });

  it('property: the date is a business day (for days > 0), and exactly that many business days follow the quote day up to it', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 1, max: 30 }),
      (now, days) => {
        const date = deliveryDate(now, days);
        const start = deliveryDate(now, 0);
        let counted = 0;
        for (let d = new Date(`${start}T12:00:00Z`); d.toISOString().slice(0, 10) < date;) {
          d.setUTCDate(d.getUTCDate() + 1);
          if (isBusinessDay(d.toISOString().slice(0, 10))) counted++;
        }
        return isBusinessDay(date) && counted === days;
      },
    ));
  });

  it('dates every option of a quote by its maxDays', () => {
    const quote = tableShippingQuoter.quote({ cep: '20040002', items: [{ weightGrams: 500, quantity: 1 }], merchandiseCents: 10_000 });
    const dated = withDeliveryDates(quote as NonNullable<typeof quote>, new Date('2026-12-03T17:00:00Z'));
    expect(dated.maxDays).toBe(5);
    expect(dated.estimatedDeliveryDate).toBe('2026-12-10');
    expect(dated.options.map((o) => o.estimatedDeliveryDate)).toEqual(['2026-12-10']);
  });
});
