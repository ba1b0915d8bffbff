import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';

/**
 * `Precedence: bulk|list|junk` declares bulk mail; legitimate lists and newsletters also carry
 * `List-Unsubscribe` (RFC 2369) or `List-Id` (RFC 2919). Bulk without either is mass mail that
 * offers no way out.
 */
export const bulkPrecedence: HeuristicCheck = {
  id: 'bulk-precedence',
  description: 'Precedence: bulk, list or junk without List-Unsubscribe or List-Id',
  test(view) {
    const precedence = firstHeader(view, 'precedence')?.trim().toLowerCase();
    if (precedence !== 'bulk' && precedence !== 'list' && precedence !== 'junk') return null;
    if (firstHeader(view, 'list-unsubscribe') !== null || firstHeader(view, 'list-id') !== null) return null;
    return `Precedence: ${precedence} with no List-Unsubscribe or List-Id`;
  },
};
