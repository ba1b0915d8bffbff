import RE2 from 're2';
import type { HeuristicCheck } from './check.js';

/**
 * Something shaped like an address inside a display name. RE2, because a backtracking engine
 * rescans a long run of address characters from every start position (quadratic) when no @ follows.
 */
const ADDRESS_IN_NAME = new RE2('[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+', 'g');

/**
 * `"paypal@paypal.com" <x@evil.example>`: a display name that shows one address while the mail
 * comes from another, the classic phishing trick, since most clients show only the name.
 */
export const fromDisplayNameSpoofsAddress: HeuristicCheck = {
  id: 'from-display-name-spoofs-address',
  description: 'The From display name contains an email address other than the sender address',
  test(view) {
    for (const entry of view.addresses) {
      if (entry.field !== 'from' || !entry.name.includes('@')) continue;
      for (const shown of entry.name.matchAll(ADDRESS_IN_NAME)) {
        if (shown[0].toLowerCase() !== entry.address) return `display name shows ${shown[0]} but the address is ${entry.address}`;
      }
    }
    return null;
  },
};
