/** A sweep's state and counts, as stored in `sweep_runs` and returned by the API. */
export interface SweepRun {
  id: string;
  dryRun: boolean;
  /** Who asked: `scheduler`, an admin's token name, or `cli:<user>`. */
  actor: string;
  status: 'queued' | 'running' | 'finished' | 'failed';
  /** ISO-8601: messages expired at this instant are swept. */
  now: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Expired messages looked at so far. */
  examined: number;
  /** Deleted (for a dry run: would be deleted). */
  deleted: number;
  /** Kept because a legal hold applies. */
  held: number;
  /** Refused otherwise: already deleted, or no longer in the archive. */
  refusedOther: number;
  /** Why a failed run stopped. */
  error: string | null;
}

/** One entry of a dry run's list. */
export interface SweepCandidate {
  messageId: string;
  policyId: string;
  /** ISO-8601. */
  expiresAt: string;
  /** The holds that keep it; empty when a sweep would delete it. */
  holds: string[];
}

export interface CandidatePage {
  candidates: SweepCandidate[];
  /** Pass as `after` for the next page; null on the last. */
  nextCursor: string | null;
}
