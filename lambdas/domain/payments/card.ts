import { type ErrorDetail, ValidationError } from '#shared/errors.js';

/**
 * Card rules used by the sandbox provider and the Mercado Pago fake when they tokenize a test
 * card, and by checkout to validate installments. Card numbers never leave the tokenizer: the
 * rest of the system only sees a token, the brand and the last four digits.
 */

export type CardBrand = 'visa' | 'master' | 'amex' | 'elo' | 'unknown';

/** Digits only; spaces and dashes (as typed) are ignored. Null when anything else is present. */
export function cardDigits(number: string): string | null {
  const digits = number.replace(/[\s-]/g, '');
  return /^\d+$/.test(digits) ? digits : null;
}

/** Luhn (mod 10) check on 12-19 digit card numbers. */
export function luhnValid(number: string): boolean {
  const digits = cardDigits(number);
  if (digits === null || digits.length < 12 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Elo BIN ranges (6 digits, inclusive). Elo shares prefixes with Visa (4...) and others, so it is
 * checked first.
 */
const ELO_RANGES: ReadonlyArray<readonly [number, number]> = [
  [401178, 401179],
  [431274, 431274],
  [438935, 438935],
  [451416, 451416],
  [457393, 457393],
  [457631, 457632],
  [504175, 504175],
  [506699, 506778],
  [509000, 509999],
  [627780, 627780],
  [636297, 636297],
  [636368, 636368],
  [650031, 650033],
  [650035, 650051],
  [650405, 650439],
  [650485, 650538],
  [650541, 650598],
  [650700, 650718],
  [650720, 650727],
  [650901, 650978],
  [651652, 651679],
  [655000, 655019],
  [655021, 655058],
];

/** Brand from the card number's prefix (BIN). */
export function cardBrand(number: string): CardBrand {
  const digits = cardDigits(number) ?? '';
  const bin = Number(digits.slice(0, 6));
  if (digits.length >= 6 && ELO_RANGES.some(([from, to]) => bin >= from && bin <= to)) return 'elo';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^4/.test(digits)) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'master';
  return 'unknown';
}

export interface CardInput {
  number: string;
  expMonth: number;
  /** Four digits (2031) or two (31). */
  expYear: number;
  cvc: string;
  holder: string;
}

export interface ValidatedCard {
  brand: CardBrand;
  lastFour: string;
  /** Normalised: digits only, four-digit year. */
  number: string;
  expMonth: number;
  expYear: number;
  holder: string;
}

/**
 * Checks a card before it is turned into a token. Every problem is reported at once, each with
 * its field: number (format or Luhn), expMonth / expYear (range or in the past), cvc (3 digits,
 * 4 for Amex), holder (required). A card is valid through the last day of its expiry month
 * (compared in UTC).
 */
export function validateCardForTokenization(card: CardInput, now: Date): ValidatedCard {
  const details: ErrorDetail[] = [];
  const digits = cardDigits(card.number);
  if (digits === null || digits.length < 12 || digits.length > 19) {
    details.push({ field: 'number', message: 'must be 12 to 19 digits' });
  } else if (!luhnValid(digits)) {
    details.push({ field: 'number', message: 'is not a valid card number (check digit)' });
  }
  const brand = digits === null ? 'unknown' : cardBrand(digits);

  const monthOk = Number.isInteger(card.expMonth) && card.expMonth >= 1 && card.expMonth <= 12;
  if (!monthOk) details.push({ field: 'expMonth', message: 'must be 1 to 12' });
  const expYear = Number.isInteger(card.expYear) && card.expYear >= 0 && card.expYear < 100 ? 2000 + card.expYear : card.expYear;
  const yearOk = Number.isInteger(expYear) && expYear >= 2000 && expYear <= 2099;
  if (!yearOk) details.push({ field: 'expYear', message: 'must be a year such as 2031' });
  if (monthOk && yearOk) {
    const thisYear = now.getUTCFullYear();
    const thisMonth = now.getUTCMonth() + 1;
    if (expYear < thisYear) details.push({ field: 'expYear', message: 'card has expired' });
    else if (expYear === thisYear && card.expMonth < thisMonth) details.push({ field: 'expMonth', message: 'card has expired' });
    else if (expYear > thisYear + 20) details.push({ field: 'expYear', message: 'is too far in the future' });
  }

  const cvcLength = brand === 'amex' ? [4] : [3, 4];
  if (!/^\d+$/.test(card.cvc) || !cvcLength.includes(card.cvc.length)) {
    details.push({ field: 'cvc', message: brand === 'amex' ? 'must be 4 digits' : 'must be 3 or 4 digits' });
  }
  const holder = card.holder.trim().replace(/\s+/g, ' ');
  if (holder.length === 0) details.push({ field: 'holder', message: 'is required' });
  else if (holder.length > 100) details.push({ field: 'holder', message: 'must be at most 100 characters' });

  if (details.length > 0) throw new ValidationError('Invalid card', details);
  return { brand, lastFour: digits!.slice(-4), number: digits!, expMonth: card.expMonth, expYear, holder };
}

/** Installments: no interest, each at least R$ 5,00, at most 12. */
export const MIN_INSTALLMENT_CENTS = 500;
export const MAX_INSTALLMENTS = 12;

export function maxInstallments(amountCents: number): number {
  return Math.max(1, Math.min(MAX_INSTALLMENTS, Math.floor(amountCents / MIN_INSTALLMENT_CENTS)));
}

export function validateInstallments(installments: number, amountCents: number): void {
  const max = maxInstallments(amountCents);
  if (!Number.isInteger(installments) || installments < 1 || installments > max) {
    throw new ValidationError(`Installments must be between 1 and ${max} for this amount`, [
      { field: 'installments', message: `must be an integer from 1 to ${max} (each installment at least R$ 5,00, at most ${MAX_INSTALLMENTS})` },
    ]);
  }
}

export const installmentRule = { maxInstallments, validateInstallments, MIN_INSTALLMENT_CENTS, MAX_INSTALLMENTS } as const;
