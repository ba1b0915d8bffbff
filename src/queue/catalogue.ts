/**
 * The one typed job catalogue. Every job name and its payload live here; adapters and handlers
 * are typed from it, so `enqueue('ingest', { … })` is checked at compile time.
 */
export interface JobPayloads {
  /** Run one spooled message through the pipeline (unjournal → parse → archive). */
  ingest: { spoolId: string };
  /**
   * Send the notice a rule's `notify` action asks for. Job id `notify:<archiveId>:<ruleId>`, so a
   * retried ingest enqueues it once (completed jobs are forgotten: enqueue for new records only).
   */
  notify: {
    /** The archive id (SHA-256) of the message the rule fired on. */
    messageId: string;
    ruleId: string;
    /** The rule's own recipients; empty means the configured `notify.to`. */
    to: string[];
  };
  /** Write an e-discovery export (job id `export:<exportId>`); a retry starts the files again. */
  export: { exportId: string };
  /** Render a requested report to the reports directory (job id `report:<runId>`). */
  report: { runId: string };
}

export type JobName = keyof JobPayloads;
export const JOB_NAMES = ['ingest', 'notify', 'export', 'report'] as const satisfies readonly JobName[];

export type JobOf<N extends JobName> = {
  /** Stable id; enqueueing an id that already exists is a no-op. */
  id: string;
  name: N;
  payload: JobPayloads[N];
  /** 1 on the first run. */
  attempt: number;
};

export type JobHandler<N extends JobName> = (job: JobOf<N>) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
