import type { AddressField } from '../domain/archive-record.js';
import { domainKeyRange } from '../archive/sqlite/domain-key.js';
import type { AddressRole, AddressTerm } from './ast.js';
import { ftsColumns, ftsPhrase } from './fts-match.js';
import { FALSE, orFragments, type SqlFragment, type SqlParam } from './sql-fragment.js';

/**
 * The `message_addresses.field` values each role searches; null means every field. `from`
 * includes who actually sent it on someone's behalf and the journal's sender, which is what a
 * reviewer asking "mail from X" means. Reply-To is deliberately not "from".
 */
const ROLE_FIELDS: Readonly<Record<AddressRole, readonly AddressField[] | null>> = {
  from: ['from', 'sender', 'journal-sender', 'on-behalf-of'],
  to: ['to'],
  cc: ['cc'],
  bcc: ['bcc'],
  participants: null,
};

/** The FTS5 columns holding "Display Name address" text for each role. */
const ROLE_NAME_COLUMNS: Readonly<Record<AddressRole, readonly string[]>> = {
  from: ['names_from'],
  to: ['names_to'],
  cc: ['names_cc'],
  bcc: ['names_bcc'],
  participants: ['names_from', 'names_to', 'names_cc', 'names_bcc'],
};

/** `example.com`, `mail.example.co.uk`: dot-separated labels, the last one with a letter. */
function isBareDomain(value: string): boolean {
  const labels = value.split('.');
  const last = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((l) => /^[\p{L}\p{N}-]+$/u.test(l)) && /\p{L}/u.test(last);
}

/**
 * The messages with an address in the role's fields that meets `condition`. An uncorrelated
 * `IN (SELECT …)`: SQLite runs it once through the address or domain index, instead of probing
 * every candidate message as a correlated `EXISTS` would (seconds on a large archive).
 */
function addressIn(role: AddressRole, condition: string, params: SqlParam[]): SqlFragment {
  const fields = ROLE_FIELDS[role];
  const fieldFilter = fields ? ` AND a.field IN (${fields.map(() => '?').join(', ')})` : '';
  return {
    kind: 'sql',
    sql: `m.rowid IN (SELECT a.message_rowid FROM message_addresses a WHERE ${condition}${fieldFilter})`,
    params: [...params, ...(fields ?? [])],
  };
}

/** The domain or any subdomain: one range of the reversed-domain index (see `domainKeyOf`). */
function domainMatch(role: AddressRole, domain: string): SqlFragment {
  return addressIn(role, 'a.domain_key >= ? AND a.domain_key < ?', domainKeyRange(domain));
}

function nameMatch(role: AddressRole, value: string, prefix: boolean): SqlFragment {
  const phrase = ftsPhrase(value, prefix);
  return phrase === null ? FALSE : { kind: 'fts', negated: false, match: ftsColumns(ROLE_NAME_COLUMNS[role], phrase) };
}

/**
 * An address term, by the shape of its value:
 * - `local@domain` → that exact address in `message_addresses`, which also holds the recipients
 *   only the journal envelope revealed (so `bcc:x@y` finds journaled BCCs);
 * - `@domain` → that domain or any subdomain of it;
 * - a bare `domain.tld` → that domain (or a subdomain) OR the words as a phrase in the role's
 *   names. Both, because `from:john.smith` is as likely a local part as `from:example.com` is a
 *   domain, and the names columns also hold each address's words;
 * - anything else (a name, a local part, or any value with a trailing `*`) → a phrase in the
 *   role's `names_*` FTS columns, which may merge with neighbouring full-text conditions.
 */
export function compileAddressTerm(term: AddressTerm): SqlFragment {
  const value = term.value.trim();
  const lower = value.toLowerCase();
  if (term.prefix) return nameMatch(term.role, value, true);
  const at = lower.indexOf('@');
  if (at > 0 && at < lower.length - 1 && !/\s/u.test(lower)) return addressIn(term.role, 'a.address = ?', [lower]);
  if (at === 0 && lower.length > 1) return domainMatch(term.role, lower.slice(1));
  if (isBareDomain(lower)) return orFragments([domainMatch(term.role, lower), nameMatch(term.role, value, false)]);
  return nameMatch(term.role, value, false);
}
