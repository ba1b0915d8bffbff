import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { SqliteCaseReview } from '../../discovery/case-review/sqlite/sqlite-case-review.js';
import type { ExportFile, ExportFormat } from '../../discovery/export/export-store.js';
import { SqliteExportStore } from '../../discovery/export/sqlite/sqlite-export-store.js';
import { CaseNotFoundError } from '../../holds/holds-errors.js';
import { holdsArchive } from '../../holds/test-support/holds-archive.js';
import { InvalidReportRequestError } from '../report-errors.js';
import { CASE_SPEC, createCaseSource } from './case-source.js';

const CAROL = 'carol@corp.example';
const DAN = 'dan@corp.example';
const MAY = { from: new Date('2024-05-01T00:00:00.000Z'), to: new Date('2024-06-01T00:00:00.000Z') };

/** A real archive with holds, case review and export records on one database; the clock is set by `at`. */
function caseArchive(t: TestContext) {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2024-04-01T09:00:00.000Z') });
  const archive = holdsArchive(t);
  const caseReview = new SqliteCaseReview({ db: archive.db, writer: archive.writer, index: archive.index });
  const exports = new SqliteExportStore(archive.db, archive.writer);
  return {
    archive, caseReview, exports,
    source: createCaseSource({ holds: archive.holds, caseReview, exports }),
    at: (iso: string) => t.mock.timers.setTime(Date.parse(iso)),
    /** An export through its life cycle: requested, started, frozen over `ids`, then ended as `end` says. */
    async export(caseId: string | null, format: ExportFormat, ids: string[], end: { status: 'completed'; files: ExportFile[]; at: string } | { status: 'failed'; at: string }) {
      const id = randomUUID();
      await exports.create({ id, format, selection: { caseId, query: caseId === null ? 'from:carol' : null, reviewTag: null }, requestedBy: 'olga', requestSource: 'cli:olga' });
      await exports.start(id, end.at);
      await exports.appendSelection(id, ids);
      await exports.freeze(id);
      await exports.finish(id, end.status === 'completed'
        ? { status: 'completed', files: end.files, finishedAt: end.at }
        : { status: 'failed', error: 'disk full', finishedAt: end.at });
      return id;
    },
  };
}

const filesOf = (main: string, sha: string): ExportFile[] => [
  { name: 'manifest.csv', size: 10, sha256: 'c'.repeat(64) },
  { name: main, size: 1000, sha256: sha },
  { name: 'manifest.json', size: 20, sha256: 'd'.repeat(64) },
  { name: 'chain-of-custody.json', size: 30, sha256: 'e'.repeat(64) },
];

