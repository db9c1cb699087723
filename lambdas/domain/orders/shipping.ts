/**
 * Shipping quotes for Brazil, from the one warehouse in São Paulo.
 *
 * Checkout depends only on the {@link ShippingQuoter} port. {@link carrierShippingQuoter} asks the
 * carrier (its services, prices and days) and falls back to the fixed per-region table
 * ({@link tableShippingQuoter}) when the carrier is slow, down, or has nothing for the parcel.
 *
 * Pricing rules of the table quoter:
 * - the destination state (UF) comes from the CEP ({@link ufForCep}), the region from the state;
 * - charged weight is the total weight rounded up to whole kilograms, at least 1 kg;
 * - price = region base price + region price per kg × charged kg, in integer cents (BRL);
 * - shipping is free when the merchandise subtotal (after any coupon discount) is at least the
 *   free-shipping threshold ({@link DEFAULT_FREE_SHIPPING_THRESHOLD_CENTS} unless configured);
 * - an empty cart (no units) ships for 0 and is not reported as free shipping.
 */
import type { Uf } from '#domain/identity/rules.js';
import { deliveryDate } from '#domain/logistics/delivery-date.js';
import type { CarrierQuote, Parcel } from '#domain/logistics/ports.js';
import { ValidationError } from '#shared/errors.js';

/**
 * CEP ranges per state, on the first five digits (each range covers `xxxxx-000` to `xxxxx-999`).
 * Source: Correios, "Faixas de CEP por UF" (Busca Faixa de CEP, buscacepinter.correios.com.br),
 * as in force since 2008, when Rondônia moved to 76800–76999 (Goiás now ends at 76799).
 * Unassigned prefixes map to no state: 00000–00999, and 78900–78999 (Rondônia's retired range).
 */
export const CEP_RANGES: readonly (readonly [from: string, to: string, uf: Uf])[] = [
  ['01000', '19999', 'SP'],
  ['20000', '28999', 'RJ'],
  ['29000', '29999', 'ES'],
  ['30000', '39999', 'MG'],
  ['40000', '48999', 'BA'],
  ['49000', '49999', 'SE'],
  ['50000', '56999', 'PE'],
  ['57000', '57999', 'AL'],
  ['58000', '58999', 'PB'],
  ['59000', '59999', 'RN'],
  ['60000', '63999', 'CE'],
  ['64000', '64999', 'PI'],
  ['65000', '65999', 'MA'],
  ['66000', '68899', 'PA'],
  ['68900', '68999', 'AP'],
  ['69000', '69299', 'AM'],
  ['69300', '69399', 'RR'],
  ['69400', '69899', 'AM'],
  ['69900', '69999', 'AC'],
  ['70000', '72799', 'DF'],
  ['72800', '72999', 'GO'],
  ['73000', '73699', 'DF'],
  ['73700', '76799', 'GO'],
  ['76800', '76999', 'RO'],
  ['77000', '77999', 'TO'],
  ['78000', '78899', 'MT'],
  ['79000', '79999', 'MS'],
  ['80000', '87999', 'PR'],
  ['88000', '89999', 'SC'],
  ['90000', '99999', 'RS'],
];

/**
 * The state of a CEP (8 digits, already normalised), or undefined when the CEP is malformed or
 * falls outside every state's range.
 */
export function ufForCep(cep: string): Uf | undefined {
  if (!/^\d{8}$/.test(cep)) return undefined;
  const prefix = cep.slice(0, 5);
  // Equal-length digit strings compare like the numbers they spell.
  return CEP_RANGES.find(([from, to]) => prefix >= from && prefix <= to)?.[2];
}

export type Region = 'Sudeste' | 'Sul' | 'Centro-Oeste' | 'Nordeste' | 'Norte';

/** IBGE macro-region of each state. */
export const REGION_OF_UF: Readonly<Record<Uf, Region>> = {
  SP: 'Sudeste', RJ: 'Sudeste', ES: 'Sudeste', MG: 'Sudeste',
  PR: 'Sul', SC: 'Sul', RS: 'Sul',
  DF: 'Centro-Oeste', GO: 'Centro-Oeste', MT: 'Centro-Oeste', MS: 'Centro-Oeste',
  BA: 'Nordeste', SE: 'Nordeste', PE: 'Nordeste', AL: 'Nordeste', PB: 'Nordeste',
  RN: 'Nordeste', CE: 'Nordeste', PI: 'Nordeste', MA: 'Nordeste',
  PA: 'Norte', AP: 'Norte', AM: 'Norte', RR: 'Norte', AC: 'Norte', RO: 'Norte', TO: 'Norte',
};

