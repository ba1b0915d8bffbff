import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { CaseCounts, CaseEvent, CaseNote, ReviewTagging, SavedSearch } from '../../discovery/case-review/case-review.js';
import { caseReviewArchive, type CaseReviewArchive } from '../../discovery/case-review/test-support/case-review-archive.js';
import type { Role } from '../../auth/token-store.js';
import type { LegalCase } from '../../holds/legal-holds.js';
import { auditRows as allAuditRows } from '../test-support/harness.js';
import { startRouterApi, type RouterRequest } from '../test-support/router-api.js';
import { createCaseReviewRouter } from './case-review.js';
import { createCasesRouter } from './cases.js';

interface ReviewApi {
  archive: CaseReviewArchive;
  legalCase: LegalCase;
  /** Carol's two messages (in the case) and one of someone else (outside it). */
  ids: { merger: string; lunch: string; outside: string };
  request: RouterRequest;
}

/** The case-review and cases routers on a real archive with one case, with the app's role guard and error middleware. */
async function startReviewApi(t: TestContext): Promise<ReviewApi> {
  const archive = caseReviewArchive(t);
  const carol = [{ field: 'from' as const, address: 'carol@corp.example', name: '' }];
  const ids = {
    merger: await archive.record({ name: 'merger', subject: 'merger plan', addresses: carol }),
    lunch: await archive.record({ name: 'lunch', subject: 'lunch', addresses: carol }),
    outside: await archive.record({ name: 'outside', subject: 'merger rumour' }),
  };
  const { request } = await startRouterApi(t, archive.db, ({ audit, requireRole }) => [
    createCasesRouter({ holds: archive.holds, caseReview: archive.review, audit, requireRole }),
    createCaseReviewRouter({ caseReview: archive.review, holds: archive.holds, audit, requireRole }),
  ]);
  const created = await request('/cases', 'officer', { name: 'Acme v. Corp', custodians: ['carol@corp.example'] });
  return { archive, legalCase: (await created.json()) as LegalCase, ids, request };
}