test('the case report gives the case, its custodians, holds, tags and months as they stand, and its searches, exports and timeline of [from, to)', async (t) => {
  const c = caseArchive(t);
  const { archive, caseReview } = c;
  const fromCarol = await archive.record({ name: 'a', subject: 'Merger terms', addresses: [{ field: 'from', address: CAROL, name: 'Carol' }], sentAt: '2024-01-15T10:00:00.000Z' });
  const toBoth = await archive.record({
    name: 'b', subject: 'Merger call', sentAt: '2024-02-03T10:00:00.000Z',
    addresses: [{ field: 'from', address: 'eve@outside.example', name: '' }, { field: 'to', address: CAROL, name: '' }, { field: 'cc', address: DAN, name: '' }],
  });
  const fromDan = await archive.record({ name: 'c', subject: 'Lunch', addresses: [{ field: 'from', address: DAN, name: '' }], sentAt: '2024-02-29T23:59:59.999Z' });
  await archive.record({ name: 'unrelated', subject: 'Merger', sentAt: '2024-02-10T10:00:00.000Z' });

  c.at('2024-04-02T09:00:00.000Z');
  const caseId = randomUUID();
  await archive.holds.createCase({
    id: caseId, name: 'Acme v. Corp — Ärger', description: 'supplier dispute', scope: 'criteria',
    custodians: [CAROL, DAN], query: null, sentFrom: null, sentBefore: null, createdBy: 'olga',
  });
  const released = await archive.holds.placeHold({ id: randomUUID(), caseId, placedBy: 'olga', reason: 'first notice' });
  c.at('2024-04-03T09:00:00.000Z');
  const held = await archive.holds.placeHold({ id: randomUUID(), caseId, placedBy: 'olga', reason: 'litigation expected' });
  c.at('2024-04-04T09:00:00.000Z');
  await archive.holds.releaseHold({ id: released.id, releasedBy: 'lena', reason: 'superseded' });
  await archive.holds.idle();

  c.at('2024-04-30T23:59:59.999Z');
  await caseReview.saveSearch({ caseId, query: 'subject:lunch', actor: 'olga' }); // just before the period
  c.at('2024-05-01T00:00:00.000Z');
  await caseReview.saveSearch({ caseId, query: 'subject:merger', actor: 'olga' }); // at its start
  c.at('2024-05-10T12:00:00.000Z');
  await caseReview.addTag({ caseId, messageIds: [fromCarol, toBoth], tag: 'responsive', actor: 'olga' });
  await caseReview.addTag({ caseId, messageIds: [toBoth], tag: 'privileged', actor: 'lena' });
  await caseReview.addNote({ caseId, text: 'Counsel thinks the call matters.', actor: 'lena' });
  c.at('2024-06-01T00:00:00.000Z');
  await caseReview.saveSearch({ caseId, query: 'from:dan', actor: 'olga' }); // at its end: outside

  const ids = [fromCarol, toBoth, fromDan];
  await c.export(caseId, 'mbox', ids, { status: 'completed', files: filesOf('export.mbox', 'b'.repeat(64)), at: '2024-04-30T23:59:59.999Z' });
  const first = await c.export(caseId, 'eml-zip', ids, { status: 'completed', files: filesOf('export.zip', 'a'.repeat(64)), at: '2024-05-01T00:00:00.000Z' });
  await c.export(caseId, 'pdf-zip', ids, { status: 'failed', at: '2024-05-02T00:00:00.000Z' });
  const last = await c.export(caseId, 'mbox', [toBoth], { status: 'completed', files: filesOf('export.mbox', 'f'.repeat(64)), at: '2024-05-31T23:59:59.999Z' });
  await c.export(caseId, 'eml-zip', ids, { status: 'completed', files: filesOf('export.zip', '1'.repeat(64)), at: '2024-06-01T00:00:00.000Z' });
  await c.export(null, 'eml-zip', ids, { status: 'completed', files: filesOf('export.zip', '2'.repeat(64)), at: '2024-05-15T00:00:00.000Z' });
  c.at('2024-05-20T08:00:00.000Z');
  await caseReview.recordEvent({ caseId, actor: 'export', action: 'export.complete', detail: { exportId: first, format: 'eml-zip', messages: 3, files: [{ name: 'export.zip', sha256: 'a'.repeat(64) }] } });
  await caseReview.recordEvent({ caseId, actor: 'olga', action: 'custom.step', detail: { step: 'called counsel', ids: ['x', 'y'] } });

  const data = await c.source.load({ period: MAY, caseId, now: new Date('2024-06-02T00:00:00.000Z') });
  assert.deepEqual(data.figures, {
    caseId, caseName: 'Acme v. Corp — Ärger', description: 'supplier dispute', createdBy: 'olga', createdAt: '2024-04-02T09:00:00.000Z',
    custodians: 2, messagesInScope: 3, heldMessages: 3, savedSearches: 1, exportsCompleted: 2,
  });
  assert.deepEqual(data.tables.custodians, { rows: [{ custodian: CAROL, messages: 2 }, { custodian: DAN, messages: 2 }] });
  assert.deepEqual(data.tables.holds, {
    rows: [
      { holdId: released.id, placedAt: '2024-04-02T09:00:00.000Z', placedBy: 'olga', reason: 'first notice', releasedAt: '2024-04-04T09:00:00.000Z', releasedBy: 'lena', releaseReason: 'superseded' },
      { holdId: held.id, placedAt: '2024-04-03T09:00:00.000Z', placedBy: 'olga', reason: 'litigation expected', releasedAt: null, releasedBy: null, releaseReason: null },
    ],
  });
  assert.deepEqual(data.tables.searches, { rows: [{ ranAt: '2024-05-01T00:00:00.000Z', ranBy: 'olga', query: 'subject:merger', hitCount: 2 }] });
  assert.deepEqual(data.tables.reviewTags, { rows: [{ tag: 'responsive', messages: 2 }, { tag: '(untagged)', messages: 1 }, { tag: 'privileged', messages: 1 }] });
  assert.deepEqual(data.tables.exports, {
    rows: [
      { exportId: first, format: 'eml-zip', requestedBy: 'olga', finishedAt: '2024-05-01T00:00:00.000Z', messages: 3, sha256: 'a'.repeat(64) },
      { exportId: last, format: 'mbox', requestedBy: 'olga', finishedAt: '2024-05-31T23:59:59.999Z', messages: 1, sha256: 'f'.repeat(64) },
    ],
  });
  assert.deepEqual(data.tables.timeline, {
    rows: [
      { at: '2024-05-01T00:00:00.000Z', actor: 'olga', action: 'search.save', summary: 'search "subject:merger": 2 hits' },
      { at: '2024-05-10T12:00:00.000Z', actor: 'olga', action: 'tag.add', summary: 'tag "responsive" added to 2 messages' },
      { at: '2024-05-10T12:00:00.000Z', actor: 'lena', action: 'tag.add', summary: 'tag "privileged" added to 1 message' },
      { at: '2024-05-10T12:00:00.000Z', actor: 'lena', action: 'note.add', summary: 'note added' },
      { at: '2024-05-20T08:00:00.000Z', actor: 'export', action: 'export.complete', summary: `export ${first} completed: 3 messages, export.zip sha256 ${'a'.repeat(64)}` },
      { at: '2024-05-20T08:00:00.000Z', actor: 'olga', action: 'custom.step', summary: 'step: called counsel; ids: 2 items' },
    ],
  });
  assert.deepEqual(data.series, { messagesByMonth: [{ label: '2024-01', value: 1 }, { label: '2024-02', value: 2 }] });
  assert.deepEqual(Object.keys(data.figures), [...CASE_SPEC.figures]);
  assert.deepEqual(Object.keys(data.tables), Object.keys(CASE_SPEC.tables));
});

