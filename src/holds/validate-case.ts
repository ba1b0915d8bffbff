import type { QueryNode } from '../query/ast.js';
import { parseQuery } from '../query/parse-query.js';
import { InvalidCaseError } from './holds-errors.js';
import type { CaseCriteria } from './legal-holds.js';

/** `local@domain`, no spaces: matched exactly (lower-cased) against every address role. */
const ADDRESS = /^[^\s@]+@[^\s@]+$/u;

/**
 * Checks a case's criteria and returns its parsed query (null when it has none).
 *
 * @throws InvalidCaseError when the case would hold nothing definite: no custodians and no query
 *   without `scope: 'all'`, or `scope: 'all'` mixed with custodians or a query (which of the two
 *   was meant is unclear), an address that is not one, or an empty date range.
 * @throws QuerySyntaxError when the query does not parse.
 */
export function validateCase(criteria: CaseCriteria): QueryNode | null {
  const { scope, custodians, query, sentFrom, sentBefore } = criteria;
  if (scope === 'all' && (custodians.length > 0 || query !== null)) {
    throw new InvalidCaseError("scope 'all' holds every message: give no custodians and no query with it");
  }
  if (scope === 'criteria' && custodians.length === 0 && query === null) {
    throw new InvalidCaseError("a case needs custodians or a query; to hold every message, say scope 'all'");
  }
  for (const address of custodians) {
    if (!ADDRESS.test(address) || address !== address.toLowerCase()) {
      throw new InvalidCaseError(`custodian ${JSON.stringify(address)} is not a lower-cased e-mail address`);
    }
  }
  const from = sentFrom === null ? null : Date.parse(sentFrom);
  const before = sentBefore === null ? null : Date.parse(sentBefore);
  if (Number.isNaN(from) || Number.isNaN(before)) throw new InvalidCaseError('sentFrom and sentBefore must be ISO-8601 times');
  if (from !== null && before !== null && from >= before) throw new InvalidCaseError('sentFrom must be before sentBefore');
  return query === null ? null : parseQuery(query);
}
