import type { Severity } from '../domain/classification.js';

/**
 * The backend-neutral search AST. The parser produces it from the query language; compilers turn
 * it into SQLite FTS5 SQL (embedded) or the Elasticsearch query DSL (cluster). Nothing in it is
 * backend text: every user-supplied value is a plain string the compilers quote or parameterise.
 */
export type QueryNode =
  | { type: 'all' }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | TextTerm
  | AddressTerm
  | { type: 'has-attachment' }
  | { type: 'message-id'; value: string }
  | DateRange
  | SizeRange
  | { type: 'spam-verdict'; verdict: 'spam' | 'ham' | 'error' }
  | ScoreRange
  | DlpSeverityRange
  | { type: 'dlp-detector'; detector: string }
  | { type: 'rule'; ruleId: string }
  | { type: 'tag'; tag: string }
  | { type: 'classification-status'; status: 'classified' | 'error' };

/** Which full-text field a word or phrase is searched in; `any` is every text field. */
export type TextField = 'any' | 'subject' | 'body' | 'attachment';

export interface TextTerm {
  type: 'text';
  field: TextField;
  /** The words as typed (for a phrase, the whole phrase). */
  value: string;
  /** Quoted: the words must appear together in order. */
  phrase: boolean;
  /** Trailing `*`: the last word is a prefix. */
  prefix: boolean;
}

/**
 * `participants` is any address role: header from/sender/reply-to/to/cc/bcc, the journal sender
 * and every envelope recipient. `to`, `cc` and `bcc` include the journal report's recipients of
 * that kind, so BCC recipients revealed by journaling are found by `bcc:`.
 */
export type AddressRole = 'from' | 'to' | 'cc' | 'bcc' | 'participants';

export interface AddressTerm {
  type: 'address';
  role: AddressRole;
  /**
   * `alice@example.com` (exact address), `@example.com` or `example.com` (domain),
   * or words of a display name / local part (`alice`, `"Alice Smith"`).
   */
  value: string;
  /** Trailing `*` on a name word. */
  prefix: boolean;
}

/** A half-open interval `[gte, lt)` in epoch milliseconds (UTC); either end may be open. */
export interface DateRange {
  type: 'date';
  /** `sent` uses the Date header, falling back to the receive time when it is missing. */
  field: 'sent' | 'received';
  gte: number | null;
  lt: number | null;
}

/** Size of the original in bytes, inclusive bounds. */
export interface SizeRange {
  type: 'size';
  min: number | null;
  max: number | null;
}

/** One end of a score range. */
export interface ScoreBound {
  value: number;
  inclusive: boolean;
}

/** The spam score; either end may be open. Scores are fractional, so bounds say whether they include their value. */
export interface ScoreRange {
  type: 'score';
  min: ScoreBound | null;
  max: ScoreBound | null;
}

/** The highest DLP severity of a message, inclusive bounds; a message no DLP rule fired on has none and never matches. */
export interface DlpSeverityRange {
  type: 'dlp-severity';
  min: Severity | null;
  max: Severity | null;
}