test('a long timeline is read a page at a time and cut at 1000 rows, saying how many events the period had', async (t) => {
  const c = caseArchive(t);
  const caseId = randomUUID();
  await c.archive.holds.createCase({ id: caseId, name: 'Busy', description: '', scope: 'criteria', custodians: [CAROL], query: null, sentFrom: null, sentBefore: null, createdBy: 'olga' });
  c.at('2024-04-30T12:00:00.000Z');
  const record = (action: string, count: number) =>
    // Queued together, they commit in one batch, in the order asked.
    Promise.all(Array.from({ length: count }, (_, i) => c.caseReview.recordEvent({ caseId, actor: 'olga', action, detail: { i } })));
  await record('custom.before', 5);
  c.at('2024-05-05T12:00:00.000Z');
  await record('custom.step', 1105);

  const data = await c.source.load({ period: MAY, caseId, now: new Date('2024-06-02T00:00:00.000Z') });
  const timeline = data.tables.timeline;
  assert.equal(timeline?.rows.length, 1000);
  assert.equal(timeline?.totalRows, 1105);
  assert.deepEqual([timeline?.rows[0]?.summary, timeline?.rows[999]?.summary], ['i: 0', 'i: 999']);
  assert.deepEqual(data.figures.custodians, 1);
  assert.deepEqual(data.tables.custodians, { rows: [{ custodian: CAROL, messages: 0 }] });
  assert.deepEqual(data.tables.exports, { rows: [] });
});

test('the case report refuses a missing case id and an unknown case', async (t) => {
  const c = caseArchive(t);
  await assert.rejects(c.source.load({ period: MAY, now: new Date() }), InvalidReportRequestError);
  await assert.rejects(c.source.load({ period: MAY, caseId: randomUUID(), now: new Date() }), CaseNotFoundError);
  assert.equal(c.source.spec.needsCase, true);
});
