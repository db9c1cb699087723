import { ValidationError } from '#shared/errors.js';

/**
 * EMV BR Code for Pix "copia e cola" (EMV QRCPS-MPM as profiled by the Central Bank's BR Code
 * manual and the Pix initiation manual; see docs/mercadopago.md for sources).
 *
 * A BR Code is a flat list of TLV fields: two-digit id, two-digit length, value. Templates
 * (26 merchant account information, 62 additional data) nest TLV fields inside their value.
 * The last field is 63 (CRC16-CCITT-FALSE over everything before its value, "6304" included).
 *
 * Static codes carry the Pix key in 26-01 and the receiver's txid (up to 25 alphanumerics, or
 * "***" when there is none) in 62-05. Dynamic codes carry a payload location URL in 26-25
 * (without the scheme), point of initiation "12", and "***" in 62-05: the real txid travels in
 * the payload the payer's bank fetches from the URL.
 */

export const PIX_GUI = 'br.gov.bcb.pix';

/** Field ids used here (EMV QRCPS-MPM root and the Pix templates). */
export const FIELD = {
  payloadFormat: '00',
  pointOfInitiation: '01',
  merchantAccount: '26',
  categoryCode: '52',
  currency: '53',
  amount: '54',
  country: '58',
  merchantName: '59',
  merchantCity: '60',
  additionalData: '62',
  crc: '63',
} as const;

const MERCHANT_ACCOUNT = { gui: '00', key: '01', description: '02', url: '25' } as const;
const ADDITIONAL_DATA = { txid: '05' } as const;

export const MAX_MERCHANT_NAME = 25;
export const MAX_MERCHANT_CITY = 15;
/** A Pix key: CPF (11), CNPJ (14), phone (+55..., up to 14), e-mail (up to 77) or random key (36). */
export const MAX_PIX_KEY = 77;
/** Static txid (62-05): up to 25 alphanumerics, or "***". */
export const STATIC_TXID = /^[A-Za-z0-9]{1,25}$/;
/** Txid of a dynamic charge in the Pix API (cob): 26 to 35 alphanumerics. */
export const DYNAMIC_TXID = /^[A-Za-z0-9]{26,35}$/;
export const NO_TXID = '***';
/** EMV amount field: at most 13 characters, "." as the decimal separator, no thousands separator. */
const MAX_AMOUNT_CHARS = 13;

export interface BuildPixBrCodeInput {
  /** Static code: the receiver's Pix key. Exactly one of pixKey and url. */
  pixKey?: string;
  /** Dynamic code: the payload location, without "https://". */
  url?: string;
  merchantName: string;
  merchantCity: string;
  /** Omit for "payer types the amount" (static codes only). */
  amountCents?: number;
  /** Static: 1-25 alphanumerics or "***". Dynamic: the charge's txid (26-35 alphanumerics) or "***"; 62-05 is always "***". */
  txid: string;
  /** Static only: message shown to the payer (26-02). */
  description?: string;
}

