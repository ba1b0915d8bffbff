import type { Db } from '../../db/open-database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { DeletionRefusal } from '../../domain/deletion.js';
import type { ErasureMessage, ErasureMessageOutcome, ErasureRequest, ErasureState } from '../erasure-request.js';
import type {
  ErasureDecision, ErasureListed, ErasureMessagePage, ErasureMessageResult, ErasureRequestPage, ErasureStore, ErasureWork, NewErasureRequest,
} from '../erasure-store.js';

interface RequestRow {
  rowid: number;
  id: string;
  target: 'messages' | 'subject';
  subject: string | null;
  reason: string;
  state: ErasureState;
  requested_by: string;
  requested_by_token: string;
  requested_at: number;
  decided_by: string | null;
  decided_by_token: string | null;
  decided_at: number | null;
  decision_reason: string | null;
  snapshot: string | null;
  resolve_cursor: string | null;
  resolved: number;
  message_count: number;
  executed_through: number;
  deleted_count: number;
  refused_count: number;
  last_error: string | null;
  completed_at: number | null;
}

interface MessageRow {
  seq: number;
  message_id: string;
  outcome: 'deleted' | 'refused' | null;
  refusal_reason: DeletionRefusal['reason'] | null;
  refusal_detail: string | null;
}

const COLUMNS = `rowid, id, target, subject, reason, state, requested_by, requested_by_token, requested_at, decided_by, decided_by_token, decided_at,
  decision_reason, snapshot, resolve_cursor, resolved, message_count, executed_through, deleted_count, refused_count, last_error, completed_at`;

/**
 * The embedded ErasureStore on `erasure_requests` and `erasure_request_messages`. Every write
 * goes through the group-commit writer and resolves once durable; the schema's checks and
 * triggers refuse a decision by the requester, an illegal state change and a rewritten outcome,
 * whatever the caller does. Cursors are plain row numbers (requests: rowid; messages: seq).
 */
export class SqliteErasureStore implements ErasureStore {
  private readonly statements;

  constructor(
    db: Db,
    private readonly writer: GroupCommit,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO erasure_requests (id, target, subject, reason, state, requested_by, requested_by_token, requested_at, resolved)
         VALUES (@id, @target, @subject, @reason, 'pending', @requestedBy, @requestedByToken, @now, @resolved)`,
      ),
      byId: db.prepare<[string], RequestRow>(`SELECT ${COLUMNS} FROM erasure_requests WHERE id = ?`),
      list: db.prepare<{ state: string | null; after: number; limit: number }, RequestRow>(
        `SELECT ${COLUMNS} FROM erasure_requests
         WHERE (@state IS NULL OR state = @state) AND rowid < @after ORDER BY rowid DESC LIMIT @limit`,
      ),
      messages: db.prepare<{ rowid: number; outcome: string | null; pending: number; after: number; limit: number }, MessageRow>(
        `SELECT seq, message_id, outcome, refusal_reason, refusal_detail FROM erasure_request_messages
         WHERE request_rowid = @rowid AND seq > @after
           AND (@pending = 0 OR outcome IS NULL) AND (@outcome IS NULL OR outcome = @outcome)
         ORDER BY seq LIMIT @limit`,
      ),
      addMessage: db.prepare<[number, number, string]>(
        `INSERT INTO erasure_request_messages (request_rowid, seq, message_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      decide: db.prepare(
        `UPDATE erasure_requests SET state = @state, decided_by = @by, decided_by_token = @token, decided_at = @now,
           decision_reason = @reason, snapshot = @snapshot
         WHERE id = @id AND state = 'pending'`,
      ),
      listed: db.prepare<[number, number]>(`UPDATE erasure_requests SET message_count = ? WHERE rowid = ?`),
      resolvedPage: db.prepare<{ rowid: number; count: number; cursor: string | null; done: number }>(
        `UPDATE erasure_requests SET message_count = @count, resolve_cursor = @cursor, resolved = @done WHERE rowid = @rowid AND state = 'approved'`,
      ),
      batch: db.prepare<{ rowid: number; after: number; limit: number }, { seq: number; message_id: string }>(
        `SELECT seq, message_id FROM erasure_request_messages WHERE request_rowid = @rowid AND seq > @after ORDER BY seq LIMIT @limit`,
      ),
      setOutcome: db.prepare<{ rowid: number; messageId: string; outcome: string; reason: string | null; detail: string | null }>(
        `UPDATE erasure_request_messages SET outcome = @outcome, refusal_reason = @reason, refusal_detail = @detail
         WHERE request_rowid = @rowid AND message_id = @messageId`,
      ),
      advance: db.prepare<{ rowid: number; through: number; deleted: number; refused: number }>(
        `UPDATE erasure_requests SET executed_through = @through, deleted_count = deleted_count + @deleted,
           refused_count = refused_count + @refused, last_error = NULL
         WHERE rowid = @rowid AND state = 'approved' AND executed_through < @through`,
      ),
      recordError: db.prepare<[string, string]>(`UPDATE erasure_requests SET last_error = ? WHERE id = ? AND state = 'approved'`),
      complete: db.prepare<{ id: string; state: string; now: number }>(
        `UPDATE erasure_requests SET state = @state, completed_at = @now
         WHERE id = @id AND state = 'approved' AND resolved = 1 AND executed_through >= message_count`,
      ),
      unfinished: db.prepare<[], { id: string }>(`SELECT id FROM erasure_requests WHERE state = 'approved' ORDER BY rowid`),
    };
  }

