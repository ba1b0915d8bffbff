import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database.js';
import type { SqlParam } from '../../query/sql-fragment.js';
import type { LegalCase } from '../legal-holds.js';
import { caseCriteriaSql, wholeCriteria } from './case-criteria-sql.js';

/** The statements that evaluate one case's criteria, prepared once per case (cases never change). */
export interface CaseStatements {
  /** Attaches the matches in a rowid window `(after, upTo]` to a hold: `run(holdId, after, upTo)`. */
  attachWindow(holdId: string, after: number, upTo: number): number;
  /** Which of `ids` (a JSON array) past `afterRowid` match, for holds whose backfill is unfinished. */
  matchingAmong(idsJson: string, afterRowid: number): string[];
  /** Whether the message with this rowid matches: the cheap prefilter first, the query only then. */
  matchesOne(rowid: number): boolean;
}

/** Prepares a case's statements on `db`. */
export function prepareCaseStatements(db: Db, legalCase: LegalCase): CaseStatements {
  const sql = caseCriteriaSql(legalCase);
  const whole = wholeCriteria(sql);
  // Wrapped in a function so the planner cannot drive the scan from one of the criteria's
  // sub-selects (a full-text match, a custodian's address list): the window or the asked ids
  // must drive it, and the criteria only filter. NULL counts as no match, as in WHERE.
  const filter = `coalesce((${whole.where}), 0)`;
  const attach: Statement<SqlParam[]> = db.prepare(
    `INSERT INTO message_holds (message_id, hold_id)
     SELECT m.id, ? FROM messages m${whole.join} WHERE m.rowid > ? AND m.rowid <= ? AND ${filter}
     ON CONFLICT DO NOTHING`,
  );
  const among: Statement<SqlParam[], { id: string }> = db.prepare(
    `SELECT m.id AS id FROM messages m${whole.join}
     WHERE m.id IN (SELECT value FROM json_each(?)) AND +m.rowid > ? AND ${filter}`,
  );
  const prefilter: Statement<SqlParam[], { one: number }> = db.prepare(
    `SELECT 1 AS one FROM messages m WHERE m.rowid = ? AND (${sql.prefilter.where})`,
  );
  const query: Statement<SqlParam[], { one: number }> | null =
    sql.query === null ? null : db.prepare(`SELECT 1 AS one FROM messages m${sql.query.join} WHERE m.rowid = ? AND (${sql.query.where})`);
  return {
    attachWindow: (holdId, after, upTo) => attach.run(holdId, after, upTo, ...whole.params).changes,
    matchingAmong: (idsJson, afterRowid) => among.all(idsJson, afterRowid, ...whole.params).map((row) => row.id),
    matchesOne(rowid) {
      if (prefilter.get(rowid, ...sql.prefilter.params) === undefined) return false;
      return query === null || sql.query === null || query.get(rowid, ...sql.query.params) !== undefined;
    },
  };
}
