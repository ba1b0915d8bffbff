import type { QueryNode, ScoreRange } from './ast.js';
import { severityRank } from './severity-rank.js';
import type { SqlFragment, SqlParam } from './sql-fragment.js';

/** The AST nodes about a message's spam and DLP classification. */
export type ClassificationTerm = Extract<
  QueryNode,
  { type: 'spam-verdict' | 'score' | 'dlp-severity' | 'dlp-detector' | 'rule' | 'tag' | 'classification-status' }
>;

/**
 * The join that brings in a message's classification row as `c` (one row per message, found by
 * its primary key). Conditions on it are plain column tests, so SQLite can drive a search from
 * c's indexes (`score=5`) or walk the sort index and probe c per message (`spam:yes`, sorted),
 * whichever costs less; an `IN (SELECT …)` would first collect every spam message's rowid.
 */
export const CLASSIFICATION_JOIN = ' JOIN message_classification c ON c.message_rowid = m.rowid';

/** A compiled classification term, and how to count its messages from its own table. */
export interface CompiledClassificationTerm {
  fragment: SqlFragment;
  /** Whether `fragment` refers to `c` (so the search must use CLASSIFICATION_JOIN). */
  usesJoin: boolean;
  /** A statement counting the messages this term alone matches, from its table's index. */
  count: { sql: string; params: SqlParam[] };
}

function onClassification(condition: string, params: SqlParam[]): CompiledClassificationTerm {
  return {
    fragment: { kind: 'sql', sql: condition.replaceAll('@', 'c.'), params },
    usesJoin: true,
    count: { sql: `SELECT count(*) AS n FROM message_classification WHERE ${condition.replaceAll('@', '')}`, params },
  };
}

/**
 * Messages with a row in `table` meeting `condition`: an uncorrelated `IN (SELECT …)`, read once
 * from the table's index. These terms (a detector, a rule, a tag) are rare in mail, so the set is
 * small; a message may have several rows, hence the DISTINCT count.
 */
function inTable(table: string, condition: string, params: SqlParam[]): CompiledClassificationTerm {
  return {
    fragment: { kind: 'sql', sql: `m.rowid IN (SELECT message_rowid FROM ${table} WHERE ${condition})`, params },
    usesJoin: false,
    count: { sql: `SELECT count(DISTINCT message_rowid) AS n FROM ${table} WHERE ${condition}`, params },
  };
}

function scoreRange(range: ScoreRange): CompiledClassificationTerm | null {
  const conditions: string[] = [];
  const params: SqlParam[] = [];
  if (range.min !== null) {
    conditions.push(`@spam_score ${range.min.inclusive ? '>=' : '>'} ?`);
    params.push(range.min.value);
  }
  if (range.max !== null) {
    conditions.push(`@spam_score ${range.max.inclusive ? '<=' : '<'} ?`);
    params.push(range.max.value);
  }
  if (conditions.length === 0) return null;
  return onClassification(conditions.length === 1 ? (conditions[0] ?? '') : `(${conditions.join(' AND ')})`, params);
}

/**
 * Compiles a classification term to SQL over `messages m` joined (when `usesJoin`) with its
 * classification row `c`, against the tables of migration 2: `message_classification`,
 * `message_rule_hits` and `message_tags`. Null for a term that holds for every message (a score
 * range open at both ends, which only a hand-built AST has).
 */
export function compileClassificationTerm(term: ClassificationTerm): CompiledClassificationTerm | null {
  switch (term.type) {
    case 'spam-verdict':
      return onClassification('@spam_verdict = ?', [term.verdict]);
    case 'score':
      return scoreRange(term);
    case 'dlp-severity': {
      // A message without DLP hits has no severity (NULL). `IS NOT NULL` first makes the test
      // false rather than NULL for it, so that `-dlp-severity>=high` does find it.
      const min = term.min === null ? 1 : severityRank(term.min);
      if (term.max === null) return onClassification('(@dlp_severity IS NOT NULL AND @dlp_severity >= ?)', [min]);
      return onClassification('(@dlp_severity IS NOT NULL AND @dlp_severity BETWEEN ? AND ?)', [min, severityRank(term.max)]);
    }
    case 'dlp-detector':
      return inTable('message_rule_hits', `kind = 'dlp' AND detector = ?`, [term.detector]);
    case 'rule':
      return inTable('message_rule_hits', 'rule_id = ?', [term.ruleId]);
    case 'tag':
      return inTable('message_tags', 'tag = ?', [term.tag]);
    case 'classification-status':
      return onClassification('@status = ?', [term.status]);
  }
}
