import type { Db } from '../../db/open-database.js';
import { incidentIdOf, type IncidentSeed } from '../incidents-to-raise.js';

/**
 * Raises incidents inside the caller's transaction: the archive index calls it while it records
 * the message, so a message and its incidents are committed together or not at all.
 */
export class SqliteIncidentWriter {
  private readonly insert;
  private readonly byEvent;

  constructor(db: Db) {
    // DO NOTHING on the (message, rule) id: a retried job, or a later copy, raises nothing new.
    this.insert = db.prepare(
      `INSERT INTO incidents (id, message_id, spool_id, rule_id, pack, severity, description, evidence, status, reviewer, version, created_at, updated_at)
       VALUES (@id, @messageId, @spoolId, @ruleId, @pack, @severity, @description, @evidence, 'open', NULL, 1, @now, @now)
       ON CONFLICT DO NOTHING`,
    );
    this.byEvent = db.prepare<[string, string], { id: string }>(
      `SELECT id FROM incidents WHERE message_id = ? AND spool_id = ? ORDER BY rowid`,
    );
  }

  /** Inserts an open incident per seed that does not exist yet, raised by the copy `spoolId`. */
  raise(messageId: string, spoolId: string, seeds: readonly IncidentSeed[], now: number): void {
    for (const seed of seeds) {
      this.insert.run({
        id: incidentIdOf(messageId, seed.ruleId),
        messageId,
        spoolId,
        ruleId: seed.ruleId,
        pack: seed.pack,
        severity: seed.severity,
        description: seed.description,
        evidence: JSON.stringify(seed.evidence),
        now,
      });
    }
  }

  /**
   * The ids of the incidents the copy `spoolId` raised on the message: the same list when a job is
   * retried, so notifications keyed by incident id are enqueued once.
   */
  raisedBy(messageId: string, spoolId: string): string[] {
    return this.byEvent.all(messageId, spoolId).map((row) => row.id);
  }
}
