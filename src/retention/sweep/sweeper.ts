import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from '../../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../../audit/audit-source.js';
import type { HoldChecker } from '../../holds/hold-checker.js';
import type { MessageDeleter } from '../message-deleter.js';
import type { ExpiredCursor, ExpiredMessage, ExpiredMessages } from '../expiry/expired-messages.js';
import type { CandidateFilter, SweepProgress, SweepStore } from './sweep-store.js';
import type { CandidatePage, SweepCandidate, SweepRun } from './sweep-run.js';

export interface SweeperDeps {
  expired: ExpiredMessages;
  /** The deletion path; `resume` completes deletions a crash interrupted. */
  deleter: MessageDeleter & { resume(): Promise<number> };
  /** Asked by dry runs (a real sweep asks through the deleter). */
  holds: HoldChecker;
  /**
   * Resolves once every message's expiry reflects the policies in force (no recompute running).
   * A real sweep waits for it: a policy that now keeps a message longer must win over the expiry
   * it had before the change.
   */
  expiriesCurrent: () => Promise<void>;
  store: SweepStore;
  audit: AuditLog;
  /** Expired messages taken per batch (`retention.sweepBatchSize`). */
  batchSize: number;
  /** Default: the system clock. */
  now?: () => Date;
  /** Where each run's end is logged. Default: nowhere. */
  logger?: Pick<Logger, 'info' | 'error'>;
}

/** The lists of this many most recent dry runs are kept; older ones are dropped when a dry run starts. */
const DRY_RUN_LISTS_KEPT = 3;

/** A sweep that was asked for, and its completion. */
export interface StartedSweep {
  run: SweepRun;
  /**
   * The run as it ended. A failure of the sweep is in the run (`status: 'failed'`, `error`); this
   * rejects only when the run's own state could not be saved (the database is failing), and is
   * logged then, so a caller that does not wait (the API) loses nothing.
   */
  done: Promise<SweepRun>;
  /** True when a real sweep was already queued or running and this request joined it. */
  joined: boolean;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Retention sweeps: expired messages in batches of `batchSize`, each batch handed to the deleter
 * (which skips held messages), progress saved after each batch so a crash resumes from the
 * cursor, and a turn of the event loop between batches so ingestion keeps going. Memory is one
 * batch, whatever the number of expired messages. A dry run deletes nothing: it stores the list
 * of what would be deleted (and what holds would keep), to be paged through.
 *
 * Runs execute one at a time, in the order asked; a real sweep asked while another is queued or
 * running joins it rather than queueing a second pass over the same messages.
 */
export class Sweeper {
  private readonly now: () => Date;
  private tail: Promise<unknown> = Promise.resolve();
  private pendingReal: StartedSweep | null = null;
  private stopping = false;

