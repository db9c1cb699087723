/**
 * SMS text in the GSM 03.38 7-bit alphabet (3GPP TS 23.038), so one message is 160 characters:
 * a single character outside it makes the whole SMS UCS-2, where one part holds only 70.
 *
 * Portuguese needs letters the alphabet lacks (ã, õ, ç, á, ê ...). `toGsm7` writes them without the
 * accent where the alphabet has no such letter and keeps those it has (é, É, à, ü, Ç): "não" becomes
 * "nao", "preço" "preco", "é" stays "é" (so "é" never turns into "e", "and"). Dropping a tilde or an
 * acute accent leaves Portuguese words readable; the templates avoid the few pairs it would merge
 * (e.g. "está"/"esta": SMS texts say "segue", "foi", not "está").
 */

/** The basic character set (one septet each), without the escape code. */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (escape + character). */
const EXTENSION = '^{}\\[~]|€';

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

/** Letters and signs with a GSM-7 equivalent of the same meaning. */
const REPLACEMENTS: Record<string, string> = {
  á: 'a', â: 'a', ã: 'a', Á: 'A', Â: 'A', Ã: 'A', À: 'A',
  ê: 'e', Ê: 'E', È: 'E',
  í: 'i', Í: 'I', Ì: 'I', î: 'i', Î: 'I',
  ó: 'o', ô: 'o', õ: 'o', Ó: 'O', Ô: 'O', Õ: 'O', Ò: 'O',
  ú: 'u', Ú: 'U', Ù: 'U', û: 'u', Û: 'U',
  ç: 'c',
  'º': 'o', 'ª': 'a',
  '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '...', '•': '-', '×': 'x',
  '\u00a0': ' ', '\t': ' ',
};

/** True when every character is in the GSM-7 basic set or its extension. */
export function isGsm7(text: string): boolean {
  for (const c of text) if (!basic.has(c) && !extension.has(c)) return false;
  return true;
}

/** Septets the text takes (extension characters count two). */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const c of text) n += extension.has(c) ? 2 : 1;
  return n;
}

/**
 * The text in GSM-7: known letters without their accent (table above), any other accented letter
 * by its base letter (Unicode decomposition), and what is still outside the alphabet as "?".
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const c of text) {
    if (basic.has(c) || extension.has(c)) out += c;
    else if (REPLACEMENTS[c] !== undefined) out += REPLACEMENTS[c];
    else {
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && isGsm7(base) ? base : '?';
    }
  }
  return out;
}

/** One SMS: 160 septets. */
export const SMS_LIMIT = 160;

/** Shortens a value to at most `max` characters (an ellipsis of three dots marks the cut). */
export function clamp(value: string, max: number): string {
  const chars = [...value.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(0, max - 3)).join('').trimEnd()}...`;
}

/** The SMS as sent: in GSM-7, single spaces, and refused (an error, a bug of its template) over 160 septets. */
export function smsText(text: string): string {
  const gsm = toGsm7(text.replace(/\s+/g, ' ').trim());
  if (gsm7Length(gsm) > SMS_LIMIT) throw new Error(`SMS over ${SMS_LIMIT} GSM-7 characters (${gsm7Length(gsm)}): ${gsm}`);
  return gsm;
}
