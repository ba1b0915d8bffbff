import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidSearchError } from '../../../archive/archive-index.js';
import { CaseNotFoundError } from '../../../holds/holds-errors.js';
import type { LegalCase, NewCase } from '../../../holds/legal-holds.js';
import { QuerySyntaxError } from '../../../query/query-syntax-error.js';
import { InvalidReviewError } from '../case-review-errors.js';
import { caseReviewArchive, type CaseReviewArchive } from '../test-support/case-review-archive.js';

const CAROL = 'carol@corp.example';
const DAVE = 'dave@corp.example';
const UNKNOWN_CASE = '00000000-0000-4000-8000-00000000dead';

/** Six messages of the case (Carol's and Dave's, Jan–Mar 2024) and two outside it. */
async function archiveWithCase(archive: CaseReviewArchive, criteria: Partial<NewCase> = {}): Promise<{ legalCase: LegalCase; ids: Record<string, string> }> {
  const ids: Record<string, string> = {};
  const add = async (name: string, address: string, sentAt: string, subject: string) => {
    ids[name] = await archive.record({ name, subject, sentAt, addresses: [{ field: 'from', address, name: '' }, { field: 'to', address: 'x@outside.example', name: '' }] });
  };
  await add('c1', CAROL, '2024-01-05T10:00:00Z', 'merger plan');
  await add('c2', CAROL, '2024-01-20T10:00:00Z', 'lunch');
  await add('c3', CAROL, '2024-03-01T10:00:00Z', 'merger price');
  await add('d1', DAVE, '2024-02-10T10:00:00Z', 'merger board');
  await add('d2', DAVE, '2024-02-11T10:00:00Z', 'holiday');
  ids.both = await archive.record({
    name: 'both', subject: 'merger both', sentAt: '2024-03-02T10:00:00Z',
    addresses: [{ field: 'from', address: CAROL, name: '' }, { field: 'cc', address: DAVE, name: '' }],
  });
  await add('o1', 'eve@elsewhere.example', '2024-01-05T10:00:00Z', 'merger rumours');
  await add('o2', CAROL, '2023-06-01T10:00:00Z', 'merger, before the period');
  const legalCase = await archive.holds.createCase({
    id: '00000000-0000-4000-8000-000000000001', name: 'Acme v. Corp', description: '', createdBy: 'olga',
    scope: 'criteria', custodians: [CAROL, DAVE], query: null, sentFrom: '2024-01-01T00:00:00Z', sentBefore: null, ...criteria,
  });
  return { legalCase, ids };
}

test('a saved search keeps the hit count it had when it ran, and a later run is a new entry', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase } = await archiveWithCase(archive);
  const first = await archive.review.saveSearch({ caseId: legalCase.id, query: 'merger', actor: 'olga' });
  assert.equal(first.hitCount, 4, 'merger within the case: c1, c3, d1, both');
  assert.equal(first.ranBy, 'olga');
  await archive.record({ name: 'c4', subject: 'merger again', sentAt: '2024-04-01T00:00:00Z', addresses: [{ field: 'to', address: CAROL, name: '' }] });
  const second = await archive.review.saveSearch({ caseId: legalCase.id, query: 'merger', actor: 'olga' });
  assert.equal(second.hitCount, 5);
  assert.deepEqual((await archive.review.listSearches(legalCase.id)).map((s) => [s.id, s.query, s.hitCount]), [[first.id, 'merger', 4], [second.id, 'merger', 5]]);
  const events = await archive.review.timeline(legalCase.id, { limit: 10, afterSeq: 0 });
  assert.deepEqual(events.map((e) => [e.action, e.actor, e.detail]), [
    ['search.save', 'olga', { searchId: first.id, query: 'merger', hitCount: 4 }],
    ['search.save', 'olga', { searchId: second.id, query: 'merger', hitCount: 5 }],
  ]);
});

