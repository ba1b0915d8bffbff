import type { Db } from '../../db/open-database.js';
import type { SubjectPage, SubjectResolver } from '../subject-resolver.js';

interface AddressRow {
  field: string;
  message_rowid: number;
  id: string;
}

/**
 * The embedded SubjectResolver, on the archive index's `message_addresses` table, which holds
 * every address of every message in every role, header and journal alike.
 *
 * Pages walk the index `message_addresses_address` as (address, field, message_rowid) — the
 * table's key columns ride along in its secondary index — so each page is one range scan that
 * starts where the last one stopped, however many messages the address has. The snapshot is the
 * highest `messages.rowid` (rowids only grow), so messages archived after approval are left out.
 * Both stay inside this adapter as opaque strings.
 */
export function createSqliteSubjectResolver(db: Db): SubjectResolver {
  const snapshot = db.prepare<[], { top: number }>('SELECT coalesce(max(rowid), 0) AS top FROM messages');
  const page = db.prepare<{ address: string; field: string; rowid: number; top: number; limit: number }, AddressRow>(
    `SELECT a.field, a.message_rowid, m.id
     FROM message_addresses a INDEXED BY message_addresses_address
     JOIN messages m ON m.rowid = a.message_rowid
     WHERE a.address = @address AND (a.field, a.message_rowid) > (@field, @rowid) AND a.message_rowid <= @top
     ORDER BY a.field, a.message_rowid
     LIMIT @limit`,
  );

  return {
    async snapshot(): Promise<string> {
      return String(snapshot.get()?.top ?? 0);
    },

    async page(address, options): Promise<SubjectPage> {
      const [field, rowid] = options.after === null ? ['', 0] : decodeCursor(options.after);
      const rows = page.all({ address, field, rowid, top: decodeSnapshot(options.snapshot), limit: options.limit });
      const last = rows[rows.length - 1];
      return {
        messageIds: rows.map((row) => row.id),
        next: last !== undefined && rows.length === options.limit ? JSON.stringify([last.field, last.message_rowid]) : null,
      };
    },
  };
}

function decodeSnapshot(snapshot: string): number {
  const top = Number(snapshot);
  if (!Number.isSafeInteger(top) || top < 0) throw new RangeError(`not a subject snapshot: ${JSON.stringify(snapshot)}`);
  return top;
}

function decodeCursor(cursor: string): [string, number] {
  const decoded: unknown = JSON.parse(cursor);
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string' || !Number.isSafeInteger(decoded[1])) {
    throw new RangeError(`not a subject cursor: ${JSON.stringify(cursor)}`);
  }
  return [decoded[0], decoded[1] as number];
}
