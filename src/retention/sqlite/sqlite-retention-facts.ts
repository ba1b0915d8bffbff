import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-database.js';
import type { AddressField, JournalSource } from '../../domain/archive-record.js';
import type { Classification } from '../../domain/classification.js';
import { compileToSqlite } from '../../query/compile-sqlite.js';
import type { SqlParam } from '../../query/sql-fragment.js';
import type { QueryNode } from '../../query/ast.js';
import type { MessageFacts } from '../expiry/message-facts.js';
import type { PolicySet } from '../policies/retention-policy.js';

/** A message row a batch starts from. */
export interface MessageRow {
  rowid: number;
  id: string;
  received_at: number;
}

/** The facts a batch of messages needs, and which messages each query policy matches. */
export interface BatchFacts {
  facts: Map<number, MessageFacts>;
  /** Policy id → rowids of the batch its `query` matches. */
  queryMatches: Map<string, Set<number>>;
}

/**
 * Reads what retention scopes look at for a contiguous range of messages, straight from the
 * archive index's tables, one statement per kind of fact over the range (every table involved is
 * keyed by message_rowid first, so each is one index range). Only the facts some policy of the
 * set asks about are read. Query scopes run their compiled search SQL restricted to the range.
 * Everything is synchronous, so a caller can read and write in one GroupCommit transaction.
 */
export class SqliteRetentionFacts {
  private readonly statements;
  private readonly needs;
  private readonly queries: Array<{ policyId: string; statement: Statement<QueryParams, { r: number }>; params: SqlParam[] }>;

  constructor(db: Db, set: PolicySet) {
    const scopes = set.policies.map((p) => p.scope);
    this.needs = {
      addresses: scopes.some((s) => s.senders || s.recipients || s.domains || s.direction),
      sources: scopes.some((s) => s.journalSource),
      classification: scopes.some((s) => s.spamVerdict || s.dlpSeverityAtLeast),
      tags: scopes.some((s) => s.tags),
      rules: scopes.some((s) => s.ruleIds),
      attachments: scopes.some((s) => s.attachmentTypes),
    };
    const range = 'BETWEEN ? AND ?';
    this.statements = {
      addresses: db.prepare<[number, number], { r: number; field: AddressField; address: string }>(
        `SELECT message_rowid AS r, field, address FROM message_addresses WHERE message_rowid ${range}`,
      ),
      sources: db.prepare<[number, number], { r: number; source: JournalSource | null }>(
        `SELECT message_rowid AS r, json_extract(event, '$.journal.source') AS source FROM journal_events WHERE message_rowid ${range}`,
      ),
      classification: db.prepare<[number, number], { r: number; spam_verdict: Classification['spam']['verdict']; dlp_severity: number | null }>(
        `SELECT message_rowid AS r, spam_verdict, dlp_severity FROM message_classification WHERE message_rowid ${range}`,
      ),
      tags: db.prepare<[number, number], { r: number; tag: string }>(`SELECT message_rowid AS r, lower(tag) AS tag FROM message_tags WHERE message_rowid ${range}`),
      rules: db.prepare<[number, number], { r: number; rule_id: string }>(
        `SELECT DISTINCT message_rowid AS r, rule_id FROM message_rule_hits WHERE message_rowid ${range}`,
      ),
      // Detected types live only in the stored classification's attachment list.
      attachments: db.prepare<[number, number], { r: number; type: string }>(
        `SELECT c.message_rowid AS r, lower(json_extract(a.value, '$.detectedType')) AS type
         FROM message_classification c, json_each(c.classification, '$.attachments') a
         WHERE c.message_rowid ${range} AND json_extract(a.value, '$.detectedType') IS NOT NULL`,
      ),
    };
    this.queries = set.policies.flatMap((policy) => {
      if (!policy.scope.query) return [];
      return [{ policyId: policy.id, statement: db.prepare<QueryParams, { r: number }>(rangeQuerySql(policy.scope.query.ast)), params: compileToSqlite(policy.scope.query.ast).params }];
    });
  }

