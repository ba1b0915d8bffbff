import { randomUUID } from 'node:crypto';
import type { ArchiveIndex, SearchRequest, SearchResult } from '../../../archive/archive-index.js';
import type { GroupCommit } from '../../../db/group-commit.js';
import type { Db } from '../../../db/open-database.js';
import { CaseNotFoundError } from '../../../holds/holds-errors.js';
import type { LegalCase } from '../../../holds/legal-holds.js';
import { caseFromRow, type CaseRow } from '../../../holds/sqlite/holds-rows.js';
import type { QueryNode } from '../../../query/ast.js';
import { parseQuery } from '../../../query/parse-query.js';
import type { CaseCounts, CaseEvent, CaseNote, CaseReview, ReviewTagging, SavedSearch } from '../case-review.js';
import { InvalidReviewError } from '../case-review-errors.js';
import { allOf, caseScope, caseSearchQuery } from '../case-scope.js';
import { checkReviewTag } from '../review-tag-name.js';
import { eventFromRow, noteFromRow, searchFromRow, type EventRow, type NoteRow, type SearchRow } from './case-review-rows.js';
import { caseScopeSql } from './case-scope-sql.js';

/** The key under which `counts` reports the case's messages that carry no review tag. */
export const UNTAGGED = '(untagged)';

/** What the embedded case-review adapter works on. */
export interface SqliteCaseReviewDeps {
  db: Db;
  writer: GroupCommit;
  /** The archive index on the same database: case searches and counts run through it. */
  index: ArchiveIndex;
}

/**
 * Review work inside legal cases on the embedded database. Searches and counts run through the
 * archive index with the case's scope ANDed in (`caseScope`); review tags are kept per (case,
 * message, tag), and counting them by tag is one statement driven by the case's tag rows, each
 * tagged message tested against the scope and query. Every change appends to the case timeline in
 * the same transaction.
 */
export class SqliteCaseReview implements CaseReview {
  private readonly db: Db;
  private readonly writer: GroupCommit;
  private readonly index: ArchiveIndex;
  private readonly statements;
  /** Cases never change, so neither does their scope. */
  private readonly scopes = new Map<string, QueryNode>();