test('a search within a case finds only the case\'s messages matching the query, page by page', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive);
  const page = { sort: 'sent' as const, order: 'asc' as const, limit: 2, after: null };
  const first = await archive.review.search(legalCase.id, 'merger', page);
  assert.equal(first.total, 4);
  const second = await archive.review.search(legalCase.id, 'merger', { ...page, after: first.nextCursor });
  assert.deepEqual([...first.hits, ...second.hits].map((h) => h.id), [ids.c1, ids.d1, ids.c3, ids.both]);
  assert.equal((await archive.review.search(legalCase.id, null, page)).total, 6);
  assert.equal((await archive.review.search(legalCase.id, 'from:dave@corp.example', page)).total, 2);
  await assert.rejects(archive.review.search(legalCase.id, 'subject:(merger', page), QuerySyntaxError);
  await assert.rejects(archive.review.search(legalCase.id, null, { ...page, after: 'not-a-cursor' }), InvalidSearchError);
});

test('counts give the total, each custodian, each month and each review tag of the messages matching the query', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive);
  const caseId = legalCase.id;
  await archive.review.addTag({ caseId, messageIds: [ids.c1 ?? '', ids.c2 ?? '', ids.both ?? ''], tag: 'responsive', actor: 'olga' });
  await archive.review.addTag({ caseId, messageIds: [ids.c1 ?? '', ids.d2 ?? ''], tag: 'privileged', actor: 'olga' });
  assert.deepEqual(await archive.review.counts(caseId, null), {
    total: 6,
    byCustodian: [{ key: CAROL, count: 4 }, { key: DAVE, count: 3 }],
    byMonth: [{ key: '2024-01', count: 2 }, { key: '2024-02', count: 2 }, { key: '2024-03', count: 2 }],
    byReviewTag: [{ key: 'responsive', count: 3 }, { key: '(untagged)', count: 2 }, { key: 'privileged', count: 2 }],
  });
  assert.deepEqual(await archive.review.counts(caseId, 'merger'), {
    total: 4,
    byCustodian: [{ key: CAROL, count: 3 }, { key: DAVE, count: 2 }],
    byMonth: [{ key: '2024-01', count: 1 }, { key: '2024-02', count: 1 }, { key: '2024-03', count: 2 }],
    byReviewTag: [{ key: '(untagged)', count: 2 }, { key: 'responsive', count: 2 }, { key: 'privileged', count: 1 }],
  });
  assert.deepEqual(await archive.review.counts(caseId, 'nothing-matches-this'), { total: 0, byCustodian: [{ key: CAROL, count: 0 }, { key: DAVE, count: 0 }], byMonth: [], byReviewTag: [] });
  await assert.rejects(archive.review.counts(caseId, 'subject:(merger'), QuerySyntaxError);
});

test('a message deleted from the archive leaves the case\'s counts and tagged lists', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive);
  const tagged = [ids.c1 ?? '', ids.c2 ?? ''];
  await archive.review.addTag({ caseId: legalCase.id, messageIds: tagged, tag: 'responsive', actor: 'olga' });
  await archive.writer.run(() => archive.index.deleteNow(ids.c1 ?? ''));
  const counts = await archive.review.counts(legalCase.id, null);
  assert.equal(counts.total, 5);
  assert.deepEqual(counts.byReviewTag, [{ key: '(untagged)', count: 4 }, { key: 'responsive', count: 1 }]);
  assert.deepEqual((await archive.review.taggedMessages(legalCase.id, 'responsive', { limit: 10, after: null })).ids, [ids.c2]);
});

