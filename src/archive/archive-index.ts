import type { ArchiveDocument, JournalEvent } from '../domain/archive-record.js';
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

/**
 * The archive index port: metadata, addresses and full text of every archived message.
 * `record` is idempotent by (document id, spool id): a retried job changes nothing.
 */
export interface ArchiveIndex {
  record(document: ArchiveDocument, event: JournalEvent): Promise<RecordOutcome>;
  search(request: SearchRequest): Promise<SearchResult>;
  get(id: string): Promise<StoredMessage | null>;
  count(): Promise<number>;
}

/** A search the backend cannot run as asked (e.g. a cursor from another sort). */
export class InvalidSearchError extends Error {
  override readonly name = 'InvalidSearchError';
}
