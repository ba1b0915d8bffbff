import type { LegalCase } from '../../holds/legal-holds.js';
import type { QueryNode } from '../../query/ast.js';
import { parseQuery } from '../../query/parse-query.js';

/**
 * The messages a case covers, as a search AST: every part given must match — one of the
 * custodians as a `participants:` address (any role, header, journal or envelope), the case's
 * query, and the sent-date range (`sent`: the Date header, the receive time when it is missing).
 * The same messages the case's holds preserve (`src/holds/sqlite/case-criteria-sql.ts`): a
 * `scope: 'all'` case is every message, still within its sent range when it has one.
 *
 * @throws QuerySyntaxError when the case's query does not parse (it was validated at creation).
 */
export function caseScope(legalCase: LegalCase): QueryNode {
  const parts: QueryNode[] = [];
  if (legalCase.custodians.length > 0) {
    const terms = legalCase.custodians.map((address): QueryNode => ({ type: 'address', role: 'participants', value: address, prefix: false }));
    parts.push(terms.length === 1 ? (terms[0] as QueryNode) : { type: 'or', children: terms });
  }
  if (legalCase.query !== null) parts.push(parseQuery(legalCase.query));
  if (legalCase.sentFrom !== null || legalCase.sentBefore !== null) {
    parts.push({ type: 'date', field: 'sent', gte: epochMs(legalCase.sentFrom), lt: epochMs(legalCase.sentBefore) });
  }
  return allOf(parts);
}

/** A search within a case: its scope AND the user's query (the whole case when null). */
export function caseSearchQuery(scope: QueryNode, query: QueryNode | null): QueryNode {
  return allOf(query === null ? [scope] : [scope, query]);
}

/** AND of the parts, leaving out `all` (which matches everything); `all` when nothing is left. */
export function allOf(parts: readonly QueryNode[]): QueryNode {
  const kept = parts.filter((part) => part.type !== 'all');
  if (kept.length === 0) return { type: 'all' };
  if (kept.length === 1) return kept[0] as QueryNode;
  return { type: 'and', children: kept };
}

function epochMs(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}