test('tagging refuses messages outside the case and tags none of the batch', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive);
  const notArchived = 'f'.repeat(64);
  const error = await archive.review
    .addTag({ caseId: legalCase.id, messageIds: [ids.c1 ?? '', ids.o1 ?? '', ids.o2 ?? '', notArchived], tag: 'responsive', actor: 'olga' })
    .then(() => null, (e: unknown) => e);
  assert.ok(error instanceof InvalidReviewError);
  assert.deepEqual(error.outsideCase, [ids.o1, ids.o2, notArchived]);
  assert.deepEqual(await archive.review.tagsOf(legalCase.id, [ids.c1 ?? '']), []);
  assert.deepEqual(await archive.review.timeline(legalCase.id, { limit: 10, afterSeq: 0 }), [], 'nothing happened, nothing recorded');
});

test('a case with a query admits tags only on messages matching it', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive, { query: 'merger' });
  await archive.review.addTag({ caseId: legalCase.id, messageIds: [ids.c1 ?? ''], tag: 'responsive', actor: 'olga' });
  await assert.rejects(archive.review.addTag({ caseId: legalCase.id, messageIds: [ids.c2 ?? ''], tag: 'responsive', actor: 'olga' }), InvalidReviewError);
});

test('tags are added idempotently, removed, read per message and listed per tag in archive-id order', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive);
  const caseId = legalCase.id;
  const all = ['c1', 'c2', 'c3', 'd1', 'd2'].map((n) => ids[n] ?? '');
  await archive.review.addTag({ caseId, messageIds: all, tag: 'responsive', actor: 'olga' });
  await archive.review.addTag({ caseId, messageIds: [ids.c1 ?? '', ids.c1 ?? ''], tag: 'responsive', actor: 'olga' });
  await archive.review.addTag({ caseId, messageIds: [ids.c1 ?? ''], tag: 'hot-doc-2', actor: 'olga' });
  await archive.review.removeTag({ caseId, messageIds: [ids.c2 ?? '', ids.o1 ?? ''], tag: 'responsive', actor: 'olga' });
  assert.deepEqual(await archive.review.tagsOf(caseId, [ids.c1 ?? '', ids.c2 ?? '', ids.c3 ?? '']), [
    { messageId: ids.c1, tags: ['hot-doc-2', 'responsive'] },
    { messageId: ids.c3, tags: ['responsive'] },
  ]);
  const expected = ['c1', 'c3', 'd1', 'd2'].map((n) => ids[n] ?? '').sort();
  const first = await archive.review.taggedMessages(caseId, 'responsive', { limit: 3, after: null });
  const second = await archive.review.taggedMessages(caseId, 'responsive', { limit: 3, after: first.nextCursor });
  assert.deepEqual([...first.ids, ...second.ids], expected);
  assert.equal(second.nextCursor, null);
  const events = await archive.review.timeline(caseId, { limit: 10, afterSeq: 0 });
  assert.deepEqual(events.map((e) => [e.action, e.detail.tag, (e.detail as { added?: number; removed?: number }).added ?? e.detail.removed]), [
    ['tag.add', 'responsive', 5], ['tag.add', 'responsive', 0], ['tag.add', 'hot-doc-2', 1], ['tag.remove', 'responsive', 1],
  ]);
  assert.deepEqual(events[1]?.detail.messageIds, [ids.c1], 'a repeated id is one message');
});

test('review tags are the default set or lower-case words joined by dashes, up to 40 characters', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase, ids } = await archiveWithCase(archive);
  const tag = (name: string) => archive.review.addTag({ caseId: legalCase.id, messageIds: [ids.c1 ?? ''], tag: name, actor: 'olga' });
  for (const name of ['responsive', 'not-responsive', 'privileged', 'needs-review', 'hot', 'batch-7', 'a'.repeat(40)]) await tag(name);
  for (const name of ['Responsive', 'hot doc', '-hot', 'hot-', 'hot--doc', 'a'.repeat(41), '', 'привет']) {
    await assert.rejects(tag(name), InvalidReviewError, name);
  }
});

