import { InvalidSearchError, type SortField } from '../archive-index.js';

/**
 * Deep-paging cursor for `search_after`: the sort it belongs to, and the last hit's sort values
 * (the sort field's value, then the archive id that breaks ties). Opaque to clients: base64url
 * JSON, checked on the way back in so that a cursor from another sort or another backend is a
 * clear {@link InvalidSearchError}, never a silently wrong page.
 */
export function encodeCursor(sort: SortField, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([sort, ...values])).toString('base64url');
}

/** The `search_after` values of a cursor issued for `sort`. */
export function decodeCursor(cursor: string, sort: SortField): [number, string] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidSearchError('the paging cursor is not one this server issued');
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[1] !== 'number' || typeof decoded[2] !== 'string') {
    throw new InvalidSearchError('the paging cursor is not one this server issued');
  }
  if (decoded[0] !== sort) throw new InvalidSearchError(`the paging cursor belongs to a search sorted by ${String(decoded[0])}`);
  return [decoded[1], decoded[2]];
}
