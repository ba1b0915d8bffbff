import { truncateUtf8 } from './utf8-truncate.js';

/**
 * The bytes after the top-level header block, as lossy UTF-8 capped at `maxBytes`, or null when
 * there are none but whitespace.
 *
 * Used for a multipart message whose declared boundary never occurs: mailparser treats every byte
 * as preamble and drops it. Indexing the raw body keeps the words searchable and scanned by DLP;
 * returning nothing would let a malformed structure hide content from both.
 */
export function rawBodyText(original: Buffer, maxBytes: number): string | null {
  const start = headerBlockEnd(original);
  if (start === null) return null;
  const text = truncateUtf8(original.subarray(start, start + maxBytes + 4).toString('utf8'), maxBytes);
  return /\S/.test(text) ? text : null;
}

/** Offset just past the first empty line (LF or CRLF endings), or null when there is none. */
function headerBlockEnd(original: Buffer): number | null {
  const lf = original.indexOf('\n\n');
  const crlf = original.indexOf('\n\r\n');
  if (lf === -1 && crlf === -1) return null;
  if (lf === -1) return crlf + 3;
  if (crlf === -1) return lf + 2;
  return Math.min(lf + 2, crlf + 3);
}
