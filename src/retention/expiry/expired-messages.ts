/** One message whose retention period has ended, with the policy that ended it. */
export interface ExpiredMessage {
  /** Archive id (SHA-256 hex). */
  messageId: string;
  policyId: string;
  /** ISO-8601 instant its (effective) expiry passed. */
  expiresAt: string;
}

/** Where the previous batch ended: its last message. Batches are ordered by (expiresAt, messageId). */
export interface ExpiredCursor {
  expiresAt: string;
  messageId: string;
}

export interface ExpiredBatchRequest {
  /** Messages whose expiry is at or before this instant (ISO-8601). */
  now: string;
  /** The last message of the previous batch; absent for the first. */
  after?: ExpiredCursor;
  /** Batch size, 1..10,000. */
  limit: number;
  /** Only messages whose policy does this at expiry. */
  action: 'delete' | 'review';
}

/**
 * Expired messages in index order, a bounded batch at a time, for sweeps: a sweep of a million
 * never holds more than one batch. A message deleted since (or held, and so skipped by the sweep)
 * does not stop the next batch, because the cursor moves past it.
 */
export interface ExpiredMessages {
  expiredBatch(request: ExpiredBatchRequest): Promise<ExpiredMessage[]>;
}
