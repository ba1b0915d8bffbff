/** Who started a run: `custodian verify`, `POST /integrity/verifications`, or the schedule. */
export type VerificationTrigger = 'cli' | 'api' | 'schedule';

/** `clean` and `findings` are the two ends of a completed run; `failed` means it could not complete. */
export type VerificationState = 'running' | 'clean' | 'findings' | 'failed' | 'abandoned';

export interface VerificationOptions {
  /** Skip the checks that read every blob (re-hashing, orphan walk). Default false. */
  skipBlobs: boolean;
}

/** Where one check of a run stands. */
export interface CheckProgress {
  check: string;
  state: 'pending' | 'running' | 'done' | 'skipped';
  /** Work units done: messages, blob files or entries, as the check counts them. */
  checked: number;
  /** Work units in all, when known before the check ends. */
  total: number | null;
  /** Findings confirmed so far by this check. */
  findings: number;
}

/** A verification run as stored: readable while it runs and kept afterwards for the integrity report. */
export interface VerificationRun {
  id: string;
  trigger: VerificationTrigger;
  actor: string;
  options: VerificationOptions;
  state: VerificationState;
  /** ISO-8601. */
  startedAt: string;
  finishedAt: string | null;
  /** One entry per check, in run order. */
  progress: CheckProgress[];
  /** Findings recorded (while running, before the final re-examination). */
  findings: number;
  /** Why a `failed` or `abandoned` run stopped. */
  error: string | null;
}
