import type { Db } from '../../db/open-database.js';
import type { HitEvidence, Severity } from '../../domain/classification.js';
import {
  IncidentVersionConflictError, InvalidIncidentQueryError,
  type Incident, type IncidentListRequest, type IncidentNote, type IncidentPage, type IncidentStatus, type IncidentStore, type IncidentUpdate,
} from '../incident-store.js';

interface IncidentRow {
  rowid: number;
  id: string;
  message_id: string;
  rule_id: string;
  pack: string | null;
  severity: Severity | null;
  description: string;
  evidence: string;
  status: IncidentStatus;
  reviewer: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'rowid, id, message_id, rule_id, pack, severity, description, evidence, status, reviewer, version, created_at, updated_at';

/** Keyset paging cursor: the last incident's (created_at, rowid), newest first. */
function encodeCursor(row: IncidentRow): string {
  return Buffer.from(JSON.stringify([row.created_at, row.rowid])).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !decoded.every((n) => Number.isSafeInteger(n))) {
    throw new InvalidIncidentQueryError('the paging cursor is not one this server issued');
  }
  return [decoded[0] as number, decoded[1] as number];
}

function epochOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new InvalidIncidentQueryError(`"${iso}" is not a date and time`);
  return ms;
}

/**
 * The embedded IncidentStore on the `incidents` and `incident_notes` tables. Reviews are rare and
 * must be durable before they are acknowledged, so they commit directly on the connection (opened
 * with `synchronous = FULL`, like the audit log) rather than through the batched writer.
 */
export class SqliteIncidentStore implements IncidentStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      get: db.prepare<[string], IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`),
      notes: db.prepare<[number], { at: number; author: string; text: string }>(
        `SELECT at, author, text FROM incident_notes WHERE incident_rowid = ? ORDER BY seq`,
      ),
      notesOfPage: db.prepare<[string], { incident_rowid: number; at: number; author: string; text: string }>(
        `SELECT incident_rowid, at, author, text FROM incident_notes
         WHERE incident_rowid IN (SELECT value FROM json_each(?)) ORDER BY incident_rowid, seq`,
      ),
      // The version check is in the WHERE clause: the read-compare-write is one statement.
      update: db.prepare(
        `UPDATE incidents SET status = coalesce(@status, status),
           reviewer = CASE WHEN @status IS NULL THEN reviewer ELSE @actor END,
           version = version + 1, updated_at = @now
         WHERE id = @id AND version = @expectedVersion`,
      ),
      addNote: db.prepare(
        `INSERT INTO incident_notes (incident_rowid, seq, at, author, text)
         VALUES (@rowid, (SELECT coalesce(max(seq), 0) + 1 FROM incident_notes WHERE incident_rowid = @rowid), @now, @actor, @text)`,
      ),
    };
  }

  async list(request: IncidentListRequest): Promise<IncidentPage> {
    const { filter } = request;
    const conditions: string[] = [];
    const params: Array<string | number> = [];
    const where = (condition: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      conditions.push(condition);
      params.push(value);
    };
    where('status = ?', filter.status);
    where('severity = ?', filter.severity);
    where('rule_id = ?', filter.ruleId);
    where('message_id = ?', filter.messageId);
    where('created_at >= ?', filter.createdFrom === undefined ? undefined : epochOf(filter.createdFrom));
    where('created_at < ?', filter.createdTo === undefined ? undefined : epochOf(filter.createdTo));
    const filterSql = conditions.length === 0 ? '1' : conditions.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents WHERE ${filterSql}`).get(...params) as { n: number }).n;
    let after = '';
    const afterParams: number[] = [];
    if (request.after !== null) {
      after = ' AND (created_at, rowid) < (?, ?)';
      afterParams.push(...decodeCursor(request.after));
    }
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM incidents WHERE ${filterSql}${after} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(...params, ...afterParams, request.limit) as IncidentRow[];
    const notes = new Map<number, IncidentNote[]>();
    for (const note of this.statements.notesOfPage.all(JSON.stringify(rows.map((r) => r.rowid)))) {
      const list = notes.get(note.incident_rowid) ?? [];
      list.push(toNote(note));
      notes.set(note.incident_rowid, list);
    }
    const last = rows[rows.length - 1];
    return {
      total,
      incidents: rows.map((row) => toIncident(row, notes.get(row.rowid) ?? [])),
      nextCursor: last !== undefined && rows.length === request.limit ? encodeCursor(last) : null,
    };
  }

  async get(id: string): Promise<Incident | null> {
    const row = this.statements.get.get(id);
    return row ? toIncident(row, this.statements.notes.all(row.rowid).map(toNote)) : null;
  }

  async update(id: string, update: IncidentUpdate): Promise<Incident | null> {
    const s = this.statements;
    const now = Date.now();
    const applied = this.db.transaction(() => {
      const changed = s.update.run({ id, status: update.status ?? null, actor: update.actor, now, expectedVersion: update.expectedVersion }).changes;
      const row = s.get.get(id);
      if (!row) return null;
      if (changed === 0) throw new IncidentVersionConflictError(id, row.version);
      if (update.note !== undefined) s.addNote.run({ rowid: row.rowid, now, actor: update.actor, text: update.note });
      return row;
    })();
    return applied ? toIncident(applied, s.notes.all(applied.rowid).map(toNote)) : null;
  }
}

function toNote(row: { at: number; author: string; text: string }): IncidentNote {
  return { at: new Date(row.at).toISOString(), author: row.author, text: row.text };
}

function toIncident(row: IncidentRow, notes: IncidentNote[]): Incident {
  return {
    id: row.id,
    messageId: row.message_id,
    ruleId: row.rule_id,
    pack: row.pack,
    severity: row.severity,
    description: row.description,
    evidence: JSON.parse(row.evidence) as HitEvidence[],
    status: row.status,
    reviewer: row.reviewer,
    notes,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