/** This router's audit rows (the case's creation and the role guard's `auth.*` entries left out). */
function auditRows(db: CaseReviewArchive['db']): ReturnType<typeof allAuditRows> {
  return allAuditRows(db).filter((row) => !row.action.startsWith('auth.') && row.action !== 'case.create');
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

test('an officer saves a search with its hit count, and officers and auditors list the saved searches, each audited', async (t) => {
  const api = await startReviewApi(t);
  const caseId = api.legalCase.id;
  const saved = await api.request(`/cases/${caseId}/searches`, 'officer', { query: 'merger' });
  assert.equal(saved.status, 201);
  const search = (await saved.json()) as SavedSearch;
  assert.deepEqual([search.query, search.hitCount, search.ranBy], ['merger', 1, 'olga-officer']);
  const listed = (await (await api.request(`/cases/${caseId}/searches`, 'auditor')).json()) as { items: SavedSearch[] };
  assert.deepEqual(listed.items, [search]);
  assert.deepEqual(auditRows(api.archive.db), [
    { actor: 'olga-officer', action: 'case.search.save', detail: { caseId, query: 'merger' } },
    { actor: 'aldo-auditor', action: 'case.searches', detail: { caseId, returnedIds: [search.id] } },
  ]);
});

test('an officer searches within a case and the search is audited with the ids returned; an auditor cannot search', async (t) => {
  const api = await startReviewApi(t);
  const caseId = api.legalCase.id;
  const res = await api.request(`/cases/${caseId}/messages?q=merger&limit=10`, 'officer');
  assert.equal(res.status, 200);
  const result = (await res.json()) as { total: number; hits: Array<{ id: string }>; nextCursor: string | null };
  assert.deepEqual([result.total, result.hits.map((h) => h.id), result.nextCursor], [1, [api.ids.merger], null]);
  assert.equal((await api.request(`/cases/${caseId}/messages`, 'auditor')).status, 403);
  assert.equal((await api.request(`/cases/${caseId}/messages`, 'admin')).status, 403);
  assert.equal((await api.request(`/cases/${caseId}/messages?q=subject:(merger`, 'officer')).status, 400);
  assert.equal((await api.request(`/cases/${caseId}/messages?sort=subject`, 'officer')).status, 400);
  assert.deepEqual(auditRows(api.archive.db), [{
    actor: 'olga-officer', action: 'search',
    detail: { caseId, query: 'merger', sort: 'received', order: 'desc', limit: 10, after: null, total: 1, returnedIds: [api.ids.merger] },
  }]);
});

test('officers tag messages of the case, refused outside it, and officers and auditors read the tags and counts', async (t) => {
  const api = await startReviewApi(t);
  const caseId = api.legalCase.id;
  const tag = (messageIds: string[], tagName: string, action: 'add' | 'remove', as: Role = 'officer') =>
    api.request(`/cases/${caseId}/review-tags`, as, { messageIds, tag: tagName, action });

  const added = await tag([api.ids.merger, api.ids.lunch], 'responsive', 'add');
  assert.equal(added.status, 200);
  assert.deepEqual(((await added.json()) as { items: ReviewTagging[] }).items, [
    { messageId: api.ids.merger, tags: ['responsive'] }, { messageId: api.ids.lunch, tags: ['responsive'] },
  ]);
  const removed = await tag([api.ids.lunch], 'responsive', 'remove');
  assert.deepEqual(((await removed.json()) as { items: ReviewTagging[] }).items, []);

  const outside = await tag([api.ids.merger, api.ids.outside], 'privileged', 'add');
  assert.equal(outside.status, 400);
  const body = (await outside.json()) as { error: { code: string; details: { outsideCase: string[] } } };
  assert.deepEqual([body.error.code, body.error.details.outsideCase], ['invalid_request', [api.ids.outside]]);
  assert.equal((await tag([api.ids.merger], 'Hot Doc', 'add')).status, 400, 'not a tag name');
  assert.equal((await tag([], 'responsive', 'add')).status, 400, 'no messages');
  assert.equal((await tag(['not-an-id'], 'responsive', 'add')).status, 400);
  assert.equal((await tag([api.ids.merger], 'responsive', 'add', 'auditor')).status, 403);

  const read = await api.request(`/cases/${caseId}/review-tags?messageIds=${api.ids.merger},${api.ids.lunch}`, 'auditor');
  assert.deepEqual(((await read.json()) as { items: ReviewTagging[] }).items, [{ messageId: api.ids.merger, tags: ['responsive'] }]);
  assert.equal((await api.request(`/cases/${caseId}/counts?q=merger`, 'auditor')).status, 403, 'counting a query is searching: officers only');
  const whole = (await (await api.request(`/cases/${caseId}/counts`, 'auditor')).json()) as CaseCounts;
  assert.ok(whole.total >= 1);
  const counts = (await (await api.request(`/cases/${caseId}/counts?q=merger`, 'officer')).json()) as CaseCounts;
  assert.deepEqual([counts.total, counts.byCustodian, counts.byReviewTag], [1, [{ key: 'carol@corp.example', count: 1 }], [{ key: 'responsive', count: 1 }]]);
  assert.equal((await api.request(`/cases/${caseId}/counts?q=(`, 'officer')).status, 400);

  assert.deepEqual(auditRows(api.archive.db).map((r) => [r.action, r.detail.tag ?? r.detail.query ?? null]), [
    ['case.tag.add', 'responsive'],
    ['case.tag.remove', 'responsive'],
    ['case.tag.add', 'privileged'],
    ['case.tags.read', null],
    ['case.counts', null],
    ['search', 'merger'],
  ]);
});

test('officers add notes, and the notes and the timeline of everything done are read page by page', async (t) => {
  const api = await startReviewApi(t);
  const caseId = api.legalCase.id;
  assert.equal((await api.request(`/cases/${caseId}/notes`, 'officer', { text: '  ' })).status, 400);
  assert.equal((await api.request(`/cases/${caseId}/notes`, 'auditor', { text: 'mine' })).status, 403);
  const created = await api.request(`/cases/${caseId}/notes`, 'officer', { text: 'Interviews scheduled.' });
  assert.equal(created.status, 201);
  const note = (await created.json()) as CaseNote;
  const notes = (await (await api.request(`/cases/${caseId}/notes`, 'auditor')).json()) as { items: CaseNote[] };
  assert.deepEqual(notes.items, [note]);

  const first = (await (await api.request(`/cases/${caseId}/timeline?limit=1`, 'auditor')).json()) as { items: CaseEvent[] };
  assert.deepEqual(first.items.map((e) => e.action), ['case.create']);
  const rest = (await (await api.request(`/cases/${caseId}/timeline?afterSeq=${first.items[0]?.seq}`, 'auditor')).json()) as { items: CaseEvent[] };
  assert.deepEqual(rest.items.map((e) => [e.action, e.detail]), [['note.add', { noteId: note.id }]]);
  assert.deepEqual(auditRows(api.archive.db).map((r) => r.action), ['case.note.add', 'case.notes', 'case.timeline', 'case.timeline']);
  assert.deepEqual(auditRows(api.archive.db)[0]?.detail, { caseId, text: 'Interviews scheduled.' });
});

test('an unknown case is a 404 on every route and nothing is audited', async (t) => {
  const api = await startReviewApi(t);
  const unknown = '00000000-0000-4000-8000-000000000000';
  const base = `/cases/${unknown}`;
  const calls: Array<[string, Role, unknown?]> = [
    [`${base}/searches`, 'officer', { query: 'x' }],
    [`${base}/searches`, 'auditor'],
    [`${base}/messages`, 'officer'],
    [`${base}/counts`, 'auditor'],
    [`${base}/review-tags`, 'officer', { messageIds: [api.ids.merger], tag: 'responsive', action: 'add' }],
    [`${base}/review-tags?messageIds=${api.ids.merger}`, 'auditor'],
    [`${base}/notes`, 'officer', { text: 'x' }],
    [`${base}/notes`, 'auditor'],
    [`${base}/timeline`, 'auditor'],
  ];
  for (const [path, as, body] of calls) {
    const res = await api.request(path, as, body);
    assert.equal(res.status, 404, path);
    assert.equal(await errorCode(res), 'not_found');
  }
  assert.equal((await api.request('/cases/not-a-uuid/timeline', 'auditor')).status, 400);
  assert.deepEqual(auditRows(api.archive.db), []);
});
