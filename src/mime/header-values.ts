import type { MimeHeader } from './mime-structure.js';

/**
 * Every value of a header field, in message order. Header names are matched
 * case-insensitively because RFC 5322 field names are case-insensitive.
 */
export function headerValues(headers: readonly MimeHeader[], name: string): string[] {
  const key = name.toLowerCase();
  return headers.filter((header) => header.key === key).map((header) => header.value);
}
