import type { DeletionOutcome } from '../../domain/deletion.js';

/** An expired message of a `review` policy, waiting for an officer's decision. */
export interface ReviewItem {
  messageId: string;
  policyId: string;
  /** ISO-8601: when it expired (after any earlier "keep"). */
  expiredAt: string;
  receivedAt: string;
  subject: string | null;
  from: string | null;
}

export interface ReviewPage {
  items: ReviewItem[];
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: string | null;
}

/** An officer's decision on one message of the review list. */
export type ReviewDecision =
  | { decision: 'delete'; reason: string; actor: string }
  | { decision: 'keep'; keepDays: number; reason: string; actor: string }
  | { decision: 'keep'; forever: true; reason: string; actor: string };

/** What a decision did. `delete` goes through the MessageDeleter, which may refuse (a hold). */
export type ReviewResult =
  | { messageId: string; decision: 'keep'; keptUntil: string | null }
  | { messageId: string; decision: 'delete'; outcome: DeletionOutcome };

/** The list of expired `review` messages and the decisions on them. */
export interface ReviewQueue {
  /** Oldest expiry first. @throws InvalidReviewCursorError for a cursor this queue did not make. */
  list(request: { limit: number; after: string | null }): Promise<ReviewPage>;
  /** Null when the message is not awaiting review (unknown, not expired, or not a review policy's). */
  decide(messageId: string, decision: ReviewDecision): Promise<ReviewResult | null>;
}

/** A review-list cursor that is not one this queue made. */
export class InvalidReviewCursorError extends Error {
  override readonly name = 'InvalidReviewCursorError';
}
