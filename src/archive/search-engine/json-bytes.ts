/**
 * Bytes one UTF-16 code unit of a string takes between the quotes of its JSON text in UTF-8, as
 * `JSON.stringify` writes it: `"` and `\` escaped (2), control characters as `\n`-style (2) or
 * `\u00XX` (6) escapes, and a lone surrogate as a `\uXXXX` escape (6). A surrogate pair is
 * counted by {@link jsonStringBytes} and {@link cutToJsonBytes} as 4 bytes for the two units.
 */
function unitBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x20) return code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6;
  return 3;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** UTF-8 bytes of `text`'s JSON string without its two quotes: what it adds to a serialized document. */
export function jsonStringBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

/**
 * The longest prefix of `text` whose JSON string (without quotes) takes at most `maxBytes` UTF-8
 * bytes; never ends between the two halves of a surrogate pair. `text` itself when it fits.
 */
export function cutToJsonBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (jsonStringBytes(text) <= maxBytes) return text;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const pair = isHighSurrogate(code) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1));
    const next = pair ? 4 : unitBytes(code);
    if (bytes + next > maxBytes) break;
    bytes += next;
    i += pair ? 2 : 1;
  }
  return text.slice(0, i);
}

/** UTF-8 bytes of `value` serialized as JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
