import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { freshDatabase } from '../../../../test/support/fresh-database.js';
import { GroupCommit } from '../../../db/group-commit.js';
import type { NewExport } from '../export-store.js';
import { SqliteExportStore } from './sqlite-export-store.js';

function openStore(t: TestContext) {
  const { db } = freshDatabase(t, 'export-store');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  return { db, store: new SqliteExportStore(db, writer) };
}

const request = (id: string, caseId: string | null = null): NewExport => ({
  id, format: 'mbox', selection: { caseId, query: 'from:a@example.com', reviewTag: null }, requestedBy: 'olga', requestSource: '192.0.2.1',
});
const at = '2024-06-01T00:00:00.000Z';

describe('the SQLite export store', () => {
  it('lists exports newest first, and a case\'s alone when asked', async (t) => {
    const { store } = openStore(t);
    await store.create(request('e1'));
    await store.create(request('e2', 'case-1'));
    await store.create(request('e3'));
    assert.deepEqual((await store.list({ limit: 10, offset: 0 })).map((e) => e.id), ['e3', 'e2', 'e1']);
    assert.deepEqual((await store.list({ limit: 10, offset: 0, caseId: 'case-1' })).map((e) => e.id), ['e2']);
    assert.deepEqual((await store.list({ limit: 1, offset: 1 })).map((e) => e.id), ['e2']);
  });

  it('freezes a selection once: ids in order without duplicates, then never changed', async (t) => {
    const { db, store } = openStore(t);
    await store.create(request('e1'));
    await store.start('e1', at);
    await store.appendSelection('e1', ['b', 'a']);
    await store.clearUnfrozen('e1');
    await store.appendSelection('e1', ['c', 'a']);
    await store.appendSelection('e1', ['a', 'd']);
    assert.equal(await store.freeze('e1'), 3);
    assert.equal(await store.isFrozen('e1'), true);
    assert.deepEqual(await store.selection('e1', { afterSeq: 1, limit: 10 }), [{ seq: 2, archiveId: 'a' }, { seq: 3, archiveId: 'd' }]);
    await assert.rejects(store.appendSelection('e1', ['z']), RangeError);
    assert.throws(() => db.prepare(`DELETE FROM export_items`).run(), /frozen/);
    assert.throws(() => db.prepare(`UPDATE exports SET total = 9`).run(), /frozen/);
  });

  it('cancels a queued export at once and flags a running one; a finished one stays as it is', async (t) => {
    const { store } = openStore(t);
    await store.create(request('queued'));
    await store.create(request('running'));
    await store.start('running', at);
    assert.equal(await store.requestCancel('queued', 'cancelled by olga'), 'cancelled');
    assert.equal((await store.get('queued'))?.status, 'cancelled');
    assert.equal(await store.requestCancel('running', 'cancelled by olga'), 'flagged');
    assert.equal(await store.cancelRequested('running'), true);
    assert.equal(await store.requestCancel('queued', 'again'), 'finished');
    assert.equal(await store.requestCancel('absent', 'x'), null);
    assert.equal(await store.start('queued', at), null);
  });

  it('completes only a running export with a frozen selection, and refuses illegal status changes', async (t) => {
    const { db, store } = openStore(t);
    await store.create(request('e1'));
    const files = [{ name: 'export.mbox', size: 3, sha256: 'a'.repeat(64) }];
    assert.equal(await store.finish('e1', { status: 'completed', files, finishedAt: at }), false);
    await store.start('e1', at);
    await store.freeze('e1');
    assert.equal(await store.finish('e1', { status: 'completed', files, finishedAt: at }), true);
    const record = await store.get('e1');
    assert.deepEqual(record?.files, files);
    assert.equal(record?.finishedAt, at);
    assert.deepEqual(await store.unfinished(), []);
    assert.throws(() => db.prepare(`UPDATE exports SET status = 'running'`).run(), /not allowed/);
    assert.throws(() => db.prepare(`UPDATE exports SET query = 'x'`).run(), /never rewritten/);
    assert.throws(() => db.prepare(`DELETE FROM exports`).run(), /never deleted/);
  });
});
