import type { JournalSource } from '../../domain/archive-record.js';
import type { Severity } from '../../domain/classification.js';
import type { QueryNode } from '../../query/ast.js';

/** Where a message went, seen from the organisation's domains (config `rules.internalDomains`). */
export type Direction = 'internal' | 'inbound' | 'outbound';

/** A retention period: calendar days, months or years after the first receipt, or never ending. */
export type RetentionPeriod = { unit: 'days' | 'months' | 'years'; count: number } | { unit: 'forever' };

/**
 * Which messages a policy covers. Every criterion given must hold (AND); within a list, any value
 * does (OR). An empty scope covers every message: that is the default policy.
 */
export interface PolicyScope {
  /** Sender addresses or `@domain` (subdomains included): From, Sender, On-Behalf-Of and the journal's sender. */
  senders?: string[];
  /** Recipient addresses or `@domain`: To, Cc, Bcc and recipients only the journal envelope revealed. */
  recipients?: string[];
  /** Domains (subdomains included) of any participant, sender or recipient. */
  domains?: string[];
  direction?: Direction[];
  /** How a copy reached the archive; any received copy counts. */
  journalSource?: JournalSource[];
  spamVerdict?: Array<'spam' | 'ham' | 'error'>;
  /** The message's highest DLP severity is this or higher. */
  dlpSeverityAtLeast?: Severity;
  /** Any of these tags (from rules' `tag` actions), any case. */
  tags?: string[];
  /** Any of these rules fired. */
  ruleIds?: string[];
  /** An attachment of one of these detected MIME types (`image/*` covers every image). */
  attachmentTypes?: string[];
  /** A search-language query, as written, and its parsed form. */
  query?: { text: string; ast: QueryNode };
}

/** One validated retention policy. */
export interface RetentionPolicy {
  id: string;
  description: string;
  scope: PolicyScope;
  period: RetentionPeriod;
  /** At expiry: deleted by a sweep, or listed for an officer to decide. */
  action: 'delete' | 'review';
  /** Higher classes win over lower ones whatever their periods. Default 0. */
  priority: number;
  /** False for records a regulation requires: erasure is refused until the policy's expiry. Default true. */
  erasable: boolean;
  /** `file:line` where the policy is defined, for messages and the policies API. */
  source: string;
}

/** Every policy in force, and the content hash that tells one set from another. */
export interface PolicySet {
  /** SHA-256 hex of what decides assignments (policies without descriptions and sources, and the internal domains when a policy uses `direction`). */
  version: string;
  /** In resolution order is not implied: policies sorted by id. */
  policies: RetentionPolicy[];
  /** Config `rules.internalDomains`, which `direction` scopes are judged by. */
  internalDomains: string[];
  /** The policy files read, absolute. */
  sources: string[];
}
