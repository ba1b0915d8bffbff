import type { Db } from '../../src/db/open-database.js';
import { compileToSqlite } from '../../src/query/compile-sqlite.js';
import { parseQuery } from '../../src/query/parse-query.js';

/**
 * EXPLAIN QUERY PLAN of the two statements `SqliteArchiveIndex.search` runs for `q` with
 * sort=received, order=desc (the total count, then the page). The SQL mirrors
 * src/archive/sqlite/sqlite-archive-index.ts; it is rebuilt here only to explain a slow query.
 */
export function explainSearch(db: Db, q: string, limit: number): { count: string[]; page: string[] } {
  const { where, params, join } = compileToSqlite(parseQuery(q));
  const plan = (sql: string, values: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as Array<{ detail: string }>).map((row) => row.detail);
  return {
    count: plan(`SELECT count(*) AS n FROM messages m${join} WHERE ${where}`, params),
    page: plan(
      `SELECT m.rowid, m.id FROM messages m${join} WHERE (${where}) ORDER BY m.received_at DESC, m.rowid DESC LIMIT ?`,
      [...params, limit],
    ),
  };
}

/** Milliseconds of one run of each statement (count, page), to say which half of a slow search costs. */
export function timeSearchParts(db: Db, q: string, limit: number): { countMs: number; pageMs: number } {
  const { where, params, join } = compileToSqlite(parseQuery(q));
  const time = (sql: string, values: unknown[]) => {
    const statement = db.prepare(sql);
    const started = performance.now();
    statement.all(...values);
    return performance.now() - started;
  };
  return {
    countMs: time(`SELECT count(*) AS n FROM messages m${join} WHERE ${where}`, params),
    pageMs: time(
      `SELECT m.rowid, m.id, m.message_id, m.subject, m.from_display, m.sent_at, m.received_at, m.size, m.has_attachment, m.flags
       FROM messages m${join} WHERE (${where}) ORDER BY m.received_at DESC, m.rowid DESC LIMIT ?`,
      [...params, limit],
    ),
  };
}
