import { join } from 'node:path';
import { createSqliteTokenStore } from '../../src/auth/sqlite-token-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { tempDir } from '../support/temp-dir.js';
import { describeTokenStoreContract } from './token-store.contract.js';

describeTokenStoreContract('SQLite (embedded)', async () => {
  const dir = tempDir('tokens');
  const file = join(dir.path, 'custodian.db');
  const db = openDatabase(file);
  const connections: Db[] = [db];
  return {
    async openStore() {
      const connection = openDatabase(file);
      connections.push(connection);
      return createSqliteTokenStore(connection);
    },
    storedText: async () => JSON.stringify(db.prepare('SELECT * FROM api_tokens').all()),
    setRole: async (id, role) => {
      db.prepare('UPDATE api_tokens SET role = ? WHERE id = ?').run(role, id);
    },
    cleanup: async () => {
      for (const connection of connections) connection.close();
      dir.remove();
    },
  };
});
