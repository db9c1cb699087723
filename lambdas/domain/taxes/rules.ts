/**
 * Approximate taxes of a sale (Lei 12.741/2012, "Valor aproximado dos tributos"), in integer cents.
 *
 * - Each variant carries an NCM code (8 digits). The rates come from the current version of the
 *   store's rate table (the IBPT-style file the admin uploads, lambdas/domain/taxes/table.ts):
 *   per NCM, a federal and a state rate in hundredths of a percent (basis points: 1345 = 13,45 %).
 * - A line whose variant has no NCM, or whose NCM the table does not list, uses the table's default
 *   rates (given with the file, else {@link DEFAULT_TAX_RATES}); so does every line while no table
 *   was ever uploaded. Such lines are marked `source: "default"`. A missing NCM never fails a sale.
 * - The base of a line is what the customer pays for it: its total minus its share of the coupon
 *   discount ({@link allocateDiscount}: proportional to line totals, largest remainder, so the shares
 *   add up to the discount exactly). Shipping carries no merchandise taxes here.
 * - Rounding: per line and per sphere, half-up to the cent ({@link percentOfCents}); the order's
 *   amounts are the sums of its lines' rounded amounts, so the receipt adds up. See
 *   docs/decisions.md "Approximate taxes" for why half-up and not banker's rounding.
 */

/** Rates in basis points (hundredths of a percent) of the price. */
export interface TaxRates {
  federalBp: number;
  stateBp: number;
}

/**
 * Used for a line without a listed NCM when the table gives no default of its own, and for every
 * line before any table exists: federal 15,00 % (a round figure within the IBPT range of most goods
 * a retailer sells, national origin) and state 18,00 % (São Paulo's standard internal ICMS rate; the
 * store ships from São Paulo). An approximation by design: the admin's file should carry its own default.
 */
export const DEFAULT_TAX_RATES: TaxRates = { federalBp: 1500, stateBp: 1800 };

const NCM = /^\d{8}$/;

/** An NCM as the catalog stores it: 8 digits; dots (`8517.13.00`) are accepted and removed. */
export function normalizeNcm(value: string): string | undefined {
  const digits = value.trim().replace(/\./g, '');
  return NCM.test(digits) ? digits : undefined;
}

export const isValidNcm = (value: string): boolean => normalizeNcm(value) !== undefined;

/**
 * `rateBp` basis points of `cents`, rounded half-up to the cent (x.5 goes up). Integer arithmetic
 * only: `cents × rateBp` stays far below 2^53 for any order this API accepts.
 */
export function percentOfCents(cents: number, rateBp: number): number {
  return Math.floor((2 * cents * rateBp + 10_000) / 20_000);
}

/**
 * Splits `discountCents` over lines in proportion to their totals: each gets the floor of its exact
 * share, and the cents left over go one each to the lines with the largest remainders (earlier lines
 * first on ties). The shares add up to the discount exactly and none exceeds its line's total.
 */
export function allocateDiscount(lineTotals: readonly number[], discountCents: number): number[] {
  const subtotal = lineTotals.reduce((sum, t) => sum + t, 0);
  if (subtotal <= 0 || discountCents <= 0) return lineTotals.map(() => 0);
  const discount = Math.min(discountCents, subtotal);
  const shares = lineTotals.map((t) => Math.floor((t * discount) / subtotal));
  let left = discount - shares.reduce((sum, s) => sum + s, 0);
  const byRemainder = lineTotals
    .map((t, i) => ({ i, remainder: (t * discount) % subtotal }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return shares;
}

/** What the tax computation needs of a rate table version. */
export interface RateLookup {
  /** The version's id (IBPT's `versao`, or the one the admin gave); null while no table exists. */
  version: string | null;
  /** The rates of an NCM, undefined when the table does not list it. */
  ratesOf(ncm: string): TaxRates | undefined;
  defaultRates: TaxRates;
}

/** The lookup before any table was uploaded: every line at {@link DEFAULT_TAX_RATES}. */
export const NO_TABLE: RateLookup = { version: null, ratesOf: () => undefined, defaultRates: DEFAULT_TAX_RATES };

export interface TaxableLine {
  sku: string;
  lineTotalCents: number;
  /** null when the variant has none. */
  ncm: string | null;
}

export interface LineTaxes {
  ncm: string | null;
  /** `table`: the NCM's rates; `default`: no NCM, or the table does not list it. */
  source: 'table' | 'default';
  federalBp: number;
  stateBp: number;
  baseCents: number;
  federalCents: number;
  stateCents: number;
  totalCents: number;
}

export interface OrderTaxes {
  /** The rate table version used (frozen on the order); null when none existed. */
  tableVersion: string | null;
  federalCents: number;
  stateCents: number;
  totalCents: number;
  lines: LineTaxes[];
}

/** The approximate taxes of priced lines after a merchandise discount, line by line and in total. */
export function computeTaxes(lines: readonly TaxableLine[], discountCents: number, table: RateLookup): OrderTaxes {
  const shares = allocateDiscount(lines.map((l) => l.lineTotalCents), discountCents);
  const taxed = lines.map((line, i): LineTaxes => {
    const listed = line.ncm === null ? undefined : table.ratesOf(line.ncm);
    const rates = listed ?? table.defaultRates;
    const baseCents = line.lineTotalCents - shares[i];
    const federalCents = percentOfCents(baseCents, rates.federalBp);
    const stateCents = percentOfCents(baseCents, rates.stateBp);
    return {
      ncm: line.ncm, source: listed ? 'table' : 'default', federalBp: rates.federalBp, stateBp: rates.stateBp,
      baseCents, federalCents, stateCents, totalCents: federalCents + stateCents,
    };
  });
  const federalCents = taxed.reduce((sum, l) => sum + l.federalCents, 0);
  const stateCents = taxed.reduce((sum, l) => sum + l.stateCents, 0);
  return { tableVersion: table.version, federalCents, stateCents, totalCents: federalCents + stateCents, lines: taxed };
}