test('notes, saved searches and the timeline are kept in the order written and cannot be changed or removed', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase } = await archiveWithCase(archive);
  await archive.review.saveSearch({ caseId: legalCase.id, query: 'merger', actor: 'olga' });
  const first = await archive.review.addNote({ caseId: legalCase.id, text: 'Custodian interviews scheduled.', actor: 'olga' });
  const second = await archive.review.addNote({ caseId: legalCase.id, text: 'Counsel asked for January first.', actor: 'otto' });
  assert.deepEqual((await archive.review.listNotes(legalCase.id)).map((n) => [n.id, n.author, n.text]), [
    [first.id, 'olga', 'Custodian interviews scheduled.'],
    [second.id, 'otto', 'Counsel asked for January first.'],
  ]);
  assert.throws(() => archive.db.prepare(`UPDATE case_notes SET text = 'changed'`).run(), /append-only/);
  assert.throws(() => archive.db.prepare('DELETE FROM case_notes').run(), /append-only/);
  assert.throws(() => archive.db.prepare(`UPDATE case_events SET actor = 'someone else'`).run(), /append-only/);
  assert.throws(() => archive.db.prepare('DELETE FROM case_events').run(), /append-only/);
  assert.throws(() => archive.db.prepare('UPDATE case_searches SET hit_count = 0').run(), /append-only/);
  assert.throws(() => archive.db.prepare('DELETE FROM case_searches').run(), /append-only/);
});

test('the timeline lists every recorded step oldest first, a page at a time', async (t) => {
  const archive = caseReviewArchive(t);
  const { legalCase } = await archiveWithCase(archive);
  await archive.review.recordEvent({ caseId: legalCase.id, actor: 'olga', action: 'case.create', detail: { name: legalCase.name } });
  await archive.review.addNote({ caseId: legalCase.id, text: 'note', actor: 'olga' });
  await archive.review.recordEvent({ caseId: legalCase.id, actor: 'exports', action: 'export.complete', detail: { exportId: 'e1' } });
  const first = await archive.review.timeline(legalCase.id, { limit: 2, afterSeq: 0 });
  assert.deepEqual(first.map((e) => e.action), ['case.create', 'note.add']);
  const rest = await archive.review.timeline(legalCase.id, { limit: 2, afterSeq: first[1]?.seq ?? 0 });
  assert.deepEqual(rest.map((e) => [e.action, e.actor, e.detail]), [['export.complete', 'exports', { exportId: 'e1' }]]);
  assert.ok(first.every((e) => e.caseId === legalCase.id && !Number.isNaN(Date.parse(e.at))));
});

test('every operation on an unknown case is refused as such', async (t) => {
  const archive = caseReviewArchive(t);
  const r = archive.review;
  const calls: Array<() => Promise<unknown>> = [
    () => r.saveSearch({ caseId: UNKNOWN_CASE, query: 'x', actor: 'olga' }),
    () => r.listSearches(UNKNOWN_CASE),
    () => r.search(UNKNOWN_CASE, null, { sort: 'received', order: 'desc', limit: 10, after: null }),
    () => r.counts(UNKNOWN_CASE, null),
    () => r.addTag({ caseId: UNKNOWN_CASE, messageIds: ['a'.repeat(64)], tag: 'responsive', actor: 'olga' }),
    () => r.removeTag({ caseId: UNKNOWN_CASE, messageIds: ['a'.repeat(64)], tag: 'responsive', actor: 'olga' }),
    () => r.tagsOf(UNKNOWN_CASE, []),
    () => r.taggedMessages(UNKNOWN_CASE, 'responsive', { limit: 10, after: null }),
    () => r.addNote({ caseId: UNKNOWN_CASE, text: 'x', actor: 'olga' }),
    () => r.listNotes(UNKNOWN_CASE),
    () => r.recordEvent({ caseId: UNKNOWN_CASE, actor: 'olga', action: 'case.create', detail: {} }),
    () => r.timeline(UNKNOWN_CASE, { limit: 10, afterSeq: 0 }),
  ];
  for (const call of calls) await assert.rejects(call(), CaseNotFoundError);
});
