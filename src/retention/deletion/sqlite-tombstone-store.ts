import type { RemovedEntry } from '../../archive/archive-index.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { Tombstone } from '../../domain/deletion.js';
import type { DeletionContext } from '../message-deleter.js';
import type { BurialResult, TombstoneFilter, TombstonePage, TombstoneStore } from './tombstone-store.js';

/** The part of `SqliteArchiveIndex` that removes an entry inside the caller's transaction. */
export interface IndexRemoval {
  deleteNow(id: string): RemovedEntry | null;
}

interface TombstoneRow {
  seq: number;
  message_id: string;
  size: number;
  received_at: number;
  reason: Tombstone['reason'];
  policy_id: string | null;
  request_id: string | null;
  actor: string;
  deleted_at: number;
}

/** A `tombstones` page cursor: the last seq seen, as decimal text. */
const CURSOR = /^[0-9]{1,15}$/;

/** A cursor that is not one this store made. */
export class InvalidTombstoneCursorError extends Error {
  override readonly name = 'InvalidTombstoneCursorError';
}

/**
 * Tombstones in the embedded database. `bury` runs as one `GroupCommit` write, so each tombstone
 * commits with its index removal (and its `deletions_unfinished` marker) or not at all, and is
 * durable (fsync'd) before the blob is touched.
 */
export class SqliteTombstoneStore implements TombstoneStore {
  private readonly statements;

  /**
   * @param holdsNow answers, inside the burial transaction, which messages are held: the deleter
   *   asks the holds first, but a hold committed between that question and this transaction must
   *   still win. (SqliteLegalHolds.heldAmongNow reads the same database synchronously.)
   */
  constructor(
    private readonly db: Db,
    private readonly writer: GroupCommit,
    private readonly index: IndexRemoval,
    private readonly holdsNow: (messageIds: readonly string[]) => Map<string, string[]>,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO tombstones (message_id, size, received_at, reason, policy_id, request_id, actor, deleted_at)
         VALUES (@messageId, @size, @receivedAt, @reason, @policyId, @requestId, @actor, @deletedAt)`,
      ),
      markUnfinished: db.prepare<[number]>(`INSERT INTO deletions_unfinished (tombstone_seq) VALUES (?)`),
      latest: db.prepare<[string], TombstoneRow>(`SELECT * FROM tombstones WHERE message_id = ? ORDER BY seq DESC LIMIT 1`),
      pending: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM deletions_unfinished u JOIN tombstones t ON t.seq = u.tombstone_seq WHERE t.message_id = ?`,
      ),
      unfinished: db.prepare<[number], TombstoneRow>(
        `SELECT t.* FROM deletions_unfinished u JOIN tombstones t ON t.seq = u.tombstone_seq ORDER BY u.tombstone_seq LIMIT ?`,
      ),
      finish: db.prepare<[string]>(
        `DELETE FROM deletions_unfinished WHERE tombstone_seq IN (SELECT seq FROM tombstones WHERE message_id IN (SELECT value FROM json_each(?)))`,
      ),
    };
  }

  /**
   * Whether a message was ever deleted, and whether that deletion (ledger entry, blob removal) is
   * still unfinished: what archiving the same bytes again must know (see `afterRecord`).
   */
  deletionState(messageId: string): 'never' | 'unfinished' | 'finished' {
    if (this.statements.latest.get(messageId) === undefined) return 'never';
    return (this.statements.pending.get(messageId)?.n ?? 0) > 0 ? 'unfinished' : 'finished';
  }

  bury(messageIds: readonly string[], context: DeletionContext, deletedAt: string): Promise<BurialResult> {
    return this.writer.run(() => {
      const s = this.statements;
      const heldMeanwhile = this.holdsNow(messageIds);
      const result: BurialResult = { buried: [], alreadyDeleted: [], notFound: [], heldMeanwhile };
      for (const messageId of new Set(messageIds)) {
        if (heldMeanwhile.has(messageId)) continue;
        const removed = this.index.deleteNow(messageId);
        if (removed === null) {
          const earlier = s.latest.get(messageId);
          if (earlier) result.alreadyDeleted.push(toTombstone(earlier));
          else result.notFound.push(messageId);
          continue;
        }
        const tombstone: Tombstone = {
          messageId, size: removed.size, receivedAt: removed.receivedAt, reason: context.reason,
          policyId: context.policyId ?? null, requestId: context.requestId ?? null, actor: context.actor, deletedAt,
        };
        const seq = Number(s.insert.run({ ...tombstone, receivedAt: Date.parse(removed.receivedAt), deletedAt: Date.parse(deletedAt) }).lastInsertRowid);
        s.markUnfinished.run(seq);
        result.buried.push(tombstone);
      }
      return result;
    });
  }

  async unfinished(limit: number): Promise<Tombstone[]> {
    return this.statements.unfinished.all(limit).map(toTombstone);
  }

  async finish(tombstones: readonly Tombstone[]): Promise<void> {
    if (tombstones.length === 0) return;
    // Not durable on its own: a lost marker removal only makes resume() repeat idempotent work.
    await this.writer.run(() => this.statements.finish.run(JSON.stringify(tombstones.map((t) => t.messageId))), { durable: false });
  }

  async list(filter: TombstoneFilter, limit: number, after: string | null): Promise<TombstonePage> {
    if (after !== null && !CURSOR.test(after)) throw new InvalidTombstoneCursorError('not a tombstone cursor');
    const rows = this.db
      .prepare<Record<string, string | number | null>, TombstoneRow>(
        `SELECT * FROM tombstones
         WHERE seq > @after
           AND (@reason IS NULL OR reason = @reason) AND (@policyId IS NULL OR policy_id = @policyId)
           AND (@requestId IS NULL OR request_id = @requestId) AND (@messageId IS NULL OR message_id = @messageId)
           AND (@from IS NULL OR deleted_at >= @from) AND (@to IS NULL OR deleted_at < @to)
         ORDER BY seq LIMIT @limit`,
      )
      .all({
        after: after === null ? 0 : Number(after),
        reason: filter.reason ?? null,
        policyId: filter.policyId ?? null,
        requestId: filter.requestId ?? null,
        messageId: filter.messageId ?? null,
        from: filter.deletedFrom === undefined ? null : Date.parse(filter.deletedFrom),
        to: filter.deletedTo === undefined ? null : Date.parse(filter.deletedTo),
        limit,
      });
    const last = rows[rows.length - 1];
    return {
      tombstones: rows.map((row) => ({ seq: row.seq, ...toTombstone(row) })),
      nextCursor: last !== undefined && rows.length === limit ? String(last.seq) : null,
    };
  }
}

function toTombstone(row: TombstoneRow): Tombstone {
  return {
    messageId: row.message_id,
    size: row.size,
    receivedAt: new Date(row.received_at).toISOString(),
    reason: row.reason,
    policyId: row.policy_id,
    requestId: row.request_id,
    actor: row.actor,
    deletedAt: new Date(row.deleted_at).toISOString(),
  };
}
