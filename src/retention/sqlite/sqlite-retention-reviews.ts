import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { MessageDeleter } from '../message-deleter.js';
import { InvalidReviewCursorError, type ReviewDecision, type ReviewItem, type ReviewPage, type ReviewQueue, type ReviewResult } from '../review/review-queue.js';
import { effectiveExpiry } from './sqlite-retention-assignments.js';

export interface SqliteRetentionReviewsOptions {
  db: Db;
  writer: GroupCommit;
  /** Deletes what a reviewer decides to delete (refusing held messages). */
  deleter: MessageDeleter;
  /** Epoch ms now. Default Date.now. */
  clock?: () => number;
}

interface ReviewRow {
  message_id: string;
  policy_id: string;
  expires_at: number;
  received_at: number;
  subject: string | null;
  from_display: string | null;
}

const DAY_MS = 86_400_000;
/** `<expires_at ms>.<message id>`: the last item of a page. */
const CURSOR = /^(\d{1,16})\.([0-9a-f]{64})$/;

/**
 * The review list on the embedded profile: expired assignments of `review` policies, walked in
 * (expires_at, message_id) order on the expiry index. Decisions are recorded append-only in
 * `retention_reviews`; a "keep" pushes the assignment's expiry out (and a later policy change
 * keeps honouring it), a "delete" goes through the MessageDeleter.
 */
export class SqliteRetentionReviews implements ReviewQueue {
  private readonly statements;
  private readonly clock: () => number;

  constructor(private readonly options: SqliteRetentionReviewsOptions) {
    const { db } = options;
    this.clock = options.clock ?? Date.now;
    const select = `SELECT r.message_id, r.policy_id, r.expires_at, m.received_at, m.subject, m.from_display
      FROM retention_assignments r INDEXED BY retention_assignments_expiry JOIN messages m ON m.id = r.message_id`;
    this.statements = {
      page: db.prepare<{ now: number; afterAt: number; afterId: string; limit: number }, ReviewRow>(
        `${select} WHERE r.action = 'review' AND r.expires_at IS NOT NULL AND r.expires_at <= @now
           AND (r.expires_at, r.message_id) > (@afterAt, @afterId)
         ORDER BY r.expires_at, r.message_id LIMIT @limit`,
      ),
      awaiting: db.prepare<[string, number], { policy_id: string; policy_expires_at: number | null }>(
        `SELECT policy_id, policy_expires_at FROM retention_assignments
         WHERE message_id = ? AND action = 'review' AND expires_at IS NOT NULL AND expires_at <= ?`,
      ),
      keep: db.prepare<{ id: string; keptUntil: number | null; keptForever: number; expiresAt: number | null }>(
        `UPDATE retention_assignments SET kept_until = @keptUntil, kept_forever = @keptForever, expires_at = @expiresAt WHERE message_id = @id`,
      ),
      record: db.prepare(
        `INSERT INTO retention_reviews (message_id, policy_id, decision, keep_until, reason, actor, outcome, detail, decided_at)
         VALUES (@messageId, @policyId, @decision, @keepUntil, @reason, @actor, @outcome, @detail, @at)`,
      ),
    };
  }

  async list(request: { limit: number; after: string | null }): Promise<ReviewPage> {
    let afterAt = Number.MIN_SAFE_INTEGER;
    let afterId = '';
    if (request.after !== null) {
      const match = CURSOR.exec(request.after);
      if (!match) throw new InvalidReviewCursorError('not a review-list cursor');
      afterAt = Number(match[1]);
      afterId = match[2] ?? '';
    }
    const rows = this.statements.page.all({ now: this.clock(), afterAt, afterId, limit: request.limit });
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toItem),
      nextCursor: last && rows.length === request.limit ? `${last.expires_at}.${last.message_id}` : null,
    };
  }

  async decide(messageId: string, decision: ReviewDecision): Promise<ReviewResult | null> {
    const now = this.clock();
    const awaiting = this.statements.awaiting.get(messageId, now);
    if (!awaiting) return null;
    const base = { messageId, policyId: awaiting.policy_id, reason: decision.reason, actor: decision.actor, at: now };
    if (decision.decision === 'keep') {
      const forever = 'forever' in decision;
      const keptUntil = forever ? null : now + decision.keepDays * DAY_MS;
      await this.options.writer.run(() => {
        this.statements.keep.run({ id: messageId, keptUntil, keptForever: forever ? 1 : 0, expiresAt: effectiveExpiry(awaiting.policy_expires_at, keptUntil, forever ? 1 : 0) });
        this.statements.record.run({ ...base, decision: 'keep', keepUntil: keptUntil, outcome: 'kept', detail: null });
      });
      return { messageId, decision: 'keep', keptUntil: keptUntil === null ? null : new Date(keptUntil).toISOString() };
    }
    const outcome = await this.options.deleter.delete([messageId], { reason: 'retention', actor: decision.actor, policyId: awaiting.policy_id });
    const refusal = outcome.refused.find((r) => r.messageId === messageId);
    await this.options.writer.run(() => {
      this.statements.record.run({
        ...base,
        decision: 'delete',
        keepUntil: null,
        outcome: refusal ? 'refused' : 'deleted',
        detail: refusal ? `${refusal.reason}: ${refusal.detail}` : null,
      });
    });
    return { messageId, decision: 'delete', outcome };
  }
}

function toItem(row: ReviewRow): ReviewItem {
  return {
    messageId: row.message_id,
    policyId: row.policy_id,
    expiredAt: new Date(row.expires_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    subject: row.subject,
    from: row.from_display,
  };
}