/** Price (cents) and delivery time (business days) from the São Paulo warehouse to a region. */
export interface RegionRate {
  readonly baseCents: number;
  readonly perKgCents: number;
  readonly minDays: number;
  readonly maxDays: number;
}

/** The standard rate table. */
export const SHIPPING_RATES: Readonly<Record<Region, RegionRate>> = {
  'Sudeste':      { baseCents: 1990, perKgCents: 490,  minDays: 2, maxDays: 5 },
  'Sul':          { baseCents: 2490, perKgCents: 690,  minDays: 3, maxDays: 7 },
  'Centro-Oeste': { baseCents: 2990, perKgCents: 890,  minDays: 4, maxDays: 9 },
  'Nordeste':     { baseCents: 3490, perKgCents: 1090, minDays: 5, maxDays: 12 },
  'Norte':        { baseCents: 4990, perKgCents: 1490, minDays: 7, maxDays: 15 },
};

/** R$ 299,00: merchandise subtotals (after discount) from here ship free. */
export const DEFAULT_FREE_SHIPPING_THRESHOLD_CENTS = 29_900;

/** Customer-facing name of the table quoter's only service. */
export const STANDARD_SERVICE = 'Entrega padrão';

export interface ShippingItem {
  weightGrams: number;
  quantity: number;
  /** The packed unit's box; the table ignores it, carriers price by it. */
  heightCm?: number;
  widthCm?: number;
  lengthCm?: number;
}

export interface ShippingRequest {
  /** Destination CEP, 8 digits. */
  cep: string;
  items: ShippingItem[];
  /** Merchandise subtotal after any coupon discount, in cents (shipping excluded). */
  merchandiseCents: number;
  /** The carrier service the customer chose (a `serviceId` of an earlier quote); the cheapest when absent. */
  service?: string;
}

/** One way to ship the cart: a carrier service, or the table's one. */
export interface ShippingOption {
  /** The carrier's id for the service; null for the table's. */
  serviceId: string | null;
  /** Customer-facing name. */
  service: string;
  priceCents: number;
  minDays: number;
  maxDays: number;
}

export interface ShippingQuote {
  cep: string;
  uf: Uf;
  region: Region;
  /** Customer-facing service name of the chosen option. */
  service: string;
  /** The chosen option's carrier service id; null when the table priced it. */
  serviceId: string | null;
  priceCents: number;
  freeShipping: boolean;
  /** Delivery estimate in business days. */
  minDays: number;
  maxDays: number;
  /** `carrier`: the carrier's quote; `table`: the CEP table (no carrier, or it was slow, down or had no service). */
  source: 'carrier' | 'table';
  /** Every option, cheapest first (the table has one). */
  options: ShippingOption[];
}

/** The port checkout prices shipping through. */
export interface ShippingQuoter {
  /** The quote for a destination and cart, or undefined when the CEP belongs to no state. */
  quote(request: ShippingRequest): Promise<ShippingQuote | undefined>;
}

/** The table quoter answers at once. */
export interface TableShippingQuoter {
  quote(request: ShippingRequest): ShippingQuote | undefined;
}

export interface TableShippingOptions {
  /** Merchandise subtotal from which shipping is free; `null` turns free shipping off. */
  freeShippingThresholdCents?: number | null;
  rates?: Readonly<Record<Region, RegionRate>>;
}

