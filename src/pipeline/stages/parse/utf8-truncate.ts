/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. Index limits are
 * in bytes because that is what storage and search engines bound; counting UTF-16 code units
 * would let CJK text take three times the budget.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  // Each UTF-16 code unit encodes to at most 3 UTF-8 bytes, so short strings need no encoding.
  if (text.length * 3 <= maxBytes) return text;
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  // Encode only a prefix that is surely long enough: every code unit yields at least one byte.
  const bytes = Buffer.from(text.slice(0, maxBytes + 1), 'utf8');
  let end = Math.min(maxBytes, bytes.length);
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character start.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
