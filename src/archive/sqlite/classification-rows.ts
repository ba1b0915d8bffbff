import type { Db } from '../../db/open-database.js';
import type { Classification, Severity } from '../../domain/classification.js';
import { severityOfRank, severityRank } from '../../query/severity-rank.js';

/** The verdict fields a search hit carries. */
export interface HitVerdict {
  spamScore: number;
  spamVerdict: Classification['spam']['verdict'];
  dlpSeverity: Severity | null;
  tags: string[];
}

/**
 * Scores are compared at a thousandth: a sum of rule scores like 0.1 + 0.2 must equal 0.3 for
 * `score:0.3`, and no rule pack scores finer than that.
 */
function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/**
 * The rows that make a message's classification searchable: its verdict row, one rule-hit row per
 * (rule, detector) and one row per tag. The full classification is stored as JSON beside them.
 */
export class ClassificationRows {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO message_classification (message_rowid, spam_score, spam_verdict, dlp_severity, status, spool_id, classification)
         VALUES (@rowid, @score, @verdict, @severity, @status, @spoolId, @json)
         ON CONFLICT (message_rowid) DO UPDATE SET spam_score = excluded.spam_score, spam_verdict = excluded.spam_verdict,
           dlp_severity = excluded.dlp_severity, status = excluded.status, spool_id = excluded.spool_id,
           classification = excluded.classification`,
      ),
      deleteHits: db.prepare(`DELETE FROM message_rule_hits WHERE message_rowid = ?`),
      deleteTags: db.prepare(`DELETE FROM message_tags WHERE message_rowid = ?`),
      insertHit: db.prepare(
        `INSERT INTO message_rule_hits (message_rowid, rule_id, kind, severity, detector) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      insertTag: db.prepare(`INSERT INTO message_tags (message_rowid, tag) VALUES (?, ?) ON CONFLICT DO NOTHING`),
      classifiedBy: db.prepare<[string], { spool_id: string | null }>(
        `SELECT c.spool_id FROM messages m JOIN message_classification c ON c.message_rowid = m.rowid WHERE m.id = ?`,
      ),
      get: db.prepare<[number], { classification: string }>(`SELECT classification FROM message_classification WHERE message_rowid = ?`),
      verdicts: db.prepare<[string], { rowid: number; spam_score: number; spam_verdict: HitVerdict['spamVerdict']; dlp_severity: number | null; tags: string }>(
        `SELECT c.message_rowid AS rowid, c.spam_score, c.spam_verdict, c.dlp_severity,
                (SELECT json_group_array(t.tag) FROM message_tags t WHERE t.message_rowid = c.message_rowid) AS tags
         FROM message_classification c WHERE c.message_rowid IN (SELECT value FROM json_each(?))`,
      ),
    };
  }

  /**
   * Writes the classification of message `rowid`, taken from the received copy `spoolId`, or with
   * `replace` replaces the one it has. Runs inside the caller's transaction.
   */
  write(rowid: number, spoolId: string, classification: Classification, replace: boolean): void {
    const s = this.statements;
    s.upsert.run({
      rowid,
      score: roundScore(classification.spam.score),
      verdict: classification.spam.verdict,
      severity: classification.dlp.severity === null ? null : severityRank(classification.dlp.severity),
      status: classification.status,
      spoolId,
      json: JSON.stringify(classification),
    });
    if (replace) {
      s.deleteHits.run(rowid);
      s.deleteTags.run(rowid);
    }
    for (const hit of classification.hits) {
      const severity = hit.severity === undefined ? null : severityRank(hit.severity);
      const detectors = new Set(hit.evidence.flatMap((e) => (e.detector === undefined ? [] : [e.detector])));
      if (detectors.size === 0) detectors.add('');
      for (const detector of detectors) s.insertHit.run(rowid, hit.ruleId, hit.kind, severity, detector);
    }
    for (const tag of classification.tags) s.insertTag.run(rowid, tag);
  }

  /** The received copy whose classification message `id` has; null for none, or one from before migration 2. */
  classifiedBy(id: string): string | null {
    return this.statements.classifiedBy.get(id)?.spool_id ?? null;
  }

  /** The stored classification of message `rowid`. */
  read(rowid: number): Classification {
    const row = this.statements.get.get(rowid);
    if (!row) throw new Error(`message ${rowid} has no classification row`);
    return JSON.parse(row.classification) as Classification;
  }

  /** The verdict fields of a page of hits, by message rowid: one query for the whole page. */
  verdictsOf(rowids: readonly number[]): Map<number, HitVerdict> {
    const verdicts = new Map<number, HitVerdict>();
    if (rowids.length === 0) return verdicts;
    for (const row of this.statements.verdicts.all(JSON.stringify(rowids))) {
      verdicts.set(row.rowid, {
        spamScore: row.spam_score,
        spamVerdict: row.spam_verdict,
        dlpSeverity: severityOfRank(row.dlp_severity),
        tags: (JSON.parse(row.tags) as string[]).sort(),
      });
    }
    return verdicts;
  }
}
