import libmime from 'libmime';
import type { HeaderLines } from 'mailparser';

/** Longest header value kept for the rules; a longer one is cut (a 2 MB header is an attack, not data). */
const MAX_HEADER_CHARS = 64 * 1024;

/**
 * Every header field in order, name lower-cased, value unfolded and RFC 2047-decoded, as rules
 * see them. mailparser's own header map merges repeated fields and turns addresses and dates
 * into objects; rules need each occurrence (every `Received` hop) as text.
 */
export function headerList(lines: HeaderLines): Array<{ name: string; value: string }> {
  return lines.map(({ key, line }) => {
    const colon = line.indexOf(':');
    const raw = (colon < 0 ? '' : line.slice(colon + 1)).slice(0, MAX_HEADER_CHARS);
    const unfolded = raw.replace(/\r?\n(?=[ \t])/g, '').trim();
    return { name: key.toLowerCase(), value: decodeWords(unfolded) };
  });
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    // An encoded word in an unknown charset stays as sent: still matchable, never lost.
    return value;
  }
}
