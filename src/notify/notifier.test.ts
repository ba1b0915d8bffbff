import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { pino } from 'pino';
import { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../db/group-commit.js';
import { openDatabase } from '../db/open-database.js';
import { UnrecoverableJobError } from '../queue/errors.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { notifiedDocumentFixture } from './notice-fixture.js';
import { createNotifier } from './notifier.js';

/** A real, empty archive index, closed when the test ends. */
function emptyIndex(t: TestContext): SqliteArchiveIndex {
  const dir = tempDir('notifier');
  const db = openDatabase(join(dir.path, 'custodian.db'));
  const writer = new GroupCommit(db);
  t.after(async () => {
    await writer.close();
    db.close();
    dir.remove();
  });
  return new SqliteArchiveIndex(db, writer);
}

/** A logger that keeps the messages it writes. */
function recordingLogger(): { logger: pino.Logger; messages: string[] } {
  const messages: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push((JSON.parse(chunk.toString('utf8')) as { msg: string }).msg);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), messages };
}

describe('createNotifier', () => {
  it('without a notify section says so once, enqueues nothing and dead-letters stray jobs', async (t) => {
    const { logger, messages } = recordingLogger();
    const notifier = createNotifier({ settings: undefined, index: emptyIndex(t), logger });
    const document = notifiedDocumentFixture();
    assert.deepEqual(notifier.jobsFor(document), []);
    const job = { id: `notify:${document.id}:pci-card-number-high`, name: 'notify' as const, attempt: 1, payload: { messageId: document.id, ruleId: 'pci-card-number-high', to: [] } };
    await assert.rejects(notifier.handler(job), UnrecoverableJobError);
    await notifier.close();
    assert.equal(messages.filter((m) => m.startsWith('notifications are off')).length, 1);
  });

  it('with a notify section plans a job for each notifying rule', async (t) => {
    const { logger, messages } = recordingLogger();
    const notifier = createNotifier({
      settings: { relay: { host: '127.0.0.1', port: 25, secure: false, requireTls: false }, from: 'custodian@corp.example', to: [] },
      index: emptyIndex(t),
      logger,
    });
    const document = notifiedDocumentFixture();
    assert.deepEqual(notifier.jobsFor(document).map((j) => j.id), [`notify:${document.id}:pci-card-number-high`]);
    await notifier.close();
    assert.deepEqual(messages, ['notifications on']);
  });
});
