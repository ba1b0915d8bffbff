import type { HoldChecker } from './hold-checker.js';

/**
 * Which messages a case covers. A message is covered when it matches every part given:
 * - `custodians`: one of these (lower-cased) addresses appears in ANY role — header From, Sender,
 *   Reply-To, To, Cc, Bcc, the journal sender, or a journal/envelope recipient (including lists
 *   and forwarders it came through), exactly as the query language's `participants:` means it;
 * - `query`: the search-language text matches;
 * - `sentFrom` / `sentBefore`: the Date header (the receive time when it is missing) falls in
 *   `[sentFrom, sentBefore)`. Sent rather than received, because a matter's relevant period is when
 *   people wrote to each other; the receive time of historical mail imported later is the import
 *   date, and a received-date range would silently miss a custodian's whole imported mailbox.
 * `scope: 'all'` (no custodians, no query) must be asked for explicitly: a case whose criteria
 * were simply left out would otherwise hold the whole archive by accident.
 */
export interface CaseCriteria {
  scope: 'criteria' | 'all';
  custodians: string[];
  query: string | null;
  /** ISO-8601, inclusive; null for no lower bound. */
  sentFrom: string | null;
  /** ISO-8601, exclusive; null for no upper bound. */
  sentBefore: string | null;
}

/** A legal matter. Never edited or deleted, so a hold's meaning cannot change under it. */
export interface LegalCase extends CaseCriteria {
  id: string;
  name: string;
  description: string;
  createdBy: string;
  /** ISO-8601. */
  createdAt: string;
}

/** What a caller supplies to open a case; the id is chosen by the caller so it can be audited first. */
export type NewCase = Omit<LegalCase, 'createdAt'>;

/** A hold on a case: in force from `placedAt` until released with a reason. */
export interface Hold {
  id: string;
  caseId: string;
  placedBy: string;
  /** ISO-8601. */
  placedAt: string;
  reason: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
  /**
   * Whether the background pass over messages archived before the hold has finished. The hold
   * protects them either way; until then, message lists and counts may be incomplete.
   */
  backfillComplete: boolean;
}

/** A case with its holds and how many distinct messages its holds in force preserve now. */
export interface CaseDetail {
  case: LegalCase;
  holds: Hold[];
  heldMessageCount: number;
}

/** One page of a hold's messages, in archive-id order. */
export interface HeldMessagePage {
  ids: string[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Cases and legal holds: the port the API and CLI use, and the `HoldChecker` every deletion path
 * uses. Auditing is the caller's job (it must happen before a change is applied).
 */
export interface LegalHolds extends HoldChecker {
  /** @throws InvalidCaseError (no criteria without `scope: 'all'`, bad range), QuerySyntaxError. */
  createCase(input: NewCase): Promise<LegalCase>;
  /** Newest first. */
  listCases(options: { limit: number; offset: number }): Promise<LegalCase[]>;
  getCase(id: string): Promise<CaseDetail | null>;
  getHold(id: string): Promise<Hold | null>;
  /** In force once this resolves; existing messages are attached in the background. @throws CaseNotFoundError */
  placeHold(input: { id: string; caseId: string; placedBy: string; reason: string }): Promise<Hold>;
  /** @throws HoldNotFoundError, HoldAlreadyReleasedError */
  releaseHold(input: { id: string; releasedBy: string; reason: string }): Promise<Hold>;
  /** @throws HoldNotFoundError */
  heldMessages(holdId: string, page: { limit: number; after: string | null }): Promise<HeldMessagePage>;
}
