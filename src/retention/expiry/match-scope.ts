import type { AddressField } from '../../domain/archive-record.js';
import { SEVERITIES } from '../../domain/classification.js';
import { createDomainScope, domainOf, inDomain } from '../../rules/engine/domain-scope.js';
import type { Direction, PolicyScope } from '../policies/retention-policy.js';
import type { MessageFacts } from './message-facts.js';

/** Who sent it, as the search language's `from:` means it. */
const SENDER_FIELDS: ReadonlySet<AddressField> = new Set(['from', 'sender', 'journal-sender', 'on-behalf-of']);
/** Who received it, journal-envelope recipients included (journaled BCCs). */
const RECIPIENT_FIELDS: ReadonlySet<AddressField> = new Set(['to', 'cc', 'bcc', 'envelope']);

/**
 * Tests every criterion of a scope except `query` (which runs as SQL; see the adapter) against a
 * message's facts. `isInternal` judges `direction`.
 */
export function matchScope(scope: PolicyScope, facts: MessageFacts, isInternal: (address: string) => boolean): boolean {
  const senders = addressesIn(facts, SENDER_FIELDS);
  const recipients = addressesIn(facts, RECIPIENT_FIELDS);
  if (scope.senders && !senders.some((a) => scope.senders?.some((p) => addressMatches(a, p)))) return false;
  if (scope.recipients && !recipients.some((a) => scope.recipients?.some((p) => addressMatches(a, p)))) return false;
  if (scope.domains) {
    const domains = facts.addresses.map((a) => domainOf(a.address)).filter((d) => d !== '');
    if (!domains.some((d) => scope.domains?.some((parent) => inDomain(d, parent)))) return false;
  }
  if (scope.direction && !scope.direction.includes(directionOf(facts, isInternal))) return false;
  if (scope.journalSource && !facts.journalSources.some((s) => scope.journalSource?.includes(s))) return false;
  if (scope.spamVerdict && !scope.spamVerdict.includes(facts.spamVerdict)) return false;
  if (scope.dlpSeverityAtLeast && (facts.dlpSeverityRank ?? 0) < SEVERITIES.indexOf(scope.dlpSeverityAtLeast) + 1) return false;
  if (scope.tags && !facts.tags.some((t) => scope.tags?.includes(t))) return false;
  if (scope.ruleIds && !facts.ruleIds.some((r) => scope.ruleIds?.includes(r))) return false;
  if (scope.attachmentTypes && !facts.attachmentTypes.some((t) => scope.attachmentTypes?.some((p) => typeMatches(t, p)))) return false;
  return true;
}

/** A matcher for `direction` scopes built once per policy set. */
export function internalMatcher(internalDomains: readonly string[]): (address: string) => boolean {
  return createDomainScope(internalDomains);
}

/**
 * Internal: sent from an internal address to internal addresses only. Outbound: sent from an
 * internal address with at least one external recipient. Inbound: everything else, including mail
 * whose sender is unknown. The journal's sender, when there is one, is the sender (it is what the
 * mail server saw; a From header can say anything).
 */
export function directionOf(facts: MessageFacts, isInternal: (address: string) => boolean): Direction {
  const journal = facts.addresses.filter((a) => a.field === 'journal-sender' && a.address !== '').map((a) => a.address);
  const senders = journal.length > 0 ? journal : addressesIn(facts, SENDER_FIELDS);
  if (!senders.some(isInternal)) return 'inbound';
  return addressesIn(facts, RECIPIENT_FIELDS).every(isInternal) ? 'internal' : 'outbound';
}

function addressesIn(facts: MessageFacts, fields: ReadonlySet<AddressField>): string[] {
  return facts.addresses.filter((a) => fields.has(a.field) && a.address !== '').map((a) => a.address);
}

/** `@example.com` covers the domain and its subdomains; anything else is one exact address. */
function addressMatches(address: string, pattern: string): boolean {
  return pattern.startsWith('@') ? inDomain(domainOf(address), pattern.slice(1)) : address === pattern;
}

/** `image/*` covers every image type; anything else is one exact type. */
function typeMatches(type: string, pattern: string): boolean {
  return pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}
