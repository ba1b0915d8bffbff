import { InvalidSearchError, type SortField } from '../archive-index.js';

/**
 * Deep-paging cursor (`search_after` style): the last hit's sort value and rowid, so the next
 * page starts strictly after it whatever was inserted meanwhile. Opaque to clients.
 */
export function encodeCursor(sort: SortField, value: number, rowid: number): string {
  return Buffer.from(JSON.stringify([sort, value, rowid])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: SortField): { value: number; rowid: number } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidSearchError('the paging cursor is not one this server issued');
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[1] !== 'number' || typeof decoded[2] !== 'number') {
    throw new InvalidSearchError('the paging cursor is not one this server issued');
  }
  if (decoded[0] !== sort) throw new InvalidSearchError(`the paging cursor belongs to a search sorted by ${String(decoded[0])}`);
  return { value: decoded[1], rowid: decoded[2] };
}
