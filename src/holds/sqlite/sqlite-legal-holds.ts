import type { Db } from '../../db/open-database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import { CaseNotFoundError, HoldAlreadyReleasedError, HoldNotFoundError } from '../holds-errors.js';
import type { CaseDetail, HeldMessagePage, Hold, LegalCase, LegalHolds, NewCase } from '../legal-holds.js';
import { validateCase } from '../validate-case.js';
import { prepareCaseStatements, type CaseStatements } from './case-statements.js';
import { HoldBackground, type HoldBackgroundOptions } from './hold-background.js';
import { caseFromRow, holdFromRow, type CaseRow, type HoldRow } from './holds-rows.js';

/** Options of the embedded holds adapter; see `HoldBackgroundOptions` for the background work. */
export type SqliteLegalHoldsOptions = HoldBackgroundOptions;

/**
 * Cases and legal holds on the embedded database.
 *
 * A hold is materialised as `message_holds` rows, so a deletion path's `heldAmong(500 ids)` is 500
 * primary-key probes. Rows reach the table two ways: a background backfill over the messages
 * archived before the hold (a persisted rowid cursor, batches through the group-commit writer,
 * resumed by `resume()` after a crash), and `evaluateNewMessage` after each message is recorded.
 * The hold is in force from the moment `placeHold` resolves: until its backfill has finished,
 * `heldAmong` also evaluates the case's criteria directly for every asked id past the cursor, so
 * no deletion can slip through the gap. A failed backfill leaves the hold in exactly that state
 * (slower checks, never weaker ones) until the next `resume()`.
 */
export class SqliteLegalHolds implements LegalHolds {
  private readonly statements;
  private readonly criteria = new Map<string, CaseStatements>();
  private readonly background: HoldBackground;

