import type { DeletionRefusal } from '../domain/deletion.js';
import type { ErasureMessage, ErasureMessageOutcome, ErasureRequest, ErasureState, ErasureTarget, Officer } from './erasure-request.js';

/** A request as first written, before any officer has decided on it. */
export interface NewErasureRequest {
  id: string;
  target: ErasureTarget;
  reason: string;
  requestedBy: Officer;
}

/** A decision on a pending request. */
export type ErasureDecision =
  | { state: 'approved'; by: Officer; snapshot: string | null }
  | { state: 'rejected'; by: Officer; reason: string }
  | { state: 'cancelled'; by: Officer; reason: string | null };

/** A page of requests, newest first. */
export interface ErasureRequestPage {
  requests: ErasureRequest[];
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: string | null;
}

/** A page of a request's listed messages, in execution order. */
export interface ErasureMessagePage {
  messages: ErasureMessage[];
  nextCursor: string | null;
}

/** A request with what its officers need to know to carry it out, and nothing the API shows. */
export interface ErasureWork {
  request: ErasureRequest;
  /** The requesting officer, by name and token: the four-eyes rule compares both. */
  requester: Officer;
  /** The approving officer, on whose authority messages are deleted. */
  approver: Officer | null;
  /** Subject requests: the resolver's snapshot taken at approval, and its cursor after the last page listed. */
  snapshot: string | null;
  resolveCursor: string | null;
}

/** A listed message awaiting the deleter. */
export interface ErasureListed {
  seq: number;
  messageId: string;
}

/** The deleter's answer for one listed message. */
export type ErasureMessageResult = { messageId: string; outcome: 'deleted' } | ({ messageId: string; outcome: 'refused' } & Pick<DeletionRefusal, 'reason' | 'detail'>);

/**
 * Persistence of erasure requests (port; the embedded profile's adapter is
 * `SqliteErasureStore`). Every write but `addResolved` is durable when its promise resolves (a lost
resolved page takes its cursor with it and is listed again). The store enforces the
 * life cycle: a decision applies only to a pending request, and completion only to an approved one.
 */
export interface ErasureStore {
  /** Writes a new pending request; named messages are listed at once, deduplicated, in the given order. */
  create(request: NewErasureRequest): Promise<ErasureRequest>;
  get(id: string): Promise<ErasureRequest | null>;
  /** Newest first, optionally only requests in `state`. `after` is a `nextCursor`. */
  list(query: { state?: ErasureState; limit: number; after: string | null }): Promise<ErasureRequestPage>;
  /** The request's listed messages in execution order, optionally only those with `outcome`; null when no such request. */
  messages(id: string, query: { outcome?: ErasureMessageOutcome; limit: number; after: string | null }): Promise<ErasureMessagePage | null>;
  /** Applies `decision` if the request is still pending; null when it was not (someone else decided first). */
  decide(id: string, decision: ErasureDecision): Promise<ErasureRequest | null>;
  /** What execution needs to resume, or null when there is no such request. */
  work(id: string): Promise<ErasureWork | null>;
  /**
   * Lists one resolved page of a subject's messages (already listed ones are skipped) and keeps
   * the resolver's `cursor`; a null cursor marks the list complete. One transaction.
   */
  addResolved(id: string, messageIds: readonly string[], cursor: string | null): Promise<void>;
  /** Up to `limit` listed messages after the last one whose outcome is recorded. */
  nextBatch(id: string, limit: number): Promise<ErasureListed[]>;
  /** Records the outcome of every message up to `throughSeq` and advances past them. One transaction. */
  recordOutcomes(id: string, throughSeq: number, results: readonly ErasureMessageResult[]): Promise<void>;
  /** Notes why execution stopped short; cleared by the next recorded batch. */
  recordError(id: string, error: string): Promise<void>;
  /** Marks an approved request finished. */
  complete(id: string, state: 'executed' | 'partially-executed'): Promise<ErasureRequest>;
  /** Ids of approved requests not yet finished, oldest first: what `resume()` picks up. */
  unfinished(): Promise<string[]>;
}
