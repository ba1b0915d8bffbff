import { addressPath, namesPath, type NameRole } from '../archive/search-engine/message-fields.js';
import type { AddressField } from '../domain/archive-record.js';
import type { AddressRole, AddressTerm } from './ast.js';
import { NONE, orNodes, query, type DslNode } from './bool-dsl.js';
import { phraseIn } from './text-match-dsl.js';

const EVERY_FIELD: readonly AddressField[] = ['from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'envelope', 'journal-sender', 'on-behalf-of'];

/**
 * The address fields each role searches, as `compile-address-sqlite.ts` defines them: `from`
 * includes who sent on someone's behalf and the journal's sender; Reply-To is not "from".
 */
const ROLE_FIELDS: Readonly<Record<AddressRole, readonly AddressField[]>> = {
  from: ['from', 'sender', 'journal-sender', 'on-behalf-of'],
  to: ['to'],
  cc: ['cc'],
  bcc: ['bcc'],
  participants: EVERY_FIELD,
};

/** The "Display Name address" text fields each role's name searches look in. */
const ROLE_NAMES: Readonly<Record<AddressRole, readonly NameRole[]>> = {
  from: ['from'],
  to: ['to'],
  cc: ['cc'],
  bcc: ['bcc'],
  participants: ['from', 'to', 'cc', 'bcc'],
};

/** `example.com`, `mail.example.co.uk`: dot-separated labels, the last one with a letter. */
function isBareDomain(value: string): boolean {
  const labels = value.split('.');
  const last = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((l) => /^[\p{L}\p{N}-]+$/u.test(l)) && /\p{L}/u.test(last);
}

/** Any of the role's address keywords equals `address` (the keywords are lower-cased by their normalizer too). */
function exactAddress(role: AddressRole, address: string): DslNode {
  return orNodes(ROLE_FIELDS[role].map((field) => query({ term: { [addressPath(field)]: address } })));
}

/**
 * The domain or any subdomain: the `domain` sub-field holds every parent domain of each address
 * as a token (`mail.example.com` → also `example.com`, `com`), so it is one term per field.
 */
function domainMatch(role: AddressRole, domain: string): DslNode {
  return orNodes(ROLE_FIELDS[role].map((field) => query({ term: { [addressPath(field, true)]: domain } })));
}

function nameMatch(role: AddressRole, value: string, prefix: boolean): DslNode {
  return phraseIn(ROLE_NAMES[role].map((name) => ({ field: namesPath(name) })), value, prefix) ?? NONE;
}

/**
 * An address term, by the shape of its value, exactly as `compileAddressTerm` reads it for SQLite:
 * `local@domain` → that address; `@domain` → the domain or a subdomain; a bare `domain.tld` → the
 * domain OR the words as a phrase in the role's names; anything else (a name, a local part, any
 * value with a trailing `*`) → a phrase in the role's names.
 */
export function compileAddressDsl(term: AddressTerm): DslNode {
  const value = term.value.trim();
  const lower = value.toLowerCase();
  if (term.prefix) return nameMatch(term.role, value, true);
  const at = lower.indexOf('@');
  if (at > 0 && at < lower.length - 1 && !/\s/u.test(lower)) return exactAddress(term.role, lower);
  if (at === 0 && lower.length > 1) return domainMatch(term.role, lower.slice(1));
  if (isBareDomain(lower)) return orNodes([domainMatch(term.role, lower), nameMatch(term.role, value, false)]);
  return nameMatch(term.role, value, false);
}
