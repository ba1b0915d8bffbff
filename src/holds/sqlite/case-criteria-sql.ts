import { compileToSqlite, type CompiledSqliteQuery } from '../../query/compile-sqlite.js';
import type { SqlParam } from '../../query/sql-fragment.js';
import type { LegalCase } from '../legal-holds.js';
import { validateCase } from '../validate-case.js';

/** A boolean SQL expression over `messages m` and its bound values. */
export interface SqlCondition {
  where: string;
  params: SqlParam[];
}

/** A case's criteria as SQL over `messages m`. */
export interface CaseCriteriaSql {
  /**
   * Custodians and date range: per-row probes (the message's own address rows, its own dates),
   * as cheap for one message as for a window of thousands.
   */
  prefilter: SqlCondition;
  /**
   * The case's query, compiled by the search compiler (its `join` goes after `messages m`), or
   * null. Its sub-selects are uncorrelated (one pass over an index per statement), so for a
   * single new message it is run only after the prefilter has passed.
   */
  query: CompiledSqliteQuery | null;
}

/**
 * Compiles a case to SQL. Custodians are matched as `participants:<address>` is (every field of
 * `message_addresses`, which holds header, journal and envelope addresses), but as a correlated
 * probe of the message's own rows rather than the search compiler's one-pass sub-select: a hold
 * evaluates one message, or a window of messages, at a time, never the whole archive at once.
 */
export function caseCriteriaSql(legalCase: LegalCase): CaseCriteriaSql {
  const query = validateCase(legalCase);
  const conditions: string[] = [];
  const params: SqlParam[] = [];
  if (legalCase.custodians.length > 0) {
    const marks = legalCase.custodians.map(() => '?').join(', ');
    // `+a.address`: probe this message's own rows by the primary key. Without statistics the
    // planner would otherwise walk the address index, i.e. every message of the custodian, per row.
    conditions.push(`EXISTS (SELECT 1 FROM message_addresses a WHERE a.message_rowid = m.rowid AND +a.address IN (${marks}))`);
    params.push(...legalCase.custodians);
  }
  // The expression the messages_sent index is built on, as the query language's `sent:` uses it.
  if (legalCase.sentFrom !== null) {
    conditions.push('coalesce(m.sent_at, m.received_at) >= ?');
    params.push(Date.parse(legalCase.sentFrom));
  }
  if (legalCase.sentBefore !== null) {
    conditions.push('coalesce(m.sent_at, m.received_at) < ?');
    params.push(Date.parse(legalCase.sentBefore));
  }
  return {
    prefilter: { where: conditions.length === 0 ? '1' : conditions.join(' AND '), params },
    query: query === null ? null : compileToSqlite(query),
  };
}

/** Prefilter and query as one condition, with the join the query needs. */
export function wholeCriteria(sql: CaseCriteriaSql): SqlCondition & { join: string } {
  if (sql.query === null) return { join: '', ...sql.prefilter };
  return {
    join: sql.query.join,
    where: `(${sql.prefilter.where}) AND (${sql.query.where})`,
    params: [...sql.prefilter.params, ...sql.query.params],
  };
}