  create(request: NewErasureRequest): Promise<ErasureRequest> {
    const s = this.statements;
    const { target } = request;
    return this.writer.run(() => {
      const rowid = Number(
        s.insert.run({
          id: request.id,
          target: target.kind,
          subject: target.kind === 'subject' ? target.address : null,
          reason: request.reason,
          requestedBy: request.requestedBy.name,
          requestedByToken: request.requestedBy.tokenId,
          now: Date.now(),
          resolved: target.kind === 'messages' ? 1 : 0,
        }).lastInsertRowid,
      );
      if (target.kind === 'messages') s.listed.run(this.listMessages(rowid, 0, target.messageIds), rowid);
      return this.row(request.id);
    }).then(toRequest);
  }

  async get(id: string): Promise<ErasureRequest | null> {
    const row = this.statements.byId.get(id);
    return row === undefined ? null : toRequest(row);
  }

  async list(query: { state?: ErasureState; limit: number; after: string | null }): Promise<ErasureRequestPage> {
    const rows = this.statements.list.all({
      state: query.state ?? null,
      after: query.after === null ? Number.MAX_SAFE_INTEGER : decodeNumber(query.after),
      limit: query.limit,
    });
    const last = rows[rows.length - 1];
    return { requests: rows.map(toRequest), nextCursor: last !== undefined && rows.length === query.limit ? String(last.rowid) : null };
  }

  async messages(id: string, query: { outcome?: ErasureMessageOutcome; limit: number; after: string | null }): Promise<ErasureMessagePage | null> {
    const request = this.statements.byId.get(id);
    if (request === undefined) return null;
    const rows = this.statements.messages.all({
      rowid: request.rowid,
      outcome: query.outcome === undefined || query.outcome === 'pending' ? null : query.outcome,
      pending: query.outcome === 'pending' ? 1 : 0,
      after: query.after === null ? 0 : decodeNumber(query.after),
      limit: query.limit,
    });
    const last = rows[rows.length - 1];
    return { messages: rows.map(toMessage), nextCursor: last !== undefined && rows.length === query.limit ? String(last.seq) : null };
  }

  async decide(id: string, decision: ErasureDecision): Promise<ErasureRequest | null> {
    const applied = await this.writer.run(() => {
      const changes = this.statements.decide.run({
        id,
        state: decision.state,
        by: decision.by.name,
        token: decision.by.tokenId,
        now: Date.now(),
        reason: decision.state === 'approved' ? null : decision.reason,
        snapshot: decision.state === 'approved' ? decision.snapshot : null,
      }).changes;
      return changes === 0 ? null : this.row(id);
    });
    return applied === null ? null : toRequest(applied);
  }

  async work(id: string): Promise<ErasureWork | null> {
    const row = this.statements.byId.get(id);
    if (row === undefined) return null;
    const approver = row.state !== 'pending' && row.decided_by !== null && row.decided_by_token !== null
      ? { name: row.decided_by, tokenId: row.decided_by_token }
      : null;
    return { request: toRequest(row), requester: { name: row.requested_by, tokenId: row.requested_by_token }, approver, snapshot: row.snapshot, resolveCursor: row.resolve_cursor };
  }

