import type { Logger } from 'pino';
import type { AuditLog } from '../../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../../audit/audit-source.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { RetentionAssignment } from '../../domain/retention.js';
import type { ErasureProtection } from '../erasure-protection.js';
import type { ExpiredBatchRequest, ExpiredMessage, ExpiredMessages } from '../expiry/expired-messages.js';
import { RetentionPolicyLoadError } from '../policies/retention-policy-load-error.js';
import type { PolicySet } from '../policies/retention-policy.js';
import type { PolicyChange, PolicyReloadOutcome, RetentionService } from '../retention-service.js';
import { SqliteRetentionAssignments, type AssignmentChange } from './sqlite-retention-assignments.js';
import type { MessageRow } from './sqlite-retention-facts.js';

export interface SqliteRetentionOptions {
  db: Db;
  /** All writes go through it, batched with ingestion's. */
  writer: GroupCommit;
  audit: AuditLog;
  /** The set loaded at start-up (a load error there stops start-up). */
  policies: PolicySet;
  /** Reads the policy files again, for `reloadPolicies`; throws RetentionPolicyLoadError when they are invalid. */
  loadPolicies: () => Promise<PolicySet>;
  logger: Logger;
  /** Messages recomputed per transaction. Default 500. */
  batchSize?: number;
  /** Epoch ms now. Default Date.now. */
  clock?: () => number;
  /** Called after each recompute batch commits, with the change's progress (for logs and metrics). */
  onProgress?: (change: PolicyChange) => void;
}

interface ChangeRow {
  id: number;
  from_version: string | null;
  to_version: string;
  state: PolicyChange['state'];
  cursor: number;
  examined: number;
  changed: number;
  expiry_changed: number;
  before_counts: string;
  after_counts: string;
  started_at: number;
  finished_at: number | null;
}

/** Who retention's own audit entries name. */
const ACTOR = 'retention';

/**
 * The embedded profile's retention: assignments at ingest, the background recompute after a policy
 * change (cursor in `retention_policy_changes`, one GroupCommit transaction per batch, the event
 * loop free between batches), the sweep's batches of expired messages, and erasure protection.
 */
export class SqliteRetention implements RetentionService, ExpiredMessages, ErasureProtection {
  private assignments: SqliteRetentionAssignments;
  private running: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly statements;
  private readonly batchSize: number;
  private readonly clock: () => number;

  constructor(private readonly options: SqliteRetentionOptions) {
    const { db } = options;
    this.assignments = new SqliteRetentionAssignments(db, options.policies);
    this.batchSize = options.batchSize ?? 500;
    this.clock = options.clock ?? Date.now;
    this.statements = {
      messageById: db.prepare<[string], MessageRow>(`SELECT rowid, id, received_at FROM messages WHERE id = ?`),
      messagesAfter: db.prepare<[number, number], MessageRow>(`SELECT rowid, id, received_at FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?`),
      latestChange: db.prepare<[], ChangeRow>(`SELECT * FROM retention_policy_changes ORDER BY id DESC LIMIT 1`),
      change: db.prepare<[number], ChangeRow>(`SELECT * FROM retention_policy_changes WHERE id = ?`),
      insertChange: db.prepare<[string | null, string, string, number]>(
        `INSERT INTO retention_policy_changes (from_version, to_version, policies, state, started_at) VALUES (?, ?, ?, 'running', ?)`,
      ),
      supersede: db.prepare(`UPDATE retention_policy_changes SET state = 'superseded', finished_at = ? WHERE state = 'running'`),
      progress: db.prepare(
        `UPDATE retention_policy_changes SET cursor = @cursor, examined = @examined, changed = @changed, expiry_changed = @expiryChanged,
           before_counts = @before, after_counts = @after WHERE id = @id`,
      ),
      finish: db.prepare<[number, number]>(`UPDATE retention_policy_changes SET state = 'done', finished_at = ? WHERE id = ?`),
      expired: db.prepare<{ action: string; now: number; afterAt: number; afterId: string; limit: number }, { message_id: string; policy_id: string; expires_at: number }>(
        `SELECT message_id, policy_id, expires_at FROM retention_assignments INDEXED BY retention_assignments_expiry
         WHERE action = @action AND expires_at IS NOT NULL AND expires_at <= @now AND (expires_at, message_id) > (@afterAt, @afterId)
         ORDER BY expires_at, message_id LIMIT @limit`,
      ),
      protectedAmong: db.prepare<[string, number], { message_id: string; policy_id: string; policy_expires_at: number | null }>(
        `SELECT message_id, policy_id, policy_expires_at FROM retention_assignments
         WHERE message_id IN (SELECT value FROM json_each(?)) AND erasable = 0 AND (policy_expires_at IS NULL OR policy_expires_at > ?)`,
      ),
    };
  }

