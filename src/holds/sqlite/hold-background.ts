import type { Db } from '../../db/open-database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { CaseStatements } from './case-statements.js';
import type { HoldRow } from './holds-rows.js';

/** Where one hold's background work stands after a batch. */
export interface HoldProgress {
  holdId: string;
  /** `backfill`: attaching archived messages; `purge`: removing a released hold's rows. */
  phase: 'backfill' | 'purge';
  /** Backfill: the last messages.rowid evaluated. Purge: rows removed by this batch. */
  cursor: number;
  done: boolean;
}

export interface HoldBackgroundOptions {
  /** How many messages (a messages.rowid window) one backfill batch evaluates. Default 2000. */
  backfillWindow?: number;
  /** How many rows of a released hold one purge batch removes. Default 5000. */
  purgeBatch?: number;
  /**
   * Told after each batch, and awaited before the next one: for progress logs, or to pace the work.
   * Default: nothing.
   */
  onProgress?: (progress: HoldProgress) => void | Promise<void>;
  /**
   * A batch failed. The work stops (the hold stays in force through direct evaluation) and carries
   * on from its persisted cursor at the next `resume()`. Default: nothing — pass a logger.
   */
  onError?: (error: unknown, holdId: string) => void;
}

/**
 * The background work of holds: backfilling a new hold over the archive, and purging a released
 * hold's rows. Each batch is one group-commit write, so ingestion's writes interleave with it; its
 * progress is in the `holds` row, so a crash loses at most the batches not yet committed. Batches
 * are not fsync'd on their own (WAL order keeps each cursor with its rows; a lost batch is redone).
 */
export class HoldBackground {
  private readonly running = new Map<string, Promise<void>>();
  /** Holds asked to start while their work was finishing: a release must not miss its purge. */
  private readonly again = new Set<string>();
  private stopping = false;
  private readonly statements;

  constructor(
    db: Db,
    private readonly writer: GroupCommit,
    private readonly criteriaOf: (caseId: string) => CaseStatements,
    private readonly options: HoldBackgroundOptions,
  ) {
    this.statements = {
      hold: db.prepare<[string], HoldRow>('SELECT * FROM holds WHERE id = ?'),
      pending: db.prepare<[], { id: string }>(
        'SELECT id FROM holds WHERE backfill_done_at IS NULL OR (released_at IS NOT NULL AND purged_at IS NULL)',
      ),
      lastRowid: db.prepare<[], { last: number | null }>('SELECT max(rowid) AS last FROM messages'),
      advance: db.prepare<[number, number | null, string]>('UPDATE holds SET backfill_cursor = ?, backfill_done_at = ? WHERE id = ?'),
      purge: db.prepare<[string, string, number]>(
        `DELETE FROM message_holds WHERE hold_id = ? AND message_id IN
           (SELECT message_id FROM message_holds WHERE hold_id = ? LIMIT ?)`,
      ),
      purged: db.prepare<[number, string]>('UPDATE holds SET purged_at = ? WHERE id = ?'),
    };
  }

  /** Starts the hold's pending work unless it is already running. */
  start(holdId: string): void {
    if (this.stopping) return;
    if (this.running.has(holdId)) {
      this.again.add(holdId);
      return;
    }
    const work = this.run(holdId)
      .catch((error: unknown) => this.options.onError?.(error, holdId))
      .finally(() => {
        this.running.delete(holdId);
        if (this.again.delete(holdId)) this.start(holdId);
      });
    this.running.set(holdId, work);
  }

  resumeAll(): void {
    this.stopping = false;
    for (const { id } of this.statements.pending.all()) this.start(id);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  /** Backfill while the hold is in force and unfinished; purge once it is released. */
  private async run(holdId: string): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const progress = await this.writer.run(() => this.batch(holdId), { durable: false });
      if (progress === null) return;
      await this.options.onProgress?.(progress);
      if (progress.done && progress.phase === 'purge') return;
    }
  }

  /** One batch of whatever the hold needs now; null when it needs nothing. */
  private batch(holdId: string): HoldProgress | null {
    const hold = this.statements.hold.get(holdId);
    if (hold === undefined) return null;
    if (hold.released_at !== null) return hold.purged_at === null ? this.purgeBatch(hold) : null;
    if (hold.backfill_done_at !== null) return null;
    const window = this.options.backfillWindow ?? 2000;
    const last = this.statements.lastRowid.get()?.last ?? 0;
    const upTo = Math.min(hold.backfill_cursor + window, last);
    if (upTo > hold.backfill_cursor) this.criteriaOf(hold.case_id).attachWindow(hold.id, hold.backfill_cursor, upTo);
    // Done once the cursor has caught up with the newest message. Messages recorded later are
    // evaluateNewMessage's; this check runs in the writer's transaction, so none lands in between.
    const done = upTo >= last;
    this.statements.advance.run(Math.max(upTo, hold.backfill_cursor), done ? Date.now() : null, hold.id);
    return { holdId, phase: 'backfill', cursor: upTo, done };
  }

  private purgeBatch(hold: HoldRow): HoldProgress {
    const size = this.options.purgeBatch ?? 5000;
    const removed = this.statements.purge.run(hold.id, hold.id, size).changes;
    const done = removed < size;
    if (done) this.statements.purged.run(Date.now(), hold.id);
    return { holdId: hold.id, phase: 'purge', cursor: removed, done };
  }
}
