import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteAuditChain } from '../../src/audit/sqlite-audit-chain.js';
import { createSqliteAuditLog } from '../../src/audit/sqlite-audit-log.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { tempDir } from '../support/temp-dir.js';
import { describeAuditLogContract } from './audit-log.contract.js';

/** Runs SQL as an intruder would: on its own connection, append-only triggers dropped, foreign keys off. */
function asIntruder(file: string, sql: string, ...params: unknown[]): void {
  const intruder = new Database(file);
  try {
    intruder.pragma('foreign_keys = OFF');
    intruder.exec(`
      DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;
      DROP TRIGGER IF EXISTS audit_chain_no_update; DROP TRIGGER IF EXISTS audit_chain_no_delete;`);
    for (const statement of sql.split(';').filter((s) => s.trim() !== '')) intruder.prepare(statement).run(...params);
  } finally {
    intruder.close();
  }
}

describeAuditLogContract('SQLite (embedded)', async () => {
  const dir = tempDir('audit');
  const file = join(dir.path, 'custodian.db');
  const db = openDatabase(file);
  const connections: Db[] = [db];
  return {
    // Each "process" has a connection of its own, as the appliance and the CLI do.
    async openLog() {
      const connection = openDatabase(file);
      connections.push(connection);
      return createSqliteAuditLog(connection);
    },
    chain: createSqliteAuditChain(db),
    tamper: {
      editDetail: async (seq, detail) => asIntruder(file, 'UPDATE audit_log SET detail = ? WHERE seq = ?', JSON.stringify(detail), seq),
      remove: async (seq) => asIntruder(file, 'DELETE FROM audit_chain WHERE seq = ?; DELETE FROM audit_log WHERE seq = ?', seq),
    },
    cleanup: async () => {
      for (const connection of connections) connection.close();
      dir.remove();
    },
  };
});