  constructor(private readonly deps: SweeperDeps) {
    this.now = deps.now ?? (() => new Date());
    if (!Number.isInteger(deps.batchSize) || deps.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${deps.batchSize}`);
  }

  /** Queues a sweep (audited first, as `retention.sweep`) and returns at once with its run. */
  async start(request: { dryRun: boolean; actor: string; source: string }): Promise<StartedSweep> {
    const { audit, store } = this.deps;
    if (!request.dryRun && this.pendingReal !== null) {
      await audit.append({ actor: request.actor, action: 'retention.sweep', source: request.source, detail: { dryRun: false, joined: this.pendingReal.run.id } });
      return { ...this.pendingReal, joined: true };
    }
    const id = randomUUID();
    const at = this.now().toISOString();
    await audit.append({ actor: request.actor, action: 'retention.sweep', source: request.source, detail: { id, dryRun: request.dryRun } });
    const run = await store.create({ id, dryRun: request.dryRun, actor: request.actor, now: at, requestedAt: at });
    return this.enqueue(run);
  }

  /** Runs a sweep to its end (the scheduler's and the CLI's entry point). Default actor `scheduler`, source `system`. */
  async runSweep(request: { dryRun: boolean; actor?: string; source?: string }): Promise<SweepRun> {
    return (await this.start({ dryRun: request.dryRun, actor: request.actor ?? 'scheduler', source: request.source ?? SYSTEM_SOURCE })).done;
  }

  /**
   * At start-up: completes interrupted deletions, then re-queues every sweep a crash stopped (from
   * its last saved cursor). Returns the re-queued sweeps without waiting for them.
   */
  async resume(): Promise<StartedSweep[]> {
    await this.deps.deleter.resume();
    return (await this.deps.store.unfinished()).map((run) => this.enqueue(run));
  }

  get(id: string): Promise<SweepRun | null> {
    return this.deps.store.get(id);
  }

  /** A page of a dry run's list (see `SweepStore.candidates`). */
  candidates(id: string, filter: CandidateFilter, limit: number, after: string | null): Promise<CandidatePage> {
    return this.deps.store.candidates(id, filter, limit, after);
  }

  private enqueue(run: SweepRun): StartedSweep {
    const done = this.tail.then(() => this.execute(run));
    // The next run waits for this one to end, however it ends.
    this.tail = done.then(
      (ended) => this.deps.logger?.info({ sweep: ended }, 'retention sweep ended'),
      (error: unknown) => this.deps.logger?.error({ err: error, sweepId: run.id }, 'retention sweep could not record its state; it is resumed at the next start'),
    );
    const started: StartedSweep = { run, done, joined: false };
    if (!run.dryRun) {
      this.pendingReal = started;
      const clear = () => {
        if (this.pendingReal === started) this.pendingReal = null;
      };
      done.then(clear, clear);
    }
    return started;
  }

  /**
   * For shutdown: the running sweep stops after its current batch and queued ones do not start;
   * they stay `running` / `queued` and `resume()` continues them at the next start. Resolves once
   * nothing runs.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.tail;
  }

  private async execute(run: SweepRun): Promise<SweepRun> {
    const { store, audit, expired, batchSize } = this.deps;
    if (this.stopping) return run;
    let error: string | null = null;
    try {
      await store.started(run.id, this.now().toISOString());
      if (run.dryRun) {
        await store.pruneCandidates(DRY_RUN_LISTS_KEPT);
      } else {
        await this.deps.expiriesCurrent();
        await this.deps.deleter.resume();
      }
      const saved = await store.cursorOf(run.id);
      let after = saved === null ? undefined : (JSON.parse(saved) as ExpiredCursor);
      for (;;) {
        const messages = await expired.expiredBatch({ now: run.now, ...(after ? { after } : {}), limit: batchSize, action: 'delete' });
        const last = messages[messages.length - 1];
        if (last === undefined) break;
        const { counts, candidates } = run.dryRun ? await this.list(messages) : await this.delete(messages);
        // The cursor moves past held and refused messages too, so a batch of them is never taken again.
        after = { expiresAt: last.expiresAt, messageId: last.messageId };
        await store.progress(run.id, JSON.stringify(after), counts, candidates);
        if (messages.length < batchSize) break;
        if (this.stopping) return (await store.get(run.id)) as SweepRun;
        await yieldToEventLoop();
      }
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    await store.finished(run.id, this.now().toISOString(), error);
    const result = (await store.get(run.id)) as SweepRun;
    const { examined, deleted, held, refusedOther } = result;
    await audit.append({
      actor: run.actor,
      action: 'retention.sweep.finished',
      source: SYSTEM_SOURCE,
      detail: { id: run.id, dryRun: run.dryRun, status: result.status, examined, deleted, held, refusedOther, error },
    });
    return result;
  }

  /** A dry run's batch: which holds would keep each message. */
  private async list(messages: readonly ExpiredMessage[]): Promise<{ counts: SweepProgress; candidates: SweepCandidate[] }> {
    const held = await this.deps.holds.heldAmong(messages.map((m) => m.messageId));
    return {
      counts: { examined: messages.length, deleted: messages.length - held.size, held: held.size, refusedOther: 0 },
      candidates: messages.map((m) => ({ ...m, holds: held.get(m.messageId) ?? [] })),
    };
  }

  /** A real batch: one deletion per policy (the tombstone and audit entry name it). */
  private async delete(messages: readonly ExpiredMessage[]): Promise<{ counts: SweepProgress; candidates: SweepCandidate[] }> {
    const counts: SweepProgress = { examined: messages.length, deleted: 0, held: 0, refusedOther: 0 };
    const byPolicy = new Map<string, string[]>();
    for (const m of messages) byPolicy.set(m.policyId, [...(byPolicy.get(m.policyId) ?? []), m.messageId]);
    for (const [policyId, ids] of byPolicy) {
      const outcome = await this.deps.deleter.delete(ids, { reason: 'retention', actor: 'retention', policyId });
      counts.deleted += outcome.deleted.length;
      for (const refusal of outcome.refused) {
        if (refusal.reason === 'held') counts.held++;
        else counts.refusedOther++;
      }
    }
    return { counts, candidates: [] };
  }
}
