import headerParser, { type ParsedResult } from 'mailauth/lib/parse-dkim-headers.js';
import type { AuthOutcome, AuthView, MessageView } from '../message-view.js';
import { combineOutcomes, toAuthOutcome } from './auth-outcome.js';

/** The methods of an Authentication-Results header the rules use. */
export type UpstreamAuth = Pick<AuthView, 'spf' | 'dkim' | 'dmarc' | 'arc'>;
const METHODS = ['spf', 'dkim', 'dmarc', 'arc'] as const;

/**
 * What the servers before Custodian found when they authenticated the message, from its
 * `Authentication-Results` headers (RFC 8601; mailauth's header parser handles comments, quoting
 * and versions).
 *
 * Anyone can write an Authentication-Results header, so only those whose authserv-id is in
 * `trustedAuthservIds` (case-insensitive; a version after the id is ignored) count. With no ids
 * configured only the topmost header counts: a journaled message comes from the organisation's
 * own mail server, which authenticated it on arrival and prepended its result above everything
 * the sender wrote — any header further down may be the sender's forgery (RFC 8601 §5 tells
 * servers to remove their own id's headers from incoming mail, not other ids').
 *
 * A method no trusted header mentions is `none`.
 */
export function parseAuthenticationResults(headers: MessageView['headers'], trustedAuthservIds: readonly string[]): UpstreamAuth {
  const trusted = new Set(trustedAuthservIds.map((id) => id.trim().toLowerCase()));
  const found: Record<(typeof METHODS)[number], AuthOutcome[]> = { spf: [], dkim: [], dmarc: [], arc: [] };
  for (const header of headers) {
    if (header.name !== 'authentication-results') continue;
    const parsed = headerParser(`Authentication-Results: ${header.value}`).parsed;
    const authservId = (parsed.value ?? '').split(/\s+/)[0]!.toLowerCase();
    if (trusted.size > 0 && !trusted.has(authservId)) continue;
    for (const method of METHODS) {
      for (const entry of resultsOf(parsed[method])) {
        const outcome = toAuthOutcome(entry.value);
        if (outcome !== null) found[method].push(outcome);
      }
    }
    if (trusted.size === 0) break;
  }
  return {
    spf: combineOutcomes(found.spf),
    dkim: combineOutcomes(found.dkim),
    dmarc: combineOutcomes(found.dmarc),
    arc: combineOutcomes(found.arc),
  };
}

function resultsOf(entry: ParsedResult | ParsedResult[] | string | undefined): ParsedResult[] {
  if (entry === undefined || typeof entry === 'string') return [];
  return Array.isArray(entry) ? entry : [entry];
}