/** Whole kilograms charged for a total weight: rounded up, at least 1. */
export function chargedKg(totalGrams: number): number {
  return Math.max(1, Math.ceil(totalGrams / 1000));
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

function validate(request: ShippingRequest): void {
  request.items.forEach((item, i) => {
    if (!isCount(item.quantity)) throw new ValidationError('Item quantity must be a non-negative integer', [{ field: `items[${i}].quantity` }]);
    if (!isCount(item.weightGrams)) throw new ValidationError('Item weight must be a non-negative integer number of grams', [{ field: `items[${i}].weightGrams` }]);
  });
  if (!isCount(request.merchandiseCents)) {
    throw new ValidationError('Merchandise subtotal must be a non-negative integer number of cents', [{ field: 'merchandiseCents' }]);
  }
}

/** A table quoter with its own threshold and rates (the defaults when omitted). */
export function createTableShippingQuoter(options: TableShippingOptions = {}): TableShippingQuoter {
  const threshold = options.freeShippingThresholdCents === undefined ? DEFAULT_FREE_SHIPPING_THRESHOLD_CENTS : options.freeShippingThresholdCents;
  const rates = options.rates ?? SHIPPING_RATES;
  return {
    quote(request) {
      validate(request);
      const uf = ufForCep(request.cep);
      if (uf === undefined) return undefined;
      const region = REGION_OF_UF[uf];
      const rate = rates[region];
      const units = request.items.reduce((sum, item) => sum + item.quantity, 0);
      const grams = request.items.reduce((sum, item) => sum + item.weightGrams * item.quantity, 0);
      const freeShipping = units > 0 && threshold !== null && request.merchandiseCents >= threshold;
      const priceCents = units === 0 || freeShipping ? 0 : rate.baseCents + rate.perKgCents * chargedKg(grams);
      return {
        cep: request.cep,
        uf,
        region,
        service: STANDARD_SERVICE,
        serviceId: null,
        priceCents,
        freeShipping,
        minDays: rate.minDays,
        maxDays: rate.maxDays,
        source: 'table',
        options: [{ serviceId: null, service: STANDARD_SERVICE, priceCents, minDays: rate.minDays, maxDays: rate.maxDays }],
      };
    },
  };
}

/** The default table: standard rates, free shipping from R$ 299,00. */
export const tableShippingQuoter: TableShippingQuoter = createTableShippingQuoter();

/** Correios' smallest box (cm): carriers refuse parcels below it. */
const MIN_BOX = { heightCm: 2, widthCm: 11, lengthCm: 16 } as const;

/**
 * The cart as one parcel: the units' weights added, their boxes stacked (heights added, the largest
 * width and length), never below the smallest box carriers take. Items without a box count as
 * the catalog's default unit box would.
 */
export function parcelOf(items: readonly ShippingItem[]): Parcel {
  const units = items.filter((i) => i.quantity > 0);
  return {
    weightGrams: Math.max(1, units.reduce((sum, i) => sum + i.weightGrams * i.quantity, 0)),
    heightCm: Math.max(MIN_BOX.heightCm, units.reduce((sum, i) => sum + (i.heightCm ?? 10) * i.quantity, 0)),
    widthCm: Math.max(MIN_BOX.widthCm, ...units.map((i) => i.widthCm ?? 15)),
    lengthCm: Math.max(MIN_BOX.lengthCm, ...units.map((i) => i.lengthCm ?? 20)),
  };
}

export interface CarrierShippingOptions {
  /** The carrier's quote call (the carrier port's `quote`). */
  quote(input: { fromCep: string; toCep: string; packages: Parcel[] }): Promise<CarrierQuote[]>;
  /** The warehouse's CEP. */
  fromCep: string;
  /** How long a quote may take before the table answers instead. */
  timeoutMs: number;
  /** The table for the fallback, and whose free-shipping threshold applies to carrier prices too. */
  table?: TableShippingQuoter;
  freeShippingThresholdCents?: number | null;
  /** Told when the table answered instead of the carrier (for the logs). */
  onFallback?: (reason: string) => void;
}

const unavailable = (options: ShippingOption[]) =>
  new ValidationError('Shipping service not offered for this cart and CEP', [{ field: 'shippingService', message: `offered: ${options.map((o) => o.serviceId).join(', ')}` }]);

class QuoteTimeout extends Error {
  override readonly name = 'QuoteTimeout';
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QuoteTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Quotes from the carrier: its services with price and days, cheapest first; free shipping (the
 * table's threshold) makes the cheapest one free. When the carrier does not answer within
 * `timeoutMs`, fails, or has no service for the parcel, the table answers (source `table`): a
 * slower or broken carrier never makes the cart or checkout fail. A chosen service the carrier
 * does not offer for this cart is a 400; after a fallback the table's service stands in for it.
 */
export function carrierShippingQuoter(options: CarrierShippingOptions): ShippingQuoter {
  const table = options.table ?? tableShippingQuoter;
  const threshold = options.freeShippingThresholdCents === undefined ? DEFAULT_FREE_SHIPPING_THRESHOLD_CENTS : options.freeShippingThresholdCents;
  return {
    async quote(request) {
      const fallback = table.quote(request);
      if (!fallback) return undefined;
      const units = request.items.reduce((sum, item) => sum + item.quantity, 0);
      if (units === 0) return fallback;
      let quotes: CarrierQuote[];
      try {
        quotes = await within(options.quote({ fromCep: options.fromCep, toCep: request.cep, packages: [parcelOf(request.items)] }), options.timeoutMs);
      } catch (error) {
        options.onFallback?.(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        return fallback;
      }
      if (quotes.length === 0) {
        options.onFallback?.('the carrier has no service for this parcel');
        return fallback;
      }
      const sorted = [...quotes].sort((a, b) => a.priceCents - b.priceCents);
      const freeShipping = threshold !== null && request.merchandiseCents >= threshold;
      const offered: ShippingOption[] = sorted.map((q, i) => ({
        serviceId: q.service, service: q.name, priceCents: freeShipping && i === 0 ? 0 : q.priceCents, minDays: q.minDays, maxDays: q.maxDays,
      }));
      const chosen = request.service === undefined ? offered[0] : offered.find((o) => o.serviceId === request.service);
      if (!chosen) throw unavailable(offered);
      return {
        cep: fallback.cep, uf: fallback.uf, region: fallback.region,
        service: chosen.service, serviceId: chosen.serviceId, priceCents: chosen.priceCents, freeShipping: freeShipping && chosen === offered[0],
        minDays: chosen.minDays, maxDays: chosen.maxDays, source: 'carrier', options: offered,
      };
    },
  };
}

/** A carrier quote kept with the cart, for the order placed from it. */
export interface StoredShippingQuote {
  /** What it was quoted for: CEP, merchandise after discount and lines ({@link quoteKey}). */
  key: string;
  at: string;
  quote: ShippingQuote;
}

/** How long a cart's carrier quote is charged at checkout. */
export const STORED_QUOTE_MAX_AGE_MS = 30 * 60_000;

/** What a quote depends on: the CEP, the merchandise after discount (free shipping) and every line. */
export function quoteKey(request: Pick<ShippingRequest, 'cep' | 'merchandiseCents'>, lines: readonly { sku: string; quantity: number }[]): string {
  return [request.cep, request.merchandiseCents, ...[...lines].sort((a, b) => a.sku.localeCompare(b.sku)).map((l) => `${l.sku}x${l.quantity}`)].join('|');
}

/**
 * The cart's carrier quote as the order's, with the service the customer chose: undefined when there
 * is none for this very cart, CEP and discount, or it is older than {@link STORED_QUOTE_MAX_AGE_MS}.
 * A chosen service it does not list is a 400.
 */
export function storedQuoteFor(stored: StoredShippingQuote | null | undefined, key: string, now: Date, service?: string): ShippingQuote | undefined {
  if (!stored || stored.key !== key || now.getTime() - Date.parse(stored.at) > STORED_QUOTE_MAX_AGE_MS) return undefined;
  const chosen = withService(stored.quote, service);
  if (!chosen) throw unavailable(stored.quote.options);
  return chosen;
}

/** The quote priced with one of its options (the cheapest when `service` is undefined); undefined when it does not offer `service`. */
export function withService(quote: ShippingQuote, service?: string): ShippingQuote | undefined {
  const { options } = quote;
  const chosen = service === undefined ? options[0] : options.find((o) => o.serviceId === service);
  if (!chosen) return undefined;
  return { ...quote, service: chosen.service, serviceId: chosen.serviceId, priceCents: chosen.priceCents, minDays: chosen.minDays, maxDays: chosen.maxDays, freeShipping: chosen === options[0] && chosen.priceCents === 0 };
}

/** No carrier configured: the table, behind the same asynchronous port. */
export const tableOnlyShippingQuoter: ShippingQuoter = { quote: async (request) => tableShippingQuoter.quote(request) };

/** An option with its delivery promise. */
export type DatedShippingOption = ShippingOption & {
  /** The last day of `maxDays` business days from today, São Paulo calendar (docs/decisions.md "Delivery promise"). */
  estimatedDeliveryDate: string;
};

/** A quote as shoppers read it: each option's days also as a calendar date. */
export type DatedShippingQuote = Omit<ShippingQuote, 'options'> & { estimatedDeliveryDate: string; options: DatedShippingOption[] };

/** Adds the delivery dates of a quote made at `now` (business days skip weekends and national holidays). */
export function withDeliveryDates(quote: ShippingQuote, now: Date): DatedShippingQuote {
  return {
    ...quote,
    estimatedDeliveryDate: deliveryDate(now, quote.maxDays),
    options: quote.options.map((o) => ({ ...o, estimatedDeliveryDate: deliveryDate(now, o.maxDays) })),
  };
}
