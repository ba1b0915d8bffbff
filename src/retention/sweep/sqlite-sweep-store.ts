import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { CandidateFilter, SweepProgress, SweepStore } from './sweep-store.js';
import type { CandidatePage, SweepCandidate, SweepRun } from './sweep-run.js';

interface RunRow {
  id: string;
  dry_run: number;
  actor: string;
  status: SweepRun['status'];
  now: number;
  requested_at: number;
  started_at: number | null;
  finished_at: number | null;
  cursor: string | null;
  examined: number;
  deleted: number;
  held: number;
  refused_other: number;
  error: string | null;
}

interface CandidateRow {
  seq: number;
  message_id: string;
  policy_id: string;
  expires_at: number;
  holds: string | null;
}

/** Dry-run entries dropped per transaction when old lists are pruned. */
const PRUNE_BATCH = 5_000;

const HELD_CONDITION: Record<CandidateFilter, string> = { deletable: 'AND holds IS NULL', held: 'AND holds IS NOT NULL', all: '' };

/** A candidate cursor that is not one this store made. */
export class InvalidCandidateCursorError extends Error {
  override readonly name = 'InvalidCandidateCursorError';
}

/** Sweep runs and dry-run lists in the embedded database (`sweep_runs`, `sweep_candidates`). */
export class SqliteSweepStore implements SweepStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly writer: GroupCommit,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO sweep_runs (id, dry_run, actor, status, now, requested_at) VALUES (@id, @dryRun, @actor, 'queued', @now, @requestedAt)`,
      ),
      get: db.prepare<[string], RunRow>(`SELECT * FROM sweep_runs WHERE id = ?`),
      started: db.prepare<[number, string]>(`UPDATE sweep_runs SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ?`),
      progress: db.prepare(
        `UPDATE sweep_runs SET cursor = @cursor, examined = examined + @examined, deleted = deleted + @deleted,
           held = held + @held, refused_other = refused_other + @refusedOther WHERE id = @id`,
      ),
      nextSeq: db.prepare<[string], { n: number }>(`SELECT coalesce(max(seq), 0) AS n FROM sweep_candidates WHERE run_id = ?`),
      candidate: db.prepare(
        `INSERT INTO sweep_candidates (run_id, seq, message_id, policy_id, expires_at, holds) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      finished: db.prepare<[string, number, string | null, string]>(`UPDATE sweep_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?`),
      prune: db.prepare<[number, number]>(
        `DELETE FROM sweep_candidates WHERE (run_id, seq) IN (
           SELECT run_id, seq FROM sweep_candidates WHERE run_id IN (
             SELECT id FROM sweep_runs WHERE dry_run = 1 ORDER BY requested_at DESC, rowid DESC LIMIT -1 OFFSET ?)
           LIMIT ?)`,
      ),
      unfinished: db.prepare<[], RunRow>(`SELECT * FROM sweep_runs WHERE status IN ('queued', 'running') ORDER BY requested_at, rowid`),
    };
  }

  async create(run: Pick<SweepRun, 'id' | 'dryRun' | 'actor' | 'now' | 'requestedAt'>): Promise<SweepRun> {
    await this.writer.run(() =>
      this.statements.insert.run({ id: run.id, dryRun: run.dryRun ? 1 : 0, actor: run.actor, now: Date.parse(run.now), requestedAt: Date.parse(run.requestedAt) }),
    );
    return this.mustGet(run.id);
  }

  async get(id: string): Promise<SweepRun | null> {
    const row = this.statements.get.get(id);
    return row ? toRun(row) : null;
  }

  async cursorOf(id: string): Promise<string | null> {
    return this.statements.get.get(id)?.cursor ?? null;
  }

  async started(id: string, at: string): Promise<void> {
    await this.writer.run(() => this.statements.started.run(Date.parse(at), id));
  }

  async progress(id: string, cursor: string | null, counts: SweepProgress, candidates: readonly SweepCandidate[]): Promise<void> {
    const s = this.statements;
    await this.writer.run(() => {
      s.progress.run({ id, cursor, ...counts });
      let seq = (s.nextSeq.get(id) as { n: number }).n;
      for (const c of candidates) s.candidate.run(id, ++seq, c.messageId, c.policyId, Date.parse(c.expiresAt), c.holds.length > 0 ? JSON.stringify(c.holds) : null);
    });
  }

  async finished(id: string, at: string, error: string | null): Promise<void> {
    await this.writer.run(() => this.statements.finished.run(error === null ? 'finished' : 'failed', Date.parse(at), error, id));
  }

  async unfinished(): Promise<SweepRun[]> {
    return this.statements.unfinished.all().map(toRun);
  }

  async candidates(id: string, filter: CandidateFilter, limit: number, after: string | null): Promise<CandidatePage> {
    if (after !== null && !/^[0-9]{1,15}$/.test(after)) throw new InvalidCandidateCursorError('not a candidate cursor');
    const rows = this.db
      .prepare<[string, number, number], CandidateRow>(
        `SELECT seq, message_id, policy_id, expires_at, holds FROM sweep_candidates
         WHERE run_id = ? AND seq > ? ${HELD_CONDITION[filter]} ORDER BY seq LIMIT ?`,
      )
      .all(id, after === null ? 0 : Number(after), limit);
    const last = rows[rows.length - 1];
    return {
      candidates: rows.map((row) => ({
        messageId: row.message_id,
        policyId: row.policy_id,
        expiresAt: new Date(row.expires_at).toISOString(),
        holds: row.holds === null ? [] : (JSON.parse(row.holds) as string[]),
      })),
      nextCursor: last !== undefined && rows.length === limit ? String(last.seq) : null,
    };
  }

  async pruneCandidates(keep: number): Promise<number> {
    let dropped = 0;
    for (;;) {
      // Batches keep each transaction short: ingestion shares the writer.
      const changes = await this.writer.run(() => this.statements.prune.run(keep, PRUNE_BATCH).changes, { durable: false });
      dropped += changes;
      if (changes < PRUNE_BATCH) return dropped;
    }
  }

  private async mustGet(id: string): Promise<SweepRun> {
    const run = await this.get(id);
    if (run === null) throw new Error(`sweep run ${id} vanished after it was created`);
    return run;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toRun(row: RunRow): SweepRun {
  return {
    id: row.id,
    dryRun: row.dry_run === 1,
    actor: row.actor,
    status: row.status,
    now: new Date(row.now).toISOString(),
    requestedAt: new Date(row.requested_at).toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    examined: row.examined,
    deleted: row.deleted,
    held: row.held,
    refusedOther: row.refused_other,
    error: row.error,
  };
}
