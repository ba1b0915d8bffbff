import type { Db } from '../../db/open-database.js';
import type { QueryNode } from '../../query/ast.js';
import { compileToSqlite } from '../../query/compile-sqlite.js';
import type { AggregateBucket, AggregateField } from '../archive-index.js';

/** The sent date, exactly as the messages_sent index is built on it. */
const SENT = 'coalesce(m.sent_at, m.received_at)';

/** Past this many months between the oldest and newest message, months are grouped row by row. */
const MAX_MONTH_RANGES = 12 * 500;

/**
 * Counts the messages matching `query` grouped by `by`.
 *
 * Rows of `messages` are wide (the stored document is in them), so reading a million of them
 * takes seconds. A query that matches everything is therefore counted from indexes alone: months
 * as one range count per month on the messages_sent index, domains from the address index, tags
 * from the tag table (every row of which has its message). Any other query is one statement over
 * its matches (compiled as for a search), each probed for its group key: its cost follows the
 * number of matches.
 */
export function aggregateMessages(db: Db, query: QueryNode, by: AggregateField): AggregateBucket[] {
  const compiled = compileToSqlite(query);
  const everything = compiled.where === '1' && compiled.join === '';
  const from = `messages m${compiled.join}`;
  switch (by) {
    case 'sent-month':
      return (everything && monthsFromIndex(db)) || grouped(db, `strftime('%Y-%m', ${SENT} / 1000.0, 'unixepoch')`, from, '', compiled.where, compiled.params);
    case 'sender-domain': {
      const domains = everything
        ? grouped(db, 'g.domain_key', 'message_addresses g', '', `g.field = 'from'`, [])
        : grouped(db, 'g.domain_key', from, ` CROSS JOIN message_addresses g ON g.message_rowid = m.rowid AND g.field = 'from'`, compiled.where, compiled.params);
      return byCount(domains.map((bucket) => ({ key: domainOfKey(bucket.key), count: bucket.count })));
    }
    case 'tag':
      return byCount(everything
        ? grouped(db, 'lower(g.tag)', 'message_tags g', '', '1', [])
        : grouped(db, 'lower(g.tag)', from, ' CROSS JOIN message_tags g ON g.message_rowid = m.rowid', compiled.where, compiled.params));
  }
}

function grouped(db: Db, key: string, from: string, join: string, where: string, params: unknown[]): AggregateBucket[] {
  return db.prepare<unknown[], AggregateBucket>(`SELECT ${key} AS key, count(*) AS count FROM ${from}${join} WHERE ${where} GROUP BY 1 ORDER BY 1`).all(...params);
}

/** Every month from the oldest message's to the newest's, counted on the index; null when that is too many months. */
function monthsFromIndex(db: Db): AggregateBucket[] | null {
  const edge = (order: 'ASC' | 'DESC') =>
    db.prepare<[], { t: number }>(`SELECT ${SENT} AS t FROM messages m ORDER BY 1 ${order} LIMIT 1`).get()?.t;
  const first = edge('ASC');
  const last = edge('DESC');
  if (first === undefined || last === undefined) return [];
  const start = new Date(first);
  const end = new Date(last);
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth() + 1;
  if (months > MAX_MONTH_RANGES) return null;
  const count = db.prepare<[number, number], { n: number }>(`SELECT count(*) AS n FROM messages m WHERE ${SENT} >= ? AND ${SENT} < ?`);
  const buckets: AggregateBucket[] = [];
  for (let i = 0; i < months; i++) {
    const from = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1);
    const n = count.get(from, Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i + 1, 1))?.n ?? 0;
    if (n > 0) buckets.push({ key: new Date(from).toISOString().slice(0, 7), count: n });
  }
  return buckets;
}

/** `com.example.mail.` → `mail.example.com` (see `domainKeyOf`). */
function domainOfKey(key: string): string {
  return key.replace(/\.$/, '').split('.').reverse().join('.');
}

/** Most frequent first, ties by key. */
function byCount(buckets: AggregateBucket[]): AggregateBucket[] {
  return buckets.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
