/** A bound SQL parameter. */
export type SqlParam = string | number;

/**
 * A compiled subtree, kept symbolic until the end so that neighbouring full-text conditions can
 * be merged into one FTS5 MATCH (one index lookup instead of one per word):
 * - `const`: known true/false (`all`, or text with no searchable tokens);
 * - `fts`: `m.rowid IN (… MATCH match)`, or `NOT IN` when `negated` (FTS5 has no unary NOT);
 * - `sql`: any other boolean SQL expression over `m`;
 * - `bool`: an AND/OR of the others, kept open so an enclosing AND/OR of the same kind can
 *   flatten it and merge its FTS part with its own.
 */
export type SqlFragment =
  | { kind: 'const'; value: boolean }
  | { kind: 'fts'; match: string; negated: boolean }
  | { kind: 'sql'; sql: string; params: SqlParam[] }
  | { kind: 'bool'; op: 'AND' | 'OR'; parts: SqlFragment[] };

export const TRUE: SqlFragment = { kind: 'const', value: true };
export const FALSE: SqlFragment = { kind: 'const', value: false };

type Fts = SqlFragment & { kind: 'fts' };

/** Joins FTS5 expressions with a binary operator, parenthesising each operand. */
function joinFts(list: readonly Fts[], op: 'AND' | 'OR'): string {
  const only = list.length === 1 ? list[0] : undefined;
  return only ? only.match : list.map((f) => `(${f.match})`).join(` ${op} `);
}

function partition(fragments: readonly SqlFragment[], op: 'AND' | 'OR') {
  const positive: Fts[] = [];
  const negative: Fts[] = [];
  const sql: SqlFragment[] = [];
  const consts: boolean[] = [];
  const queue = [...fragments];
  for (let f = queue.shift(); f; f = queue.shift()) {
    if (f.kind === 'bool' && f.op === op) queue.push(...f.parts);
    else if (f.kind === 'const') consts.push(f.value);
    else if (f.kind === 'fts') (f.negated ? negative : positive).push(f);
    else sql.push(f);
  }
  return { positive, negative, sql, consts };
}

function joinSql(parts: readonly SqlFragment[], op: 'AND' | 'OR', empty: SqlFragment): SqlFragment {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (parts.length === 0) return empty;
  if (only) return only;
  return { kind: 'bool', op, parts: [...parts] };
}

/**
 * Conjunction. FTS parts merge into one MATCH: `P1 AND P2` and, for excluded ones,
 * `(P) NOT (N1 OR N2)`; with no positive part, `NOT IN (N1 OR N2)` (De Morgan).
 */
export function andFragments(fragments: readonly SqlFragment[]): SqlFragment {
  const { positive, negative, sql, consts } = partition(fragments, 'AND');
  if (consts.includes(false)) return FALSE;
  const parts: SqlFragment[] = [];
  if (positive.length > 0) {
    const p = joinFts(positive, 'AND');
    parts.push({ kind: 'fts', negated: false, match: negative.length > 0 ? `(${p}) NOT (${joinFts(negative, 'OR')})` : p });
  } else if (negative.length > 0) {
    parts.push({ kind: 'fts', negated: true, match: joinFts(negative, 'OR') });
  }
  return joinSql([...parts, ...sql], 'AND', TRUE);
}

/**
 * Disjunction. FTS parts merge into one MATCH: `P1 OR P2`; excluded ones as
 * `NOT IN (N1 AND N2)`, and both kinds together as `NOT IN ((N) NOT (P))`, since
 * `¬N ∨ P ≡ ¬(N ∧ ¬P)`.
 */
export function orFragments(fragments: readonly SqlFragment[]): SqlFragment {
  const { positive, negative, sql, consts } = partition(fragments, 'OR');
  if (consts.includes(true)) return TRUE;
  const parts: SqlFragment[] = [];
  if (negative.length > 0) {
    const n = joinFts(negative, 'AND');
    parts.push({ kind: 'fts', negated: true, match: positive.length > 0 ? `(${n}) NOT (${joinFts(positive, 'OR')})` : n });
  } else if (positive.length > 0) {
    parts.push({ kind: 'fts', negated: false, match: joinFts(positive, 'OR') });
  }
  return joinSql([...parts, ...sql], 'OR', FALSE);
}

export function notFragment(fragment: SqlFragment): SqlFragment {
  switch (fragment.kind) {
    case 'const':
      return fragment.value ? FALSE : TRUE;
    case 'fts':
      return { ...fragment, negated: !fragment.negated };
    case 'sql':
    case 'bool': {
      const { sql, params } = toSql(fragment);
      return { kind: 'sql', sql: `NOT (${sql})`, params };
    }
  }
}

/** Renders a fragment; the FTS5 match string travels as a bound parameter, never in the SQL. */
export function toSql(fragment: SqlFragment): { sql: string; params: SqlParam[] } {
  switch (fragment.kind) {
    case 'const':
      return { sql: fragment.value ? '1' : '0', params: [] };
    case 'fts':
      return {
        sql: `m.rowid ${fragment.negated ? 'NOT IN' : 'IN'} (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)`,
        params: [fragment.match],
      };
    case 'sql':
      return { sql: fragment.sql, params: fragment.params };
    case 'bool': {
      const rendered = fragment.parts.map(toSql);
      return { sql: `(${rendered.map((r) => r.sql).join(` ${fragment.op} `)})`, params: rendered.flatMap((r) => r.params) };
    }
  }
}
