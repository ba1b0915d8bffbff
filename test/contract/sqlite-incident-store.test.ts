import { join } from 'node:path';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import { SqliteIncidentStore } from '../../src/incidents/sqlite/sqlite-incident-store.js';
import { tempDir } from '../support/temp-dir.js';
import { describeIncidentStoreContract } from './incident-store.contract.js';

describeIncidentStoreContract('SQLite (embedded)', async () => {
  const dir = tempDir('incidents');
  const db = openDatabase(join(dir.path, 'test.db'));
  const writer = new GroupCommit(db);
  return {
    index: new SqliteArchiveIndex(db, writer),
    store: new SqliteIncidentStore(db),
    cleanup: async () => {
      await writer.close();
      db.close();
      dir.remove();
    },
  };
});
