import { join } from 'node:path';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import { tempDir } from '../support/temp-dir.js';
import { describeArchiveIndexContract } from './archive-index.contract.js';

describeArchiveIndexContract('SQLite FTS5 (embedded)', async () => {
  const dir = tempDir('index');
  const db = openDatabase(join(dir.path, 'test.db'));
  const writer = new GroupCommit(db);
  return {
    index: new SqliteArchiveIndex(db, writer),
    cleanup: async () => {
      await writer.close();
      db.close();
      dir.remove();
    },
  };
});
