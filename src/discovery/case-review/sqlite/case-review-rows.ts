import type { CaseEvent, CaseNote, SavedSearch } from '../case-review.js';

/** A `case_searches` row. */
export interface SearchRow {
  id: string;
  case_id: string;
  query: string;
  hit_count: number;
  ran_by: string;
  ran_at: number;
}

/** A `case_notes` row. */
export interface NoteRow {
  id: string;
  case_id: string;
  author: string;
  text: string;
  at: number;
}

/** A `case_events` row. */
export interface EventRow {
  seq: number;
  case_id: string;
  at: number;
  actor: string;
  action: string;
  detail: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function searchFromRow(row: SearchRow): SavedSearch {
  return { id: row.id, caseId: row.case_id, query: row.query, hitCount: row.hit_count, ranBy: row.ran_by, ranAt: iso(row.ran_at) };
}

export function noteFromRow(row: NoteRow): CaseNote {
  return { id: row.id, caseId: row.case_id, author: row.author, text: row.text, at: iso(row.at) };
}

export function eventFromRow(row: EventRow): CaseEvent {
  return { seq: row.seq, caseId: row.case_id, at: iso(row.at), actor: row.actor, action: row.action, detail: JSON.parse(row.detail) as Record<string, unknown> };
}
