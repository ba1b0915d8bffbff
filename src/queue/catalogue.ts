/**
 * The one typed job catalogue. Every job name and its payload live here; adapters and handlers
 * are typed from it, so `enqueue('ingest', { … })` is checked at compile time.
 */
export interface JobPayloads {
  /** Run one spooled message through the pipeline (unjournal → parse → archive). */
  ingest: { spoolId: string };
}

export type JobName = keyof JobPayloads;
export const JOB_NAMES = ['ingest'] as const satisfies readonly JobName[];

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
