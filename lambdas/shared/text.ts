/**
 * Single-line text people read (names, address fields, product and category names). It may hold any
 * letter, but not the characters used to disguise or break text: control characters (NUL included),
 * the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069: they can
 * make "gpj.exe" read "exe.jpg"), and lone surrogates (not text at all: UTF-8 cannot store them).
 */
import * as z from './zod.js';

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters, bidirectional controls (U+202A–U+202E, U+2066–U+2069) or unpaired surrogates';

export function hasUnsafeCharacters(value: string): boolean {
  // Iterating a string yields code points: a surrogate pair is one (above U+FFFF), a lone surrogate stays in U+D800–U+DFFF.
  for (const char of value) {
    const cp = char.codePointAt(0) as number;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xd800 && cp <= 0xdfff)) {
      return true;
    }
  }
  return false;
}

/** A zod check for single-line text: `z.string().check(z.trim(), z.maxLength(80), plainText())`. */
export const plainText = () => z.refine<string>((value) => !hasUnsafeCharacters(value), { message: UNSAFE_TEXT_MESSAGE });