  policies(): PolicySet {
    return this.assignments.set;
  }

  /** Not fsync'd on its own: call it before the spooled copy is removed, so a lost row is re-made from the spool. */
  assign(messageId: string): Promise<RetentionAssignment | null> {
    return this.options.writer.run(() => {
      const row = this.statements.messageById.get(messageId);
      if (!row) return null;
      const [change] = this.assignments.assign([row], this.clock());
      if (!change) return null;
      const { after } = change;
      return { policyId: after.policy_id, expiresAt: after.expires_at === null ? null : new Date(after.expires_at).toISOString(), action: after.action };
    }, { durable: false });
  }

  async resume(): Promise<void> {
    const latest = this.statements.latestChange.get() ?? null;
    if (latest === null || latest.to_version !== this.policies().version) {
      await this.startChange(latest?.to_version ?? null);
    } else if (latest.state === 'running') {
      this.options.logger.info({ changeId: latest.id, cursor: latest.cursor }, 'resuming the retention recompute');
      this.run(latest.id);
    }
  }

  async reloadPolicies(): Promise<PolicyReloadOutcome> {
    let set: PolicySet;
    try {
      set = await this.options.loadPolicies();
    } catch (error) {
      if (!(error instanceof RetentionPolicyLoadError)) throw error;
      return { ok: false, problems: error.problems, activeVersion: this.policies().version };
    }
    const previous = this.policies().version;
    if (set.version === previous) return { ok: true, changed: false, version: previous };
    this.assignments = new SqliteRetentionAssignments(this.options.db, set);
    await this.startChange(previous);
    return { ok: true, changed: true, version: set.version };
  }

  async latestChange(): Promise<PolicyChange | null> {
    const row = this.statements.latestChange.get();
    return row ? toChange(row) : null;
  }

  idle(): Promise<void> {
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  async expiredBatch(request: ExpiredBatchRequest): Promise<ExpiredMessage[]> {
    const rows = this.statements.expired.all({
      action: request.action,
      now: Date.parse(request.now),
      afterAt: request.after ? Date.parse(request.after.expiresAt) : Number.MIN_SAFE_INTEGER,
      afterId: request.after?.messageId ?? '',
      limit: Math.min(Math.max(request.limit, 1), 10_000),
    });
    return rows.map((row) => ({ messageId: row.message_id, policyId: row.policy_id, expiresAt: new Date(row.expires_at).toISOString() }));
  }

  async protectedAmong(messageIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const row of this.statements.protectedAmong.all(JSON.stringify(messageIds), this.clock())) {
      const until = row.policy_expires_at === null ? 'for ever' : `until ${new Date(row.policy_expires_at).toISOString()}`;
      found.set(row.message_id, `protected by policy ${row.policy_id} ${until}`);
    }
    return found;
  }

