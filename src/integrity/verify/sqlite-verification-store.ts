import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import { FINDING_KINDS, type FindingKind, type RecordedFinding } from './finding.js';
import type { CheckProgress, VerificationOptions, VerificationRun, VerificationState, VerificationTrigger } from './verification-run.js';
import { isProcessAlive } from '../../concurrency/process-alive.js';

interface RunRow {
  id: string;
  trigger: VerificationTrigger;
  actor: string;
  options: string;
  state: VerificationState;
  started_at: number;
  finished_at: number | null;
  progress: string;
  findings: number;
  error: string | null;
}

interface FindingRow {
  seq: number;
  check_name: string;
  kind: string;
  message_id: string | null;
  entry_seq: number | null;
  detail: string;
}

/**
 * Verification runs and findings in `verification_runs` / `verification_findings`. Writes go
 * through the GroupCommit writer (the one writer of the connection); progress and findings are
 * written `durable: false` — a crash loses at most the last moments of a run that is then marked
 * abandoned anyway — while the final state is durable.
 */
export class SqliteVerificationStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly writer: GroupCommit,
  ) {
    this.statements = {
      insertRun: db.prepare(
        `INSERT INTO verification_runs (id, trigger, actor, options, pid, state, started_at, progress)
         VALUES (@id, @trigger, @actor, @options, @pid, 'running', @startedAt, @progress)`,
      ),
      progress: db.prepare('UPDATE verification_runs SET progress = ?, findings = ? WHERE id = ?'),
      finish: db.prepare('UPDATE verification_runs SET state = ?, finished_at = ?, progress = ?, findings = ?, error = ? WHERE id = ?'),
      insertFinding: db.prepare(
        `INSERT INTO verification_findings (run_id, seq, check_name, kind, message_id, entry_seq, detail)
         VALUES (@runId, @findingSeq, @check, @kind, @messageId, @seq, @detail)`,
      ),
      deleteFinding: db.prepare('DELETE FROM verification_findings WHERE run_id = ? AND seq = ?'),
      get: db.prepare<[string], RunRow>('SELECT * FROM verification_runs WHERE id = ?'),
      list: db.prepare<[number], RunRow>('SELECT * FROM verification_runs ORDER BY started_at DESC, id LIMIT ?'),
      findings: db.prepare<[string, number, number], FindingRow>(
        'SELECT seq, check_name, kind, message_id, entry_seq, detail FROM verification_findings WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      running: db.prepare<[], { id: string; pid: number }>(`SELECT id, pid FROM verification_runs WHERE state = 'running'`),
      abandon: db.prepare(`UPDATE verification_runs SET state = 'abandoned', finished_at = ?, error = ? WHERE id = ? AND state = 'running'`),
    };
  }

  /** Records a new run as running, durably (it is what the API answers with). */
  create(run: { id: string; trigger: VerificationTrigger; actor: string; options: VerificationOptions; startedAt: Date; progress: CheckProgress[] }): Promise<void> {
    return this.writer.run(() => {
      this.statements.insertRun.run({
        id: run.id, trigger: run.trigger, actor: run.actor, options: JSON.stringify(run.options), pid: process.pid,
        startedAt: run.startedAt.getTime(), progress: JSON.stringify(run.progress),
      });
    });
  }

  /** Appends findings and the progress they go with, in one transaction. */
  record(id: string, findings: readonly RecordedFinding[], progress: readonly CheckProgress[], findingCount: number): Promise<void> {
    return this.writer.run(() => {
      for (const finding of findings) {
        this.statements.insertFinding.run({
          runId: id, findingSeq: finding.findingSeq, check: finding.check, kind: finding.kind,
          messageId: finding.messageId ?? null, seq: finding.seq ?? null, detail: finding.detail,
        });
      }
      this.statements.progress.run(JSON.stringify(progress), findingCount, id);
    }, { durable: false });
  }

  /** Drops findings the end-of-run re-examination found no longer true. */
  dropFindings(id: string, findingSeqs: readonly number[]): Promise<void> {
    return this.writer.run(() => {
      for (const seq of findingSeqs) this.statements.deleteFinding.run(id, seq);
    }, { durable: false });
  }

  /** Records how a run ended, durably. */
  finish(id: string, end: { state: Exclude<VerificationState, 'running'>; progress: readonly CheckProgress[]; findings: number; error: string | null }): Promise<void> {
    return this.writer.run(() => {
      this.statements.finish.run(end.state, Date.now(), JSON.stringify(end.progress), end.findings, end.error, id);
    });
  }

  get(id: string): VerificationRun | null {
    const row = this.statements.get.get(id);
    return row ? toRun(row) : null;
  }

  /** The most recent runs, newest first. */
  list(limit: number): VerificationRun[] {
    return this.statements.list.all(limit).map(toRun);
  }

  /** A page of a run's findings in the order found, after finding number `afterSeq`. */
  findings(id: string, page: { afterSeq: number; limit: number }): RecordedFinding[] {
    return this.statements.findings.all(id, page.afterSeq, page.limit).map(toFinding);
  }

  /**
   * Marks `running` runs whose process is gone (a crash or kill) as abandoned, so no run stays
   * "running" forever. A run of another live process (`custodian verify` beside the appliance)
   * is left alone. Returns how many were marked.
   */
  async abandonInterrupted(): Promise<number> {
    const dead = this.statements.running.all().filter((run) => run.pid === process.pid || !isProcessAlive(run.pid));
    if (dead.length === 0) return 0;
    await this.writer.run(() => {
      for (const run of dead) this.statements.abandon.run(Date.now(), 'the process running it stopped before it finished', run.id);
    });
    return dead.length;
  }
}

function toRun(row: RunRow): VerificationRun {
  return {
    id: row.id,
    trigger: row.trigger,
    actor: row.actor,
    options: JSON.parse(row.options) as VerificationOptions,
    state: row.state,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    progress: JSON.parse(row.progress) as CheckProgress[],
    findings: row.findings,
    error: row.error,
  };
}

function toFinding(row: FindingRow): RecordedFinding {
  if (!(FINDING_KINDS as readonly string[]).includes(row.kind)) throw new Error(`verification_findings: unknown kind ${row.kind}`);
  const finding: RecordedFinding = { findingSeq: row.seq, check: row.check_name, kind: row.kind as FindingKind, detail: row.detail };
  if (row.message_id !== null) finding.messageId = row.message_id;
  if (row.entry_seq !== null) finding.seq = row.entry_seq;
  return finding;
}