/** CRC16-CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) as 4 uppercase hex digits. */
export function crc16(payload: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(payload, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Printable ASCII without accents: "São Paulo" -> "Sao Paulo". */
export function toBrCodeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cents to the EMV amount text: 123456 -> "1234.56" (exact, no floating point). */
export function formatBrCodeAmount(amountCents: number): string {
  const reais = Math.floor(amountCents / 100);
  const cents = amountCents % 100;
  return `${reais}.${String(cents).padStart(2, '0')}`;
}

/** EMV amount text to cents: "1234.5" -> 123450; null when it is not a plain decimal. */
export function parseBrCodeAmount(text: string): number | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function invalid(field: string, message: string): never {
  throw new ValidationError(`Invalid BR Code input: ${field} ${message}`, [{ field, message }]);
}

function tlv(id: string, value: string, field: string): string {
  if (value.length > 99) invalid(field, `makes field ${id} longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

export function buildPixBrCode(input: BuildPixBrCodeInput): string {
  const { pixKey, url, amountCents, txid, description } = input;
  if ((pixKey === undefined) === (url === undefined)) invalid('pixKey', 'or url is required (exactly one of them)');
  const dynamic = url !== undefined;

  let account = tlv(MERCHANT_ACCOUNT.gui, PIX_GUI, 'pixKey');
  if (dynamic) {
    if (/^[a-z]+:\/\//i.test(url)) invalid('url', 'must not include the scheme (https:// is implied)');
    if (url.length === 0 || url.length > MAX_PIX_KEY || /[^\x21-\x7E]/.test(url)) invalid('url', `must be 1-${MAX_PIX_KEY} printable ASCII characters without spaces`);
    if (description !== undefined) invalid('description', 'is only allowed in static codes (dynamic codes carry it in the payload)');
    if (txid !== NO_TXID && !DYNAMIC_TXID.test(txid)) invalid('txid', 'of a dynamic charge must be 26-35 letters and digits, or "***"');
    account += tlv(MERCHANT_ACCOUNT.url, url, 'url');
  } else {
    const key = pixKey!.trim();
    if (key.length === 0 || key.length > MAX_PIX_KEY || /[^\x20-\x7E]/.test(key)) invalid('pixKey', `must be 1-${MAX_PIX_KEY} ASCII characters`);
    if (txid !== NO_TXID && !STATIC_TXID.test(txid)) invalid('txid', 'of a static code must be 1-25 letters and digits, or "***"');
    account += tlv(MERCHANT_ACCOUNT.key, key, 'pixKey');
    if (description !== undefined) {
      const text = toBrCodeText(description);
      if (text.length > 0) account += tlv(MERCHANT_ACCOUNT.description, text, 'description');
    }
  }

  const name = toBrCodeText(input.merchantName).slice(0, MAX_MERCHANT_NAME).trim();
  if (name.length === 0) invalid('merchantName', 'is required');
  const city = toBrCodeText(input.merchantCity).slice(0, MAX_MERCHANT_CITY).trim();
  if (city.length === 0) invalid('merchantCity', 'is required');

  let payload = tlv(FIELD.payloadFormat, '01', 'payloadFormat');
  if (dynamic) payload += tlv(FIELD.pointOfInitiation, '12', 'pointOfInitiation');
  payload += tlv(FIELD.merchantAccount, account, dynamic ? 'url' : description !== undefined ? 'description' : 'pixKey');
  payload += tlv(FIELD.categoryCode, '0000', 'categoryCode');
  payload += tlv(FIELD.currency, '986', 'currency');
  if (amountCents !== undefined) {
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0) invalid('amountCents', 'must be a positive integer number of cents');
    const amount = formatBrCodeAmount(amountCents);
    if (amount.length > MAX_AMOUNT_CHARS) invalid('amountCents', `must fit in ${MAX_AMOUNT_CHARS} characters`);
    payload += tlv(FIELD.amount, amount, 'amountCents');
  }
  payload += tlv(FIELD.country, 'BR', 'country');
  payload += tlv(FIELD.merchantName, name, 'merchantName');
  payload += tlv(FIELD.merchantCity, city, 'merchantCity');
  payload += tlv(FIELD.additionalData, tlv(ADDITIONAL_DATA.txid, dynamic ? NO_TXID : txid, 'txid'), 'txid');
  payload += `${FIELD.crc}04`;
  return payload + crc16(payload);
}

export interface BrCodeField {
  value: string;
  /** Nested TLV fields of templates (26-51 merchant account information, 62, 80-99). */
  subfields?: Record<string, string>;
}

export interface ParsedBrCode {
  /** Top-level fields by id. */
  fields: Record<string, BrCodeField>;
  /** Top-level field ids in the order they appeared (object keys like "26" would sort first). */
  order: string[];
  /** CRC carried in field 63. */
  crc: string | null;
  /** CRC computed over the payload up to and including "6304". */
  expectedCrc: string;
  crcValid: boolean;
  /** Convenience readings of the Pix fields (undefined when absent). */
  pix: {
    dynamic: boolean;
    pixKey?: string;
    url?: string;
    description?: string;
    amountCents?: number;
    txid?: string;
    merchantName?: string;
    merchantCity?: string;
  };
}

function isTemplate(id: string): boolean {
  const n = Number(id);
  return (n >= 26 && n <= 51) || n === 62 || (n >= 80 && n <= 99);
}

function parseTlv(text: string, field: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) invalid(field, `has a malformed TLV header at position ${at}`);
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length !== length) invalid(field, `field ${id} is shorter than its declared length ${length}`);
    out.push([id, value]);
    at += 4 + length;
  }
  return out;
}

export function parseBrCode(code: string): ParsedBrCode {
  const text = code.trim();
  const entries = parseTlv(text, 'code');
  const fields: Record<string, BrCodeField> = {};
  for (const [id, value] of entries) {
    if (fields[id] !== undefined) invalid('code', `repeats field ${id}`);
    fields[id] = isTemplate(id) ? { value, subfields: Object.fromEntries(parseTlv(value, `code field ${id}`)) } : { value };
  }
  const last = entries.at(-1);
  const hasCrc = last !== undefined && last[0] === FIELD.crc && last[1].length === 4;
  const crc = hasCrc ? last[1].toUpperCase() : null;
  const expectedCrc = crc16(hasCrc ? text.slice(0, -4) : `${text}6304`);

  const account = fields[FIELD.merchantAccount]?.subfields;
  const pixAccount = account && account[MERCHANT_ACCOUNT.gui]?.toLowerCase() === PIX_GUI ? account : undefined;
  const amountText = fields[FIELD.amount]?.value;
  const amountCents = amountText === undefined ? undefined : parseBrCodeAmount(amountText);
  if (amountCents === null) invalid('code', `field 54 amount "${amountText}" is not a decimal number`);
  return {
    fields,
    order: entries.map(([id]) => id),
    crc,
    expectedCrc,
    crcValid: crc !== null && crc === expectedCrc,
    pix: {
      dynamic: pixAccount?.[MERCHANT_ACCOUNT.url] !== undefined,
      pixKey: pixAccount?.[MERCHANT_ACCOUNT.key],
      url: pixAccount?.[MERCHANT_ACCOUNT.url],
      description: pixAccount?.[MERCHANT_ACCOUNT.description],
      amountCents,
      txid: fields[FIELD.additionalData]?.subfields?.[ADDITIONAL_DATA.txid],
      merchantName: fields[FIELD.merchantName]?.value,
      merchantCity: fields[FIELD.merchantCity]?.value,
    },
  };
}