  constructor(
    private readonly db: Db,
    private readonly writer: GroupCommit,
    options: SqliteLegalHoldsOptions = {},
  ) {
    this.statements = {
      insertCase: db.prepare<[string, string, string, string, string, string | null, number | null, number | null, string, number]>(
        `INSERT INTO cases (id, name, description, scope, custodians, query, sent_from, sent_before, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getCase: db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE id = ?'),
      listCases: db.prepare<[number, number], CaseRow>('SELECT * FROM cases ORDER BY created_at DESC, id LIMIT ? OFFSET ?'),
      insertHold: db.prepare<[string, string, string, number, string]>(
        'INSERT INTO holds (id, case_id, placed_by, placed_at, reason) VALUES (?, ?, ?, ?, ?)',
      ),
      getHold: db.prepare<[string], HoldRow>('SELECT * FROM holds WHERE id = ?'),
      holdsOfCase: db.prepare<[string], HoldRow>('SELECT * FROM holds WHERE case_id = ? ORDER BY placed_at, id'),
      release: db.prepare<[string, number, string, string]>(
        'UPDATE holds SET released_by = ?, released_at = ?, release_reason = ? WHERE id = ? AND released_at IS NULL',
      ),
      heldCount: db.prepare<[string], { n: number }>(
        `SELECT count(DISTINCT mh.message_id) AS n FROM holds h JOIN message_holds mh ON mh.hold_id = h.id
         WHERE h.case_id = ? AND h.released_at IS NULL`,
      ),
      heldPage: db.prepare<[string, string, number], { message_id: string }>(
        'SELECT message_id FROM message_holds WHERE hold_id = ? AND message_id > ? ORDER BY message_id LIMIT ?',
      ),
      heldAmong: db.prepare<[string], { message_id: string; hold_id: string }>(
        `SELECT mh.message_id, mh.hold_id FROM message_holds mh JOIN holds h ON h.id = mh.hold_id
         WHERE mh.message_id IN (SELECT value FROM json_each(?)) AND h.released_at IS NULL`,
      ),
      activeHolds: db.prepare<[], HoldRow>('SELECT * FROM holds WHERE released_at IS NULL'),
      unfinishedHolds: db.prepare<[], HoldRow>('SELECT * FROM holds WHERE released_at IS NULL AND backfill_done_at IS NULL'),
      rowidOf: db.prepare<[string], { rowid: number }>('SELECT rowid FROM messages WHERE id = ?'),
      attachOne: db.prepare<[string, string]>('INSERT INTO message_holds (message_id, hold_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    };
    this.background = new HoldBackground(db, writer, (caseId) => this.statementsFor(caseId), options);
  }

  async createCase(input: NewCase): Promise<LegalCase> {
    validateCase(input);
    const createdAt = Date.now();
    const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
    await this.writer.run(() =>
      this.statements.insertCase.run(
        input.id, input.name, input.description, input.scope, JSON.stringify(input.custodians), input.query,
        ms(input.sentFrom), ms(input.sentBefore), input.createdBy, createdAt,
      ),
    );
    return this.requireCase(input.id);
  }

  async listCases(options: { limit: number; offset: number }): Promise<LegalCase[]> {
    return this.statements.listCases.all(options.limit, options.offset).map(caseFromRow);
  }

  async getCase(id: string): Promise<CaseDetail | null> {
    const row = this.statements.getCase.get(id);
    if (row === undefined) return null;
    return {
      case: caseFromRow(row),
      holds: this.statements.holdsOfCase.all(id).map(holdFromRow),
      heldMessageCount: this.statements.heldCount.get(id)?.n ?? 0,
    };
  }

  async getHold(id: string): Promise<Hold | null> {
    const row = this.statements.getHold.get(id);
    return row === undefined ? null : holdFromRow(row);
  }

  async placeHold(input: { id: string; caseId: string; placedBy: string; reason: string }): Promise<Hold> {
    await this.writer.run(() => {
      if (this.statements.getCase.get(input.caseId) === undefined) throw new CaseNotFoundError(input.caseId);
      this.statements.insertHold.run(input.id, input.caseId, input.placedBy, Date.now(), input.reason);
    });
    this.background.start(input.id);
    return this.requireHold(input.id);
  }

  async releaseHold(input: { id: string; releasedBy: string; reason: string }): Promise<Hold> {
    await this.writer.run(() => {
      const row = this.statements.getHold.get(input.id);
      if (row === undefined) throw new HoldNotFoundError(input.id);
      if (row.released_at !== null) throw new HoldAlreadyReleasedError(input.id, new Date(row.released_at).toISOString());
      this.statements.release.run(input.releasedBy, Date.now(), input.reason, input.id);
    });
    this.background.start(input.id);
    return this.requireHold(input.id);
  }

  async heldMessages(holdId: string, page: { limit: number; after: string | null }): Promise<HeldMessagePage> {
    if (this.statements.getHold.get(holdId) === undefined) throw new HoldNotFoundError(holdId);
    const ids = this.statements.heldPage.all(holdId, page.after ?? '', page.limit + 1).map((row) => row.message_id);
    const more = ids.length > page.limit;
    if (more) ids.pop();
    return { ids, nextCursor: more ? (ids[ids.length - 1] ?? null) : null };
  }

  /**
   * Materialised rows of holds in force, plus — for holds whose backfill has not finished — a
   * direct evaluation of their case for the asked messages past the backfill's cursor.
   */
  async heldAmong(messageIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.heldAmongNow(messageIds);
  }

  /**
   * `heldAmong`, synchronously: for a deleter to check again inside the very transaction that
   * deletes, so that not even a hold placed between its check and its delete can be missed.
   * Reads only, in one turn of the event loop, so no writer batch lands in between.
   */
  heldAmongNow(messageIds: readonly string[]): Map<string, string[]> {
    const held = new Map<string, string[]>();
    if (messageIds.length === 0) return held;
    const add = (messageId: string, holdId: string) => {
      const holds = held.get(messageId);
      if (holds === undefined) held.set(messageId, [holdId]);
      else if (!holds.includes(holdId)) holds.push(holdId);
    };
    const json = JSON.stringify(messageIds);
    for (const row of this.statements.heldAmong.all(json)) add(row.message_id, row.hold_id);
    for (const hold of this.statements.unfinishedHolds.all()) {
      for (const id of this.statementsFor(hold.case_id).matchingAmong(json, hold.backfill_cursor)) add(id, hold.id);
    }
    return held;
  }

  /**
   * Attaches a just-recorded message to every hold in force whose case it matches. Call after
   * EVERY `record` of the message, whatever its outcome: a later copy can add recipients (a
   * journal report revealing a custodian in Bcc) that bring an archived message under a case.
   * Idempotent. Not fsync'd on its own, like the index record it follows: a crash before the
   * pipeline job completes re-runs the job, and with it this call.
   * @returns the ids of the holds the message is (now) attached to by this call's evaluation.
   */
  evaluateNewMessage(messageId: string): Promise<string[]> {
    return this.writer.run(() => {
      const message = this.statements.rowidOf.get(messageId);
      if (message === undefined) return [];
      const attached: string[] = [];
      for (const hold of this.statements.activeHolds.all()) {
        if (!this.statementsFor(hold.case_id).matchesOne(message.rowid)) continue;
        this.statements.attachOne.run(messageId, hold.id);
        attached.push(hold.id);
      }
      return attached;
    }, { durable: false });
  }

  /** Restarts unfinished background work (backfills, purges after release); call once at start-up. */
  resume(): void {
    this.background.resumeAll();
  }

  /** Resolves once no background work is running (for shutdown and tests). */
  idle(): Promise<void> {
    return this.background.idle();
  }

  /** Stops background work after its current batch; `resume()` at the next start carries on. */
  stop(): Promise<void> {
    return this.background.stop();
  }

  private statementsFor(caseId: string): CaseStatements {
    let statements = this.criteria.get(caseId);
    if (statements === undefined) {
      const row = this.statements.getCase.get(caseId);
      if (row === undefined) throw new CaseNotFoundError(caseId);
      statements = prepareCaseStatements(this.db, caseFromRow(row));
      this.criteria.set(caseId, statements);
    }
    return statements;
  }

  private requireCase(id: string): LegalCase {
    const row = this.statements.getCase.get(id);
    if (row === undefined) throw new CaseNotFoundError(id);
    return caseFromRow(row);
  }

  private requireHold(id: string): Hold {
    const row = this.statements.getHold.get(id);
    if (row === undefined) throw new HoldNotFoundError(id);
    return holdFromRow(row);
  }
}
