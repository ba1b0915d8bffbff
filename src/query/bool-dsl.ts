import type { Json } from '../search-engine/search-engine.js';

/**
 * A compiled subtree, kept symbolic until the end so constants fold away and negations land in
 * `must_not` of the enclosing `bool` instead of a `bool` of their own:
 * - `const`: known true or false (`all`, an open range, text without searchable words);
 * - `query`: a query that selects the matching messages;
 * - `not`: the messages `query` does not select.
 */
export type DslNode =
  | { kind: 'const'; value: boolean }
  | { kind: 'query'; query: Json }
  | { kind: 'not'; query: Json };

export const ALL: DslNode = { kind: 'const', value: true };
export const NONE: DslNode = { kind: 'const', value: false };

export function query(q: Json): DslNode {
  return { kind: 'query', query: q };
}

/** The clauses of a `bool` with only the given kinds of clause (and `minimum_should_match: 1`), else null. */
function clausesOf(q: Json, kinds: readonly string[]): Record<string, Json[]> | null {
  const bool = q.bool as Record<string, unknown> | undefined;
  const flattenable = (key: string) => kinds.includes(key) || (key === 'minimum_should_match' && bool?.[key] === 1);
  if (bool === undefined || !Object.keys(bool).every(flattenable)) return null;
  return bool as Record<string, Json[]>;
}

/**
 * Conjunction in filter context (nothing is scored: results are sorted by date or size). An AND
 * inside an AND is flattened into it.
 */
export function andNodes(nodes: readonly DslNode[]): DslNode {
  if (nodes.some((n) => n.kind === 'const' && !n.value)) return NONE;
  const filter: Json[] = [];
  const mustNot: Json[] = [];
  for (const n of nodes) {
    if (n.kind === 'not') mustNot.push(n.query);
    if (n.kind !== 'query') continue;
    const inner = clausesOf(n.query, ['filter', 'must_not']);
    if (inner) {
      filter.push(...(inner.filter ?? []));
      mustNot.push(...(inner.must_not ?? []));
    } else {
      filter.push(n.query);
    }
  }
  if (filter.length === 0 && mustNot.length === 0) return ALL;
  if (mustNot.length === 0 && filter.length === 1) return query(filter[0] ?? {});
  if (filter.length === 0 && mustNot.length === 1) return { kind: 'not', query: mustNot[0] ?? {} };
  return query({ bool: { ...(filter.length > 0 ? { filter } : {}), ...(mustNot.length > 0 ? { must_not: mustNot } : {}) } });
}

/** Disjunction: at least one `should` clause must match. An OR inside an OR is flattened into it. */
export function orNodes(nodes: readonly DslNode[]): DslNode {
  if (nodes.some((n) => n.kind === 'const' && n.value)) return ALL;
  const clauses = nodes.filter((n) => n.kind !== 'const');
  const only = clauses.length === 1 ? clauses[0] : undefined;
  if (clauses.length === 0) return NONE;
  if (only) return only;
  const should = clauses.flatMap((n) => (n.kind === 'query' ? (clausesOf(n.query, ['should'])?.should ?? [n.query]) : [toQuery(n)]));
  return query({ bool: { should, minimum_should_match: 1 } });
}

export function notNode(node: DslNode): DslNode {
  switch (node.kind) {
    case 'const':
      return node.value ? NONE : ALL;
    case 'query':
      return { kind: 'not', query: node.query };
    case 'not':
      return query(node.query);
  }
}

/** The query DSL of a node: `match_all` and `match_none` for the constants. */
export function toQuery(node: DslNode): Json {
  switch (node.kind) {
    case 'const':
      return node.value ? { match_all: {} } : { match_none: {} };
    case 'query':
      return node.query;
    case 'not':
      return { bool: { must_not: [node.query] } };
  }
}