  /**
   * Not fsync'd on its own: a page lost to a power cut takes its cursor with it (one transaction,
   * and the WAL never keeps a later commit without an earlier one), so resolution just lists it
   * again. The first outcome recorded after it is durable, and makes it durable too.
   */
  async addResolved(id: string, messageIds: readonly string[], cursor: string | null): Promise<void> {
    await this.writer.run(() => {
      const row = this.row(id);
      if (row.state !== 'approved' || row.resolved === 1) throw new Error(`erasure request ${id} is not being resolved`);
      const count = this.listMessages(row.rowid, row.message_count, messageIds);
      this.statements.resolvedPage.run({ rowid: row.rowid, count, cursor, done: cursor === null ? 1 : 0 });
    }, { durable: false });
  }

  async nextBatch(id: string, limit: number): Promise<ErasureListed[]> {
    const row = this.statements.byId.get(id);
    if (row === undefined) return [];
    return this.statements.batch.all({ rowid: row.rowid, after: row.executed_through, limit }).map((r) => ({ seq: r.seq, messageId: r.message_id }));
  }

  async recordOutcomes(id: string, throughSeq: number, results: readonly ErasureMessageResult[]): Promise<void> {
    const s = this.statements;
    await this.writer.run(() => {
      const row = this.row(id);
      // A batch recorded already (a repeat after a crash between commit and acknowledgement) changes nothing.
      if (row.executed_through >= throughSeq) return;
      let deleted = 0;
      for (const result of results) {
        const refusal = result.outcome === 'refused' ? result : null;
        s.setOutcome.run({ rowid: row.rowid, messageId: result.messageId, outcome: result.outcome, reason: refusal?.reason ?? null, detail: refusal?.detail ?? null });
        if (result.outcome === 'deleted') deleted++;
      }
      s.advance.run({ rowid: row.rowid, through: throughSeq, deleted, refused: results.length - deleted });
    });
  }

  async recordError(id: string, error: string): Promise<void> {
    await this.writer.run(() => this.statements.recordError.run(error, id));
  }

  async complete(id: string, state: 'executed' | 'partially-executed'): Promise<ErasureRequest> {
    return toRequest(
      await this.writer.run(() => {
        if (this.statements.complete.run({ id, state, now: Date.now() }).changes === 0) throw new Error(`erasure request ${id} is not ready to complete`);
        return this.row(id);
      }),
    );
  }

  async unfinished(): Promise<string[]> {
    return this.statements.unfinished.all().map((row) => row.id);
  }

  /** Inside a write: lists `messageIds` after the `count` already listed; returns the new count. */
  private listMessages(rowid: number, count: number, messageIds: readonly string[]): number {
    let seq = count;
    for (const messageId of messageIds) {
      if (this.statements.addMessage.run(rowid, seq + 1, messageId).changes > 0) seq++;
    }
    return seq;
  }

  private row(id: string): RequestRow {
    const row = this.statements.byId.get(id);
    if (row === undefined) throw new Error(`no erasure request ${id}`);
    return row;
  }
}

function decodeNumber(cursor: string): number {
  const value = Number(cursor);
  if (!/^[0-9]{1,15}$/.test(cursor) || !Number.isSafeInteger(value)) throw new RangeError(`not an erasure paging cursor: ${JSON.stringify(cursor)}`);
  return value;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toRequest(row: RequestRow): ErasureRequest {
  return {
    id: row.id,
    target: row.target,
    subject: row.subject,
    reason: row.reason,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at).toISOString(),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    decisionReason: row.decision_reason,
    progress: {
      resolved: row.resolved === 1,
      messages: row.message_count,
      processed: Math.min(row.executed_through, row.message_count),
      deleted: row.deleted_count,
      refused: row.refused_count,
    },
    lastError: row.last_error,
    completedAt: iso(row.completed_at),
  };
}

function toMessage(row: MessageRow): ErasureMessage {
  return {
    messageId: row.message_id,
    outcome: row.outcome ?? 'pending',
    refusal: row.refusal_reason === null ? null : { reason: row.refusal_reason, detail: row.refusal_detail ?? '' },
  };
}