  constructor(deps: SqliteCaseReviewDeps) {
    const { db } = deps;
    this.db = db;
    this.writer = deps.writer;
    this.index = deps.index;
    this.statements = {
      getCase: db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE id = ?'),
      insertSearch: db.prepare<[string, string, string, number, string, number]>(
        'INSERT INTO case_searches (id, case_id, query, hit_count, ran_by, ran_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      searches: db.prepare<[string], SearchRow>('SELECT * FROM case_searches WHERE case_id = ? ORDER BY ran_at, rowid'),
      insertTag: db.prepare<[string, string, string, string, number]>(
        `INSERT INTO case_review_tags (case_id, message_id, tag, tagged_by, tagged_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      deleteTag: db.prepare<[string, string, string]>('DELETE FROM case_review_tags WHERE case_id = ? AND message_id = ? AND tag = ?'),
      tagsOf: db.prepare<[string, string], { message_id: string; tag: string }>(
        `SELECT message_id, tag FROM case_review_tags
         WHERE case_id = ? AND message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, tag`,
      ),
      // Messages deleted since they were tagged (retention, erasure) are no longer in the case.
      taggedPage: db.prepare<[string, string, string, number], { message_id: string }>(
        `SELECT t.message_id FROM case_review_tags t
         WHERE t.case_id = ? AND t.tag = ? AND t.message_id > ? AND EXISTS (SELECT 1 FROM messages m WHERE m.id = t.message_id)
         ORDER BY t.message_id LIMIT ?`,
      ),
      insertNote: db.prepare<[string, string, string, string, number]>('INSERT INTO case_notes (id, case_id, author, text, at) VALUES (?, ?, ?, ?, ?)'),
      notes: db.prepare<[string], NoteRow>('SELECT * FROM case_notes WHERE case_id = ? ORDER BY at, rowid'),
      insertEvent: db.prepare<[string, number, string, string, string]>(
        'INSERT INTO case_events (case_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)',
      ),
      events: db.prepare<[string, number, number], EventRow>('SELECT * FROM case_events WHERE case_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    };
  }

  async saveSearch(input: { caseId: string; query: string; actor: string }): Promise<SavedSearch> {
    const scope = this.scopeOf(input.caseId);
    const { total } = await this.index.search({ query: caseSearchQuery(scope, parseQuery(input.query)), sort: 'received', order: 'desc', limit: 1, after: null });
    const ranAt = Date.now();
    const id = randomUUID();
    await this.writer.run(() => {
      this.statements.insertSearch.run(id, input.caseId, input.query, total, input.actor, ranAt);
      this.appendEvent(input.caseId, ranAt, input.actor, 'search.save', { searchId: id, query: input.query, hitCount: total });
    });
    return { id, caseId: input.caseId, query: input.query, hitCount: total, ranBy: input.actor, ranAt: new Date(ranAt).toISOString() };
  }

  async listSearches(caseId: string): Promise<SavedSearch[]> {
    this.requireCase(caseId);
    return this.statements.searches.all(caseId).map(searchFromRow);
  }

  async search(caseId: string, query: string | null, page: Omit<SearchRequest, 'query'>): Promise<SearchResult> {
    const scope = this.scopeOf(caseId);
    return this.index.search({ ...page, query: caseSearchQuery(scope, query === null ? null : parseQuery(query)) });
  }

  async counts(caseId: string, query: string | null): Promise<CaseCounts> {
    const legalCase = this.requireCase(caseId);
    const parsed = query === null ? null : parseQuery(query);
    const whole = caseSearchQuery(this.scopeOf(caseId), parsed);
    const total = await this.total(whole);
    const byCustodian: CaseCounts['byCustodian'] = [];
    for (const custodian of legalCase.custodians) {
      byCustodian.push({ key: custodian, count: await this.total(allOf([whole, { type: 'address', role: 'participants', value: custodian, prefix: false }])) });
    }
    return { total, byCustodian, byMonth: await this.index.aggregate(whole, 'sent-month'), byReviewTag: this.reviewTagCounts(legalCase, parsed, total) };
  }

  async addTag(input: { caseId: string; messageIds: string[]; tag: string; actor: string }): Promise<void> {
    checkReviewTag(input.tag);
    const legalCase = this.requireCase(input.caseId);
    const ids = [...new Set(input.messageIds)];
    const scope = caseScopeSql(legalCase, null);
    const inScope = this.db.prepare<unknown[], { id: string }>(
      `SELECT m.id FROM messages m${scope.join} WHERE m.id IN (SELECT value FROM json_each(?)) AND ${scope.where}`,
    );
    await this.writer.run(() => {
      // Checked inside the write, so what is tagged is what was checked.
      const found = new Set(inScope.all(JSON.stringify(ids), ...scope.params).map((row) => row.id));
      const outside = ids.filter((id) => !found.has(id));
      if (outside.length > 0) {
        throw new InvalidReviewError(`${outside.length} of the messages are not in case ${input.caseId}`, outside);
      }
      const at = Date.now();
      let added = 0;
      for (const id of ids) added += this.statements.insertTag.run(input.caseId, id, input.tag, input.actor, at).changes;
      this.appendEvent(input.caseId, at, input.actor, 'tag.add', { tag: input.tag, messageIds: ids, added });
    });
  }

  async removeTag(input: { caseId: string; messageIds: string[]; tag: string; actor: string }): Promise<void> {
    checkReviewTag(input.tag);
    this.requireCase(input.caseId);
    const ids = [...new Set(input.messageIds)];
    await this.writer.run(() => {
      let removed = 0;
      for (const id of ids) removed += this.statements.deleteTag.run(input.caseId, id, input.tag).changes;
      this.appendEvent(input.caseId, Date.now(), input.actor, 'tag.remove', { tag: input.tag, messageIds: ids, removed });
    });
  }

  async tagsOf(caseId: string, messageIds: string[]): Promise<ReviewTagging[]> {
    this.requireCase(caseId);
    const tags = new Map<string, string[]>();
    for (const row of this.statements.tagsOf.all(caseId, JSON.stringify(messageIds))) {
      const list = tags.get(row.message_id);
      if (list === undefined) tags.set(row.message_id, [row.tag]);
      else list.push(row.tag);
    }
    return [...new Set(messageIds)].flatMap((messageId) => {
      const list = tags.get(messageId);
      return list === undefined ? [] : [{ messageId, tags: list }];
    });
  }

  async taggedMessages(caseId: string, tag: string, page: { limit: number; after: string | null }): Promise<{ ids: string[]; nextCursor: string | null }> {
    this.requireCase(caseId);
    const ids = this.statements.taggedPage.all(caseId, tag, page.after ?? '', page.limit + 1).map((row) => row.message_id);
    const more = ids.length > page.limit;
    if (more) ids.pop();
    return { ids, nextCursor: more ? (ids[ids.length - 1] ?? null) : null };
  }

  async addNote(input: { caseId: string; text: string; actor: string }): Promise<CaseNote> {
    this.requireCase(input.caseId);
    const id = randomUUID();
    const at = Date.now();
    await this.writer.run(() => {
      this.statements.insertNote.run(id, input.caseId, input.actor, input.text, at);
      this.appendEvent(input.caseId, at, input.actor, 'note.add', { noteId: id });
    });
    return { id, caseId: input.caseId, author: input.actor, text: input.text, at: new Date(at).toISOString() };
  }

  async listNotes(caseId: string): Promise<CaseNote[]> {
    this.requireCase(caseId);
    return this.statements.notes.all(caseId).map(noteFromRow);
  }

  /** @throws CaseNotFoundError */
  async recordEvent(input: { caseId: string; actor: string; action: string; detail: Record<string, unknown> }): Promise<void> {
    await this.writer.run(() => {
      this.requireCase(input.caseId);
      this.appendEvent(input.caseId, Date.now(), input.actor, input.action, input.detail);
    });
  }

  async timeline(caseId: string, page: { limit: number; afterSeq: number }): Promise<CaseEvent[]> {
    this.requireCase(caseId);
    return this.statements.events.all(caseId, page.afterSeq, page.limit).map(eventFromRow);
  }

  /** Inside a writer transaction. */
  private appendEvent(caseId: string, at: number, actor: string, action: string, detail: Record<string, unknown>): void {
    this.statements.insertEvent.run(caseId, at, actor, action, JSON.stringify(detail));
  }

  /** How many messages match: the index counts them for a search's first page anyway. */
  private async total(query: QueryNode): Promise<number> {
    return (await this.index.search({ query, sort: 'received', order: 'desc', limit: 1, after: null })).total;
  }

  /**
   * Review-tag counts of the case's messages that match `query`, in one statement: the case's tag
   * rows drive it (CROSS JOIN keeps them the outer loop, so the cost follows the number of tagged
   * messages, never the archive's size), each tagged message found by its archive id and tested
   * against the scope and query. The distinct tagged messages give the untagged count.
   */
  private reviewTagCounts(legalCase: LegalCase, query: QueryNode | null, total: number): CaseCounts['byReviewTag'] {
    const scope = caseScopeSql(legalCase, query);
    const rows = this.db
      .prepare<unknown[], { key: string | null; count: number }>(
        `WITH hits AS MATERIALIZED (
           SELECT t.message_id, t.tag FROM case_review_tags t CROSS JOIN messages m${scope.join}
           WHERE t.case_id = ? AND m.id = t.message_id AND ${scope.where}
         )
         SELECT tag AS key, count(*) AS count FROM hits GROUP BY tag
         UNION ALL SELECT NULL, count(DISTINCT message_id) FROM hits`,
      )
      .all(legalCase.id, ...scope.params);
    const tagged = rows.find((row) => row.key === null)?.count ?? 0;
    const counts = rows.flatMap((row) => (row.key === null ? [] : [{ key: row.key, count: row.count }]));
    if (total > tagged) counts.push({ key: UNTAGGED, count: total - tagged });
    return counts.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  }

  private requireCase(caseId: string): LegalCase {
    const row = this.statements.getCase.get(caseId);
    if (row === undefined) throw new CaseNotFoundError(caseId);
    return caseFromRow(row);
  }

  private scopeOf(caseId: string): QueryNode {
    let scope = this.scopes.get(caseId);
    if (scope === undefined) {
      scope = caseScope(this.requireCase(caseId));
      this.scopes.set(caseId, scope);
    }
    return scope;
  }
}
