/**
 * The delivery promise: a quote's business days as a calendar date in the store's time zone
 * (America/Sao_Paulo).
 *
 * Counting: the day of the quote is day 0 (an order placed today leaves on the next business day);
 * each following Monday-to-Friday that is not a national holiday counts one; the date is the day
 * the count reaches the quote's days (0 days: today). Saturdays, Sundays and the holidays below are
 * skipped. State and municipal holidays are not (a carrier's own calendar may add a day there), nor
 * the optional days off (Carnaval, Corpus Christi: "pontos facultativos", not holidays by law).
 */
import { addDays, storeDay } from '#domain/reports/days.js';

/**
 * National holidays on fixed dates (month-day): Lei 662/1949 and Lei 10.607/2002 (1 Jan, 21 Apr,
 * 1 May, 7 Sep, 2 Nov, 15 Nov, 25 Dec), Lei 6.802/1980 (12 Oct), Lei 14.759/2023 (20 Nov, from 2024).
 */
export const FIXED_NATIONAL_HOLIDAYS: readonly (readonly [monthDay: string, name: string])[] = [
  ['01-01', 'Confraternização Universal'],
  ['04-21', 'Tiradentes'],
  ['05-01', 'Dia do Trabalho'],
  ['09-07', 'Independência do Brasil'],
  ['10-12', 'Nossa Senhora Aparecida'],
  ['11-02', 'Finados'],
  ['11-15', 'Proclamação da República'],
  ['11-20', 'Dia Nacional de Zumbi e da Consciência Negra'],
  ['12-25', 'Natal'],
];

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher), as `YYYY-MM-DD`. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The national holidays of a year: the fixed ones and Good Friday (Paixão de Cristo, two days before Easter). */
export function nationalHolidays(year: number): Map<string, string> {
  const holidays = new Map<string, string>(FIXED_NATIONAL_HOLIDAYS
    .filter(([monthDay]) => monthDay !== '11-20' || year >= 2024)
    .map(([monthDay, name]) => [`${year}-${monthDay}`, name]));
  holidays.set(addDays(easterSunday(year), -2), 'Paixão de Cristo');
  return holidays;
}

const holidaysByYear = new Map<number, Map<string, string>>();

/** Whether a day (`YYYY-MM-DD`) is a business day: Monday to Friday and not a national holiday. */
export function isBusinessDay(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const year = Number(day.slice(0, 4));
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = nationalHolidays(year);
    holidaysByYear.set(year, holidays);
  }
  return !holidays.has(day);
}

/** The calendar day (`YYYY-MM-DD`, São Paulo) `businessDays` business days after the day of `now`. */
export function deliveryDate(now: Date, businessDays: number): string {
  let day = storeDay(now);
  for (let counted = 0; counted < businessDays;) {
    day = addDays(day, 1);
    if (isBusinessDay(day)) counted++;
  }
  return day;
}
