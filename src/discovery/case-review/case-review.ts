import type { SearchRequest, SearchResult } from '../../archive/archive-index.js';

/**
 * Review tags an officer puts on messages within a case. The default set is what review platforms
 * call the first-pass coding; a site may add its own (lower-case words joined by `-`).
 */
export const DEFAULT_REVIEW_TAGS = ['responsive', 'not-responsive', 'privileged', 'needs-review'] as const;

/** A search saved in a case, with the hit count it had when it ran (a later run is a new entry). */
export interface SavedSearch {
  id: string;
  caseId: string;
  /** The search-language text as typed; run within the case's scope. */
  query: string;
  hitCount: number;
  ranBy: string;
  /** ISO-8601. */
  ranAt: string;
}

export interface CaseNote {
  id: string;
  caseId: string;
  author: string;
  text: string;
  /** ISO-8601. */
  at: string;
}

/** A message's review tags within one case. */
export interface ReviewTagging {
  messageId: string;
  tags: string[];
}

/**
 * One thing done in a case, in order: the case's timeline. Written by the case-review service for
 * its own changes and by holds, exports and reports through `recordEvent`.
 */
export interface CaseEvent {
  seq: number;
  caseId: string;
  /** ISO-8601. */
  at: string;
  actor: string;
  /** Dotted verb: `case.create`, `hold.place`, `hold.release`, `search.save`, `tag.add`, `tag.remove`, `note.add`, `export.request`, `export.complete`, `report.generate`, … */
  action: string;
  detail: Record<string, unknown>;
}

/** Counts of a case's messages (or of a search within it). */
export interface CaseCounts {
  total: number;
  /** Per custodian address of the case, messages in which it appears in any role. */
  byCustodian: Array<{ key: string; count: number }>;
  /** By month of the sent date (`YYYY-MM`, UTC), ascending. */
  byMonth: Array<{ key: string; count: number }>;
  /** By review tag of this case; untagged messages are counted under `(untagged)`. */
  byReviewTag: Array<{ key: string; count: number }>;
}

/**
 * Review work inside a legal case: saved searches, review tags, notes, the timeline, and search
 * and counts scoped to the case (its custodians, query and sent-date range). Auditing in the audit
 * log is the caller's job (before a change); the case timeline is this port's.
 */
export interface CaseReview {
  /** Runs `query` within the case and saves it with its hit count. @throws CaseNotFoundError, QuerySyntaxError */
  saveSearch(input: { caseId: string; query: string; actor: string }): Promise<SavedSearch>;
  listSearches(caseId: string): Promise<SavedSearch[]>;
  /** A page of the case's messages matching `query` (all of the case when null). @throws CaseNotFoundError, QuerySyntaxError, InvalidSearchError */
  search(caseId: string, query: string | null, page: Omit<SearchRequest, 'query'>): Promise<SearchResult>;
  /** @throws CaseNotFoundError, QuerySyntaxError */
  counts(caseId: string, query: string | null): Promise<CaseCounts>;
  /** Adds `tag` to each message (ids outside the case are refused: InvalidReviewError). Idempotent. */
  addTag(input: { caseId: string; messageIds: string[]; tag: string; actor: string }): Promise<void>;
  removeTag(input: { caseId: string; messageIds: string[]; tag: string; actor: string }): Promise<void>;
  /** Review tags of the given messages in the case (messages without tags are omitted). */
  tagsOf(caseId: string, messageIds: string[]): Promise<ReviewTagging[]>;
  /** Every message id in the case carrying `tag`, in archive-id order, a page at a time. */
  taggedMessages(caseId: string, tag: string, page: { limit: number; after: string | null }): Promise<{ ids: string[]; nextCursor: string | null }>;
  addNote(input: { caseId: string; text: string; actor: string }): Promise<CaseNote>;
  listNotes(caseId: string): Promise<CaseNote[]>;
  /** Appends to the case timeline (used by holds, exports and reports for their own steps). */
  recordEvent(input: { caseId: string; actor: string; action: string; detail: Record<string, unknown> }): Promise<void>;
  /** Oldest first. */
  timeline(caseId: string, page: { limit: number; afterSeq: number }): Promise<CaseEvent[]>;
}
