import { join } from 'node:path';
import { pino } from 'pino';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import { SqliteJobQueue } from '../../src/queue/sqlite/sqlite-job-queue.js';
import { tempDir } from '../support/temp-dir.js';
import { describeJobQueueContract } from './job-queue.contract.js';

describeJobQueueContract('SQLite (embedded)', async (retry) => {
  const dir = tempDir('queue');
  const db = openDatabase(join(dir.path, 'test.db'));
  const queue = new SqliteJobQueue({ db, writer: new GroupCommit(db), retry, logger: pino({ level: 'silent' }), pollMs: 10 });
  return {
    queue,
    cleanup: async () => {
      db.close();
      dir.remove();
    },
  };
});