  /** Records the new set, audits the start (before any assignment changes), and runs the recompute in the background. */
  private async startChange(fromVersion: string | null): Promise<void> {
    const set = this.policies();
    const superseded = this.statements.latestChange.get();
    await this.options.audit.append({
      actor: ACTOR,
      source: SYSTEM_SOURCE,
      action: 'retention.policy-change.started',
      detail: {
        fromVersion,
        toVersion: set.version,
        policies: set.policies.map((p) => p.id),
        supersedes: superseded?.state === 'running' ? superseded.id : null,
      },
    });
    const policiesJson = JSON.stringify(set.policies.map(({ source: _source, scope, ...p }) => ({ ...p, scope: { ...scope, query: scope.query?.text } })));
    const id = await this.options.writer.run(() => {
      this.statements.supersede.run(this.clock());
      return Number(this.statements.insertChange.run(fromVersion, set.version, policiesJson, this.clock()).lastInsertRowid);
    });
    this.run(id);
  }

  /** Chains a recompute run after any earlier one (which stops by itself once superseded). */
  private run(changeId: number): void {
    this.stopping = false;
    this.running = this.running.then(() => this.recompute(changeId)).catch((error: unknown) => {
      // The cursor is committed with each batch: the next start resumes from the last good one.
      this.options.logger.error({ err: error, changeId }, 'retention recompute failed; it resumes at the next start');
    });
  }

  private async recompute(changeId: number): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const state = await this.options.writer.run(() => this.recomputeBatch(changeId), { durable: false });
      if (state === 'superseded') return;
      if (state === 'finished') break;
      const progress = this.statements.change.get(changeId);
      if (progress) this.options.onProgress?.(toChange(progress));
    }
    const row = this.statements.change.get(changeId);
    if (!row || row.state !== 'running') return;
    const change = toChange(row);
    // Audited before it is marked done: a crash in between audits it again at the next start
    // rather than never.
    await this.options.audit.append({
      actor: ACTOR,
      source: SYSTEM_SOURCE,
      action: 'retention.policy-change',
      detail: {
        changeId,
        fromVersion: change.fromVersion,
        toVersion: change.toVersion,
        examined: change.examined,
        changed: change.changed,
        expiryChanged: change.expiryChanged,
        before: change.before,
        after: change.after,
      },
    });
    await this.options.writer.run(() => this.statements.finish.run(this.clock(), changeId));
    this.options.logger.info({ changeId, examined: change.examined, changed: change.changed }, 'retention recompute done');
  }

  /** One batch: the next messages after the cursor, reassigned, with the cursor and counts, in one transaction. */
  private recomputeBatch(changeId: number): 'more' | 'finished' | 'superseded' {
    const row = this.statements.change.get(changeId);
    if (!row || row.state !== 'running' || row.to_version !== this.policies().version) return 'superseded';
    const messages = this.statements.messagesAfter.all(row.cursor, this.batchSize);
    const last = messages[messages.length - 1];
    if (last === undefined) return 'finished';
    const changes = this.assignments.assign(messages, this.clock());
    const before = JSON.parse(row.before_counts) as Record<string, number>;
    const after = JSON.parse(row.after_counts) as Record<string, number>;
    let changed = 0;
    let expiryChanged = 0;
    for (const change of changes) {
      const was = change.before?.policy_id ?? '';
      before[was] = (before[was] ?? 0) + 1;
      after[change.after.policy_id] = (after[change.after.policy_id] ?? 0) + 1;
      if (isChanged(change)) changed++;
      if (change.before?.expires_at !== change.after.expires_at) expiryChanged++;
    }
    this.statements.progress.run({
      id: changeId,
      cursor: last.rowid,
      examined: row.examined + changes.length,
      changed: row.changed + changed,
      expiryChanged: row.expiry_changed + expiryChanged,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
    });
    return 'more';
  }
}

function isChanged({ before, after }: AssignmentChange): boolean {
  return before === null || before.policy_id !== after.policy_id || before.expires_at !== after.expires_at || before.action !== after.action || before.erasable !== after.erasable;
}

function toChange(row: ChangeRow): PolicyChange {
  return {
    id: row.id,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    state: row.state,
    examined: row.examined,
    changed: row.changed,
    expiryChanged: row.expiry_changed,
    before: JSON.parse(row.before_counts) as Record<string, number>,
    after: JSON.parse(row.after_counts) as Record<string, number>,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  };
}
