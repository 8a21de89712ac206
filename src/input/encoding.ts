/**
 * Bytes of a user's file → text. UTF-8 (with or without BOM) and UTF-16 with a BOM (Excel's
 * "Unicode text") are decoded. Anything else is refused, with the first bad byte located and what it
 * would be in Windows-1252, rather than guessed: ids and names are join keys, and a wrong guess
 * (Windows-1252 vs ISO-8859-2 vs Mac Roman) would silently change them in the output.
 */
import { InputError } from './errors.js';

/** Windows-1252 bytes 0x80–0x9F (the rest of 0xA0–0xFF is Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function decodeText(bytes: Uint8Array, source: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = position(bytes, bad);
    const byte = bytes[bad];
    const asCp1252 = byte >= 0xa0 ? String.fromCharCode(byte) : byte >= 0x80 ? CP1252_HIGH[byte - 0x80] : '?';
    const start = Math.max(bad - 12, lineStart(bytes, bad));
    const context = Array.from(bytes.subarray(start, bad + 1), (b) => (b < 0x80 ? String.fromCharCode(b) : b >= 0xa0 ? String.fromCharCode(b) : CP1252_HIGH[b - 0x80])).join('');
    throw new InputError([
      {
        path: `${source} line ${line} column ${column}`,
        message: `not UTF-8 text (got byte 0x${byte.toString(16).toUpperCase()}, which in Windows-1252 would be ${JSON.stringify(asCp1252)}: ${JSON.stringify(context)}). The file looks like Windows-1252 ("ANSI", Excel's "CSV (Comma delimited)"); save it as "CSV UTF-8" instead, so names and ids reach the output unchanged`,
      },
    ]);
  }
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return bytes.length;
}

function position(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 10) line++;
  return { line, column: index - lineStart(bytes, index) + 1 };
}

function lineStart(bytes: Uint8Array, index: number): number {
  let i = index;
  while (i > 0 && bytes[i - 1] !== 10) i--;
  return i;
}