  /** The facts of `rows`, which must be sorted by rowid. */
  read(rows: readonly MessageRow[]): BatchFacts {
    const facts = new Map<number, MessageFacts>();
    const queryMatches = new Map<string, Set<number>>();
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (first === undefined || last === undefined) return { facts, queryMatches };
    for (const row of rows) {
      facts.set(row.rowid, {
        id: row.id,
        receivedAt: row.received_at,
        addresses: [],
        journalSources: [],
        spamVerdict: 'error',
        dlpSeverityRank: null,
        tags: [],
        ruleIds: [],
        attachmentTypes: [],
      });
    }
    const lo = first.rowid;
    const hi = last.rowid;
    const s = this.statements;
    const each = <T extends { r: number }>(wanted: boolean, statement: { iterate(a: number, b: number): IterableIterator<T> }, apply: (f: MessageFacts, row: T) => void) => {
      if (!wanted) return;
      for (const row of statement.iterate(lo, hi)) {
        const f = facts.get(row.r);
        if (f) apply(f, row);
      }
    };
    each(this.needs.addresses, s.addresses, (f, row) => f.addresses.push({ field: row.field, address: row.address }));
    each(this.needs.sources, s.sources, (f, row) => row.source && f.journalSources.push(row.source));
    each(this.needs.classification, s.classification, (f, row) => {
      f.spamVerdict = row.spam_verdict;
      f.dlpSeverityRank = row.dlp_severity;
    });
    each(this.needs.tags, s.tags, (f, row) => f.tags.push(row.tag));
    each(this.needs.rules, s.rules, (f, row) => f.ruleIds.push(row.rule_id));
    each(this.needs.attachments, s.attachments, (f, row) => f.attachmentTypes.push(row.type));
    for (const query of this.queries) {
      const matched = new Set<number>();
      for (const row of query.statement.iterate(...query.params, { lo, hi })) matched.add(row.r);
      queryMatches.set(query.policyId, matched);
    }
    return { facts, queryMatches };
  }
}

type QueryParams = [...SqlParam[], { lo: number; hi: number }];

/** The full-text subquery as the search compiler writes it (src/query/sql-fragment.ts). */
const FTS_SUBQUERY = 'FROM message_fts WHERE message_fts MATCH ?)';

/**
 * A search query's SQL restricted to the messages with rowids in [@lo, @hi], its own `?`
 * parameters first.
 *
 * The search compiler writes address, tag and rule terms as uncorrelated `IN (SELECT …)` over
 * their whole tables, and full-text terms over the whole FTS index: right for a search, but
 * checking one new message that way would read every message with that word or address, a cost
 * that grows with the archive. So the side tables are shadowed by CTEs holding only the range's
 * rows (MATERIALIZED: read once by primary key, whatever index the planner would prefer), and
 * each full-text subquery gets the range as a rowid constraint, which FTS5 applies inside the
 * index. The result is the same for every message in the range.
 *
 * @throws Error when the compiled SQL has a full-text subquery this function does not recognise,
 *   so a change in the compiler is caught by the tests rather than silently made slow.
 */
export function rangeQuerySql(ast: QueryNode): string {
  const { where, join } = compileToSqlite(ast);
  const restricted = where.replaceAll(FTS_SUBQUERY, 'FROM message_fts WHERE message_fts MATCH ? AND rowid BETWEEN @lo AND @hi)');
  if (restricted.split('message_fts MATCH').length !== restricted.split('@lo').length) {
    throw new Error(`unrecognised full-text subquery in compiled query: ${where}`);
  }
  const shadow = (table: string) => `${table} AS MATERIALIZED (SELECT * FROM main.${table} WHERE message_rowid BETWEEN @lo AND @hi)`;
  return `WITH ${['message_addresses', 'message_tags', 'message_rule_hits'].map(shadow).join(', ')}
    SELECT m.rowid AS r FROM messages m${join} WHERE m.rowid BETWEEN @lo AND @hi AND (${restricted})`;
}
