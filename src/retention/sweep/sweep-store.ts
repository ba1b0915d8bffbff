import type { CandidatePage, SweepCandidate, SweepRun } from './sweep-run.js';

/** Counts a batch adds to its run. */
export interface SweepProgress {
  examined: number;
  deleted: number;
  held: number;
  refusedOther: number;
}

/** Which of a dry run's entries to list. */
export type CandidateFilter = 'deletable' | 'held' | 'all';

/** Where sweeps keep their state, so a crash resumes them from the last batch done. */
export interface SweepStore {
  create(run: Pick<SweepRun, 'id' | 'dryRun' | 'actor' | 'now' | 'requestedAt'>): Promise<SweepRun>;
  get(id: string): Promise<SweepRun | null>;
  /** The cursor after the last batch done, for resuming. */
  cursorOf(id: string): Promise<string | null>;
  started(id: string, at: string): Promise<void>;
  /** One batch done: its counts, the cursor after it and (dry run) its entries, in one transaction. */
  progress(id: string, cursor: string | null, counts: SweepProgress, candidates: readonly SweepCandidate[]): Promise<void>;
  finished(id: string, at: string, error: string | null): Promise<void>;
  /** Runs queued or running (a crash stopped them), oldest request first. */
  unfinished(): Promise<SweepRun[]>;
  candidates(id: string, filter: CandidateFilter, limit: number, after: string | null): Promise<CandidatePage>;
  /** Drops the lists of all dry runs but the `keep` most recently asked for, a batch at a time. Returns entries dropped. */
  pruneCandidates(keep: number): Promise<number>;
}
