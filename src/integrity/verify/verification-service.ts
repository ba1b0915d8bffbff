import type { Logger } from 'pino';
import type { RecordedFinding } from './finding.js';
import { runVerification, type VerificationDeps, type VerificationSummary } from './run-verification.js';
import type { VerificationOptions, VerificationRun, VerificationTrigger } from './verification-run.js';

export interface StartVerification extends Partial<VerificationOptions> {
  trigger: VerificationTrigger;
  actor: string;
}

/** Verification inside the appliance: one run at a time, in the background, cancelled on shutdown. */
export interface VerificationService {
  /**
   * Starts a run in the background and resolves with its id once it is recorded. When a run is
   * already going, starts nothing and resolves with that run's id (`alreadyRunning`): two full
   * re-hashes at once would only halve each other's speed.
   */
  start(request: StartVerification): Promise<{ id: string; alreadyRunning: boolean }>;
  /** Runs to the end and resolves with how it ended (the scheduled job); null when one was already running. */
  run(request: StartVerification): Promise<VerificationSummary | null>;
  get(id: string): VerificationRun | null;
  findings(id: string, page: { afterSeq: number; limit: number }): RecordedFinding[];
  /** The most recent runs, newest first. */
  list(limit: number): VerificationRun[];
  /** Cancels a run in progress (recorded as abandoned) and waits for it to stop. */
  close(): Promise<void>;
}

/**
 * Runs verifications for the API and the scheduler. The end of every run is logged; findings
 * are logged at error level with `alert: 'archive-integrity'`, the same alert as a blob that
 * fails its hash when read, so one log rule catches both.
 */
export function createVerificationService(deps: VerificationDeps & { logger: Logger }): VerificationService {
  const { store, logger } = deps;
  let current: { started: Promise<string>; done: Promise<VerificationSummary>; abort: AbortController } | null = null;

  const launch = (request: StartVerification) => {
    const abort = new AbortController();
    let resolveStarted!: (id: string) => void;
    const recorded = new Promise<string>((resolve) => (resolveStarted = resolve));
    const done = runVerification(deps, { ...request, signal: abort.signal, onStarted: resolveStarted }).then(
      (summary) => {
        const log = { runId: summary.id, trigger: request.trigger, actor: request.actor, state: summary.state, findings: summary.findings };
        if (summary.state === 'findings') logger.error({ ...log, alert: 'archive-integrity' }, 'ARCHIVE INTEGRITY: verification found problems; see GET /integrity/verifications/:id');
        else logger.info(log, 'verification finished');
        return summary;
      },
      (error: unknown) => {
        logger.error({ err: error, trigger: request.trigger, actor: request.actor }, 'verification failed');
        throw error;
      },
    );
    // A run that fails before it is recorded never calls onStarted: then `started` rejects with its error.
    const started = Promise.race([recorded, done.then(() => recorded)]);
    const run = { started, done, abort };
    current = run;
    const clear = () => {
      if (current === run) current = null;
    };
    done.then(clear, clear);
    return run;
  };

  return {
    async start(request) {
      if (current) return { id: await current.started, alreadyRunning: true };
      const run = launch(request);
      run.done.catch(() => undefined); // a failure is logged above and recorded on the run
      return { id: await run.started, alreadyRunning: false };
    },

    async run(request) {
      if (current) return null;
      return launch(request).done;
    },

    get: (id) => store.get(id),
    findings: (id, page) => store.findings(id, page),
    list: (limit) => store.list(limit),

    async close() {
      const running = current;
      if (!running) return;
      running.abort.abort();
      await running.done.catch(() => undefined);
    },
  };
}
