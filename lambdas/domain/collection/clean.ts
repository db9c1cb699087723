/**
 * Cleaning of values scraped from product pages: prices to integer cents, GTINs by check digit,
 * text normalised (entities already decoded by the parser, whitespace collapsed, control and
 * bidirectional characters dropped), URLs made absolute and limited to http(s).
 */

/**
 * A price as integer cents, from what pages show or declare: "R$ 1.234,56", "1.234,56",
 * "1234.56" (schema.org's dot decimal), "R$ 1.299" (thousands, no cents), 1234.56 (a JSON number).
 * Undefined when it is not a positive amount (a missing price, "Consulte", zero).
 */
export function priceToCents(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value * 100) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s|\u00a0/g, '').replace(/^R\$|^BRL/i, '');
  if (!/^\d[\d.,]*$/.test(text)) return undefined;
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let reais: string;
  let cents = '0';
  if (lastComma >= 0 && lastComma > lastDot) {
    // pt-BR: dots group thousands, the comma starts the cents.
    reais = text.slice(0, lastComma).replace(/\./g, '');
    cents = text.slice(lastComma + 1);
    if (!/^\d{1,2}$/.test(cents) || /,/.test(reais)) return undefined;
  } else if (lastDot >= 0) {
    const tail = text.slice(lastDot + 1);
    if (/^\d{1,2}$/.test(tail) && text.indexOf('.') === lastDot && lastComma < 0) {
      // One dot followed by one or two digits: a decimal point ("1234.56", schema.org's form).
      reais = text.slice(0, lastDot);
      cents = tail;
    } else {
      // "1.299" or "1,299.00"-free forms: dots (and commas before them) group thousands.
      if (!/^\d{1,3}([.,]\d{3})*$/.test(text)) return undefined;
      reais = text.replace(/[.,]/g, '');
    }
  } else {
    reais = text;
  }
  if (!/^\d+$/.test(reais)) return undefined;
  const total = Number(reais) * 100 + Number(cents.padEnd(2, '0'));
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}

/** A GTIN-8/12/13/14 (EAN, UPC) with a valid check digit, as digits; undefined otherwise. */
export function validGtin(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const digits = String(value).replace(/[\s-]/g, '');
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits)) return undefined;
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // From the right: weight 3, 1, 3, 1 ...
    sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  const check = (10 - (sum % 10)) % 10;
  return check === Number(digits.at(-1)) ? digits : undefined;
}

/** C0/C1 controls (whitespace is collapsed to spaces first), bidirectional controls, zero-width characters and BOM, lone surrogates. */
function isUnsafe(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e)
    || (cp >= 0x2066 && cp <= 0x2069) || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff);
}

/** Text for a name, brand or attribute: NFC, one space between words, no control characters, at most `max` characters. */
export function cleanText(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const spaced = String(value).normalize('NFC').replace(/\s+/g, ' ');
  const text = [...spaced].filter((c) => !isUnsafe(c.codePointAt(0) as number)).join('').trim();
  if (!text) return undefined;
  return text.length > max ? text.slice(0, max).trimEnd() : text;
}

/** `value` resolved against `base`, when it is an http(s) URL (no credentials, no fragment); undefined otherwise. */
export function absoluteUrl(value: unknown, base: string): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const url = new URL(value.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    url.hash = '';
    return url.href.length <= 2048 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export type Availability = 'in_stock' | 'out_of_stock' | 'unknown';

/** schema.org's ItemAvailability (URL or short form), OpenGraph's `instock`/`oos`, pt-BR page words. */
export function availabilityOf(value: unknown): Availability {
  if (typeof value !== 'string') return 'unknown';
  const v = value.toLowerCase().replace(/^https?:\/\/schema\.org\//, '').replace(/[\s_-]/g, '');
  if (['instock', 'limitedavailability', 'onlineonly', 'instoreonly', 'preorder', 'presale', 'emestoque', 'disponivel', 'available'].includes(v)) return 'in_stock';
  if (['outofstock', 'soldout', 'discontinued', 'oos', 'esgotado', 'indisponivel', 'outofstock'].includes(v)) return 'out_of_stock';
  return 'unknown';
}
