import type { ArchiveDocument, JournalEvent } from '../domain/archive-record.js';
import type { Classification, Severity } from '../domain/classification.js';
import type { QueryNode } from '../query/ast.js';

export type SortField = 'received' | 'sent' | 'size';

export interface SearchRequest {
  query: QueryNode;
  sort: SortField;
  order: 'asc' | 'desc';
  /** Page size, 1..1000. */
  limit: number;
  /** Opaque cursor from the previous page's `nextCursor` (search_after style deep paging). */
  after: string | null;
}

export interface SearchHit {
  id: string;
  messageId: string | null;
  subject: string | null;
  from: string | null;
  sentAt: string | null;
  receivedAt: string;
  size: number;
  hasAttachment: boolean;
  flags: string[];
  /** The spam score the rules gave (0 when they did not run). */
  spamScore: number;
  spamVerdict: Classification['spam']['verdict'];
  /** The highest severity of any DLP rule that fired; null when none did. */
  dlpSeverity: Severity | null;
  /** Tags from the rules' `tag` actions, sorted. */
  tags: string[];
}

/**
 * What `aggregate` groups messages by:
 * - `sent-month`: `YYYY-MM` (UTC) of the sent date (the Date header, the receive time when it is
 *   missing, as `sent:` means it); ascending by key;
 * - `sender-domain`: the lower-cased domain of the header From address; a message without one is
 *   not counted, one with several From addresses (rare) counts once for each;
 * - `tag`: the tags of the rules' `tag` actions, lower-cased (they match without regard to case);
 *   a message without tags is not counted, one with two counts under each.
 * `sender-domain` and `tag` come most frequent first, ties by key.
 */
export type AggregateField = 'sent-month' | 'sender-domain' | 'tag';

export interface AggregateBucket {
  key: string;
  count: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  nextCursor: string | null;
}

/**
 * What the index keeps of a document: everything but the extracted text, which lives only in the
 * full-text index (the original in the blob store is the source of truth for content).
 */
export type StoredDocument = Omit<ArchiveDocument, 'bodyText' | 'attachments'> & {
  attachments: Array<Omit<ArchiveDocument['attachments'][number], 'text'>>;
};

export interface StoredMessage {
  document: StoredDocument;
  /** Every copy received, oldest first. */
  events: JournalEvent[];
}

/** What `record` did: stored a new message, or merged a further copy into an existing one. */
export type RecordOutcome = 'created' | 'merged' | 'duplicate-event';

export interface RecordResult {
  outcome: RecordOutcome;
  /**
   * True when this copy's classification is the one the message keeps: its first copy, a copy
   * that upgraded an unparsed record, or a retry of either. The actions of that classification
   * (notices) are this copy's to carry out; a later copy of a classified message gets false.
   */
  classifiedByThisCopy: boolean;
  /**
   * The incidents this copy's classification raised (see `incidentsToRaise`), committed with the
   * message. The same ids again when the same copy is recorded again (a retried job), so work
   * keyed by incident id, such as a notification job, is enqueued once; empty for a later copy of
   * a message already classified.
   */
  incidentIds: string[];
}

/**
 * The archive index port: metadata, addresses, full text and classification of every archived
 * message, and the incidents its classification raises. `record` is idempotent by (document id,
 * spool id): a retried job changes nothing.
 *
 * Single instance: the first copy's classification is kept for the message. A later copy replaces
 * it only when it upgrades a record that could not be parsed (its analysis, and so its
 * classification, are taken whole).
 */
export interface ArchiveIndex {
  record(document: ArchiveDocument, event: JournalEvent): Promise<RecordResult>;
  search(request: SearchRequest): Promise<SearchResult>;
  /** Counts of the messages matching `query`, grouped `by` a field (see `AggregateField`); only non-empty groups. */
  aggregate(query: QueryNode, by: AggregateField): Promise<AggregateBucket[]>;
  get(id: string): Promise<StoredMessage | null>;
  count(): Promise<number>;
  /**
   * Removes every trace of message `id` from the index (metadata, addresses, full text, journal
   * events, classification, rule hits, tags), keeping the DLP incidents it raised: they are
   * records of what happened. Only the deleter calls it, after writing the tombstone. Resolves to
   * what was removed, or null when the message was not indexed (a repeat is a no-op).
   */
  delete(id: string): Promise<RemovedEntry | null>;
}

/** What the index knew of a message it removed: what its tombstone keeps. */
export interface RemovedEntry {
  size: number;
  /** ISO-8601 time of the first receipt. */
  receivedAt: string;
}

/** A search the backend cannot run as asked (e.g. a cursor from another sort). */
export class InvalidSearchError extends Error {
  override readonly name = 'InvalidSearchError';
}
