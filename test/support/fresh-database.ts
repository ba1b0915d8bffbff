import type { TestContext } from 'node:test';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { tempDir } from './temp-dir.js';

/** A migrated database in its own temp directory, closed and removed when the test ends. */
export function freshDatabase(t: TestContext, prefix: string): { db: Db; dir: string } {
  const dir = tempDir(prefix);
  const db = openDatabase(`${dir.path}/custodian.db`);
  t.after(() => {
    db.close();
    dir.remove();
  });
  return { db, dir: dir.path };
}
