/** The admin console's periods (web/src/admin/period.ts): São Paulo days, the URL's period, the change text. */
import { addDays, changeText, lastDays, periodOf, saoPauloDay } from '../../web/src/admin/period.js';

test('days are São Paulo calendar days: 02:00 UTC is still the day before there', () => {
  expect(saoPauloDay(new Date('2026-12-03T02:00:00Z'))).toBe('2026-12-02');
  expect(saoPauloDay(new Date('2026-12-03T03:00:00Z'))).toBe('2026-12-03');
});

test('the last n days include today and cross month and year ends', () => {
  expect(lastDays(7, new Date('2026-12-03T15:00:00Z'))).toEqual({ from: '2026-11-27', to: '2026-12-03' });
  expect(lastDays(1, new Date('2027-01-01T02:59:59Z'))).toEqual({ from: '2026-12-31', to: '2026-12-31' });
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
});

test('the period in the URL is taken when both days are well formed and in order; the last 7 days otherwise', () => {
  const now = new Date('2026-12-03T15:00:00Z');
  expect(periodOf(new URLSearchParams('de=2026-11-01&ate=2026-11-30'), now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  const fallback = { from: '2026-11-27', to: '2026-12-03' };
  expect(periodOf(new URLSearchParams('de=2026-11-30&ate=2026-11-01'), now)).toEqual(fallback);
  expect(periodOf(new URLSearchParams('de=ontem&ate=2026-11-01'), now)).toEqual(fallback);
  expect(periodOf(new URLSearchParams(''), now)).toEqual(fallback);
});

test('a change reads as a signed pt-BR percentage, and no previous figure reads as nothing to compare', () => {
  expect(changeText(0.125)).toBe('+12,5%');
  expect(changeText(-0.03)).toBe('−3,0%');
  expect(changeText(0)).toBe('0,0%');
  expect(changeText(null)).toBeNull();
});
