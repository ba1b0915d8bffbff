import { caseCriteriaSql, type SqlCondition } from '../../../holds/sqlite/case-criteria-sql.js';
import type { LegalCase } from '../../../holds/legal-holds.js';
import type { QueryNode } from '../../../query/ast.js';
import { compileToSqlite } from '../../../query/compile-sqlite.js';
import { parseQuery } from '../../../query/parse-query.js';
import { allOf } from '../case-scope.js';

/**
 * A case's scope, and a query within it, as one SQL condition over `messages m` (with the join
 * its query needs), for statements driven by a short list of messages — the asked ids of a
 * tagging, a case's tagged messages — rather than by the whole archive. Custodians and sent range
 * are the holds' own per-row probes (`caseCriteriaSql`), so a case covers here exactly the
 * messages its holds preserve; the case's query and the user's are compiled together as a search
 * compiles them.
 */
export function caseScopeSql(legalCase: LegalCase, query: QueryNode | null): SqlCondition & { join: string } {
  const { prefilter } = caseCriteriaSql(legalCase);
  const compiled = compileToSqlite(allOf([legalCase.query === null ? { type: 'all' } : parseQuery(legalCase.query), query ?? { type: 'all' }]));
  return {
    join: compiled.join,
    // Wrapped in a function so the planner cannot drive the statement from one of the condition's
    // sub-selects (a full-text match, an address list): the listed messages drive it and the
    // condition only filters, as in the holds' statements. NULL counts as no match, as in WHERE.
    where: `coalesce((${prefilter.where}) AND (${compiled.where}), 0)`,
    params: [...prefilter.params, ...compiled.params],
  };
}
