import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summariseCaseEvent, SUMMARY_MAX_LENGTH } from './case-event-summary.js';

test('known timeline events read as one sentence each', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['case.create', { name: 'Acme' }, 'case opened as "Acme"'],
    ['hold.place', { holdId: 'h1', reason: 'litigation expected' }, 'hold h1 placed: litigation expected'],
    ['hold.release', { holdId: 'h1' }, 'hold h1 released'],
    ['search.save', { searchId: 's', query: 'from:carol', hitCount: 1 }, 'search "from:carol": 1 hit'],
    ['tag.remove', { tag: 'privileged', messageIds: ['a', 'b', 'c'], removed: 2 }, 'tag "privileged" removed from 2 messages'],
    ['export.request', { exportId: 'e1', format: 'mbox', query: null, reviewTag: 'responsive' }, 'export e1 requested (mbox, tag "responsive")'],
    ['export.request', { exportId: 'e2', format: 'eml-zip', query: 'budget', reviewTag: null }, 'export e2 requested (eml-zip, query "budget")'],
    ['export.request', { exportId: 'e3', format: 'pdf-zip', query: null, reviewTag: null }, 'export e3 requested (pdf-zip, whole case)'],
    ['export.fail', { exportId: 'e1', reason: 'disk full' }, 'export e1 failed: disk full'],
    ['export.cancel', { exportId: 'e1', reason: 'cancelled by olga', done: 3 }, 'export e1 cancelled: cancelled by olga'],
    ['report.generate', { report: 'case', from: '2024-05-01T00:00:00.000Z', to: '2024-06-01T00:00:00.000Z', sha256: 'ab' }, 'report case generated for 2024-05-01T00:00:00.000Z to 2024-06-01T00:00:00.000Z, sha256 ab'],
  ];
  for (const [action, detail, expected] of cases) assert.equal(summariseCaseEvent({ action, detail }), expected, action);
});

test('a note event never quotes the note, and an unknown event lists its detail with lists by their length', () => {
  assert.equal(summariseCaseEvent({ action: 'note.add', detail: { noteId: 'n1', text: 'privileged advice' } }), 'note added');
  assert.equal(summariseCaseEvent({ action: 'review.batch', detail: { batch: 4, ids: ['a', 'b'], by: { team: 'x' } } }), 'batch: 4; ids: 2 items; by: {"team":"x"}');
});

test('a summary longer than the limit is cut with an ellipsis', () => {
  const line = summariseCaseEvent({ action: 'search.save', detail: { query: 'x'.repeat(500), hitCount: 3 } });
  assert.equal(line.length, SUMMARY_MAX_LENGTH);
  assert.ok(line.endsWith('…'));
});
