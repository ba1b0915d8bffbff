import iconv from 'iconv-lite';

/**
 * Turns text bytes into a string using the charset the MIME part declares. A missing or
 * `us-ascii` label is read as UTF-8, a superset, because mail systems routinely send 8-bit
 * UTF-8 under a default label and reading it as ASCII would mangle it. An unknown label also
 * falls back to UTF-8 rather than failing, so a report is never lost over its label.
 */
export function decodeText(bytes: Buffer, charset: string | null): string {
  const label = (charset ?? '').trim().toLowerCase();
  if (label === '' || label === 'us-ascii' || label === 'ascii' || !iconv.encodingExists(label)) {
    return bytes.toString('utf8');
  }
  return iconv.decode(bytes, label);
}
