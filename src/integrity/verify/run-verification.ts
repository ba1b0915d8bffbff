import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Finding, RecordedFinding } from './finding.js';
import type { SqliteVerificationStore } from './sqlite-verification-store.js';
import type { CheckReporter, VerificationCheck, VerificationContext } from './verification-check.js';
import type { CheckProgress, VerificationOptions, VerificationState, VerificationTrigger } from './verification-run.js';

/** Progress is written at most this often (findings are written with the next write regardless of it). */
const PROGRESS_EVERY_MS = 500;
/** Findings re-examined per page at the end of a run. */
const RECHECK_PAGE = 500;

export interface VerificationDeps extends VerificationContext {
  store: SqliteVerificationStore;
  /** The checks, in the order they run (see `defaultChecks`). */
  checks: readonly VerificationCheck[];
}

export interface RunVerificationOptions extends Partial<VerificationOptions> {
  trigger: VerificationTrigger;
  /** Who asked: an API token's name, `cli:<user>`, `scheduler`. */
  actor: string;
  /** Aborting stops the run at the next batch; it is recorded as abandoned. */
  signal?: AbortSignal;
  /** Called once the run is recorded, with its id (the API answers with it before the run ends). */
  onStarted?: (id: string) => void;
  /** Called after each batch with every check's progress. */
  onProgress?: (progress: readonly CheckProgress[]) => void;
}

/** How a run ended. Findings themselves are in the store: `store.findings(id, …)`. */
export interface VerificationSummary {
  id: string;
  state: Extract<VerificationState, 'clean' | 'findings' | 'abandoned'>;
  findings: number;
  progress: CheckProgress[];
}

/**
 * Runs every check in order and records the run, its progress and its findings. Checks stream in
 * batches and findings are written as they come, so memory stays bounded whatever the archive's
 * size. At the end, findings that a running appliance can cause for a moment are re-examined and
 * dropped if they no longer hold, so what is left is confirmed. A check that throws (an I/O error,
 * not a finding) fails the run: it is recorded as `failed` and the error is rethrown.
 */
export async function runVerification(deps: VerificationDeps, options: RunVerificationOptions): Promise<VerificationSummary> {
  const { store, checks } = deps;
  const skipBlobs = options.skipBlobs ?? false;
  const signal = options.signal ?? new AbortController().signal;
  const id = randomUUID();
  const progress: CheckProgress[] = checks.map((check) => ({
    check: check.name, state: check.readsBlobs && skipBlobs ? 'skipped' : 'pending', checked: 0, total: null, findings: 0,
  }));
  await store.create({ id, trigger: options.trigger, actor: options.actor, options: { skipBlobs }, startedAt: new Date(), progress });
  options.onStarted?.(id);

  let findingCount = 0;
  const end = async (state: Exclude<VerificationState, 'running'>, error: string | null) => {
    await store.finish(id, { state, progress, findings: findingCount, error });
  };
  try {
    for (const [i, check] of checks.entries()) {
      const entry = progress[i] as CheckProgress;
      if (entry.state === 'skipped') continue;
      if (signal.aborted) break;
      entry.state = 'running';
      entry.total = check.total(deps);
      let pending: RecordedFinding[] = [];
      let lastWrite = 0;
      const write = async (force: boolean) => {
        if (!force && pending.length === 0 && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
        const batch = pending;
        pending = [];
        lastWrite = Date.now();
        await store.record(id, batch, progress, findingCount);
        options.onProgress?.(progress);
      };
      const reporter: CheckReporter = {
        signal,
        finding(finding: Finding) {
          findingCount++;
          entry.findings++;
          pending.push({ ...finding, findingSeq: findingCount, check: check.name });
        },
        async progress(checked) {
          entry.checked = checked;
          await write(false);
          await yieldToEventLoop();
        },
      };
      await check.run(deps, reporter);
      if (!signal.aborted) entry.state = 'done';
      await write(true);
    }
    if (signal.aborted) {
      await end('abandoned', 'cancelled before it finished (the appliance was shutting down)');
      return { id, state: 'abandoned', findings: findingCount, progress };
    }
    findingCount -= await dropTransient(deps, id, progress);
  } catch (error) {
    await end('failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  const state = findingCount === 0 ? 'clean' : 'findings';
  await end(state, null);
  options.onProgress?.(progress);
  return { id, state, findings: findingCount, progress };
}

/** Re-examines every finding whose check can tell; drops and uncounts those no longer true. Returns how many were dropped. */
async function dropTransient(deps: VerificationDeps, id: string, progress: CheckProgress[]): Promise<number> {
  const byName = new Map(deps.checks.map((check, i) => [check.name, { check, entry: progress[i] as CheckProgress }]));
  let dropped = 0;
  for (let afterSeq = 0; ;) {
    const page = deps.store.findings(id, { afterSeq, limit: RECHECK_PAGE });
    if (page.length === 0) return dropped;
    const gone: number[] = [];
    for (const finding of page) {
      const owner = byName.get(finding.check);
      if (owner?.check.stillHolds === undefined || (await owner.check.stillHolds(finding, deps))) continue;
      gone.push(finding.findingSeq);
      owner.entry.findings--;
    }
    if (gone.length > 0) await deps.store.dropFindings(id, gone);
    dropped += gone.length;
    afterSeq = (page[page.length - 1] as RecordedFinding).findingSeq;
  }
}
