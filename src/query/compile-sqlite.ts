import type { DateRange, QueryNode, SizeRange, TextField, TextTerm } from './ast.js';
import { compileAddressTerm } from './compile-address-sqlite.js';
import { CLASSIFICATION_JOIN, compileClassificationTerm, type ClassificationTerm } from './compile-classification-sqlite.js';
import { ftsColumns, ftsPhrase } from './fts-match.js';
import { andFragments, FALSE, notFragment, orFragments, toSql, TRUE, type SqlFragment, type SqlParam } from './sql-fragment.js';

/**
 * A WHERE-clause expression over `messages m` (and, when `join` says so, its classification row
 * `c`), with `?` placeholders and their values: `SELECT … FROM messages m${join} WHERE ${where}`.
 */
export interface CompiledSqliteQuery {
  where: string;
  params: SqlParam[];
  /** `''`, or the JOIN of the classification row `c` that `where` refers to; goes after `messages m` and any index hint. */
  join: string;
  /**
   * When the whole query is one full-text match, that FTS5 match string: such a query can be
   * counted on the FTS index alone (every FTS row has its message), many times faster.
   */
  ftsOnly: string | null;
  /**
   * When the whole query is one classification term (`spam:yes`, `tag:pci`), a statement counting
   * its messages from that term's own index: every row there has its message, as with `ftsOnly`.
   */
  countOnly: { sql: string; params: SqlParam[] } | null;
}

/**
 * Compiles a query AST to a boolean SQL expression over the `messages` table aliased `m`:
 * `SELECT … FROM messages m WHERE ${where}`.
 *
 * Safety: no user text is ever placed in the SQL. Scalars are bound parameters; full-text
 * conditions become one FTS5 match string per merged subtree, built only from quoted tokens
 * (see fts-match.ts), and bound as a parameter too.
 *
 * Speed: adjacent full-text conditions (words, phrases, field words, name searches) under the
 * same AND/OR/NOT are merged into a single `m.rowid IN (SELECT rowid FROM message_fts WHERE
 * message_fts MATCH ?)`. The sent-date condition uses `coalesce(m.sent_at, m.received_at)`
 * verbatim because the `messages_sent` index is on exactly that expression.
 */
export function compileToSqlite(node: QueryNode): CompiledSqliteQuery {
  const uses = { join: false };
  const fragment = compileNode(node, uses);
  const { sql, params } = toSql(fragment);
  const single = isClassificationTerm(node) ? compileClassificationTerm(node) : null;
  return {
    where: sql,
    params,
    join: uses.join ? CLASSIFICATION_JOIN : '',
    ftsOnly: fragment.kind === 'fts' && !fragment.negated ? fragment.match : null,
    countOnly: single?.count ?? null,
  };
}

const CLASSIFICATION_TYPES: ReadonlySet<QueryNode['type']> = new Set<ClassificationTerm['type']>([
  'spam-verdict', 'score', 'dlp-severity', 'dlp-detector', 'rule', 'tag', 'classification-status',
]);

function isClassificationTerm(node: QueryNode): node is ClassificationTerm {
  return CLASSIFICATION_TYPES.has(node.type);
}

/** `uses.join` is set when any part of the tree refers to the classification row `c`. */
function compileNode(node: QueryNode, uses: { join: boolean }): SqlFragment {
  const recurse = (child: QueryNode) => compileNode(child, uses);
  switch (node.type) {
    case 'all':
      return TRUE;
    case 'and':
      return andFragments(node.children.map(recurse));
    case 'or':
      return orFragments(node.children.map(recurse));
    case 'not':
      return notFragment(recurse(node.child));
    case 'text':
      return compileText(node);
    case 'address':
      return compileAddressTerm(node);
    case 'has-attachment':
      return { kind: 'sql', sql: 'm.has_attachment = 1', params: [] };
    case 'message-id':
      // IS, not =: `NOT (message_id IS ?)` keeps messages without a Message-ID, as `-message-id:x` means.
      return { kind: 'sql', sql: 'm.message_id IS ?', params: [node.value.trim().toLowerCase()] };
    case 'date':
      return compileDate(node);
    case 'size':
      return compileSize(node);
    default: {
      const term = compileClassificationTerm(node satisfies ClassificationTerm);
      if (term === null) return TRUE;
      uses.join ||= term.usesJoin;
      return term.fragment;
    }
  }
}

const TEXT_COLUMNS: Readonly<Record<TextField, readonly string[]>> = {
  any: [],
  subject: ['subject'],
  body: ['body'],
  attachment: ['attachment_names', 'attachment_text'],
};

/**
 * A phrase is one FTS5 phrase. A word is a phrase of its tokens too (`e-mail` is `"e" + "mail"`,
 * as the indexer saw it); several whitespace-separated words in one non-phrase term (only from
 * hand-built ASTs) must all occur. No searchable tokens at all (`!!!`) matches nothing.
 */
function compileText(term: TextTerm): SqlFragment {
  const words = term.phrase ? [term.value] : term.value.split(/\s+/u);
  const phrases = words
    .map((word, i) => ftsPhrase(word, term.prefix && i === words.length - 1))
    .filter((p): p is string => p !== null);
  if (phrases.length === 0) return FALSE;
  const expression = phrases.length === 1 ? (phrases[0] ?? '') : phrases.map((p) => `(${p})`).join(' AND ');
  return { kind: 'fts', negated: false, match: ftsColumns(TEXT_COLUMNS[term.field], expression) };
}

function checkBound(value: number | null): void {
  if (value !== null && !Number.isSafeInteger(value)) throw new RangeError(`query bound ${value} is not an integer`);
}

function bounds(column: string, lower: [string, number | null], upper: [string, number | null]): SqlFragment {
  const conditions: string[] = [];
  const params: SqlParam[] = [];
  for (const [op, value] of [lower, upper]) {
    checkBound(value);
    if (value === null) continue;
    conditions.push(`${column} ${op} ?`);
    params.push(value);
  }
  if (conditions.length === 0) return TRUE;
  const sql = conditions.length === 1 ? (conditions[0] ?? '') : `(${conditions.join(' AND ')})`;
  return { kind: 'sql', sql, params };
}

function compileDate(range: DateRange): SqlFragment {
  const column = range.field === 'sent' ? 'coalesce(m.sent_at, m.received_at)' : 'm.received_at';
  return bounds(column, ['>=', range.gte], ['<', range.lt]);
}

function compileSize(range: SizeRange): SqlFragment {
  return bounds('m.size', ['>=', range.min], ['<=', range.max]);
}
