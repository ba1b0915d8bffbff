import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.js';
import { GroupCommit } from './group-commit.js';
import { openDatabase } from './open-database.js';

function fixture() {
  const dir = tempDir('group-commit');
  const db = openDatabase(join(dir.path, 'test.db'));
  db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY)');
  return { db, writer: new GroupCommit(db), done: () => (db.close(), dir.remove()) };
}

describe('GroupCommit', () => {
  it('commits writes queued in one turn together and resolves each with its result', async () => {
    const { db, writer, done } = fixture();
    const results = await Promise.all([1, 2, 3].map((x) => writer.run(() => db.prepare('INSERT INTO t VALUES (?)').run(x).changes)));
    assert.deepEqual(results, [1, 1, 1]);
    assert.equal((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 3);
    done();
  });

  it('rolls back and rejects a failing write alone, keeping the rest of its batch', async () => {
    const { db, writer, done } = fixture();
    const outcomes = await Promise.allSettled([
      writer.run(() => db.prepare('INSERT INTO t VALUES (1)').run()),
      writer.run(() => {
        db.prepare('INSERT INTO t VALUES (2)').run();
        db.prepare('INSERT INTO t VALUES (1)').run(); // duplicate key: this whole write must vanish
      }),
      writer.run(() => db.prepare('INSERT INTO t VALUES (3)').run()),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual((db.prepare('SELECT x FROM t ORDER BY x').all() as Array<{ x: number }>).map((r) => r.x), [1, 3]);
    done();
  });

  it('rejects the whole batch when the transaction cannot start', async () => {
    const { db, writer, done } = fixture();
    db.pragma('query_only = ON');
    await assert.rejects(writer.run(() => db.prepare('INSERT INTO t VALUES (1)').run()), /readonly/i);
    db.pragma('query_only = OFF');
    done();
  });

  it('leaves the connection fully synchronous after a relaxed batch', async () => {
    const { db, writer, done } = fixture();
    await writer.run(() => db.prepare('INSERT INTO t VALUES (1)').run(), { durable: false });
    assert.equal(db.pragma('synchronous', { simple: true }), 2); // 2 = FULL
    done();
  });
});
