import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';
import { registrableDomain } from './registrable-domain.js';

/**
 * Replies go to a different organisation than the one the mail claims to come from: spam and
 * advance-fee fraud send from a throw-away or forged address and collect answers elsewhere.
 * Domains are compared by registrable domain, so `lists.example.org` and `example.org` match.
 * Mailing lists (List-Id, List-Post, Mailing-List) set Reply-To to the list on purpose: skipped.
 */
export const fromReplyToDomainMismatch: HeuristicCheck = {
  id: 'from-reply-to-domain-mismatch',
  description: 'The Reply-To address is in a different domain than the From address (not a mailing list)',
  test(view) {
    const from = view.addresses.find((a) => a.field === 'from' && a.address !== '');
    if (from === undefined) return null;
    for (const list of ['list-id', 'list-post', 'mailing-list']) if (firstHeader(view, list) !== null) return null;
    const fromDomain = registrableDomain(from.address);
    for (const r of view.addresses) {
      if (r.field !== 'reply-to' || r.address === '') continue;
      const replyDomain = registrableDomain(r.address);
      if (replyDomain !== fromDomain) return `From is ${fromDomain}, Reply-To is ${replyDomain}`;
    }
    return null;
  },
};
