import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createFsBlobStore } from '../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import type { Config } from '../config/schema.js';
import { GroupCommit } from '../db/group-commit.js';
import { openDatabase } from '../db/open-database.js';
import { createComplianceServices, type ComplianceServices } from './compliance-services.js';
import { readEncryptionKey } from './encryption-key.js';

/**
 * The compliance services on a data directory, for command-line tools that run while the
 * appliance is stopped (the caller holds the data-directory lock). `close` stops their background
 * work and closes the database.
 */
export async function openComplianceOnDataDir(config: Readonly<Config>, logger: Logger): Promise<{ compliance: ComplianceServices; close(): Promise<void> }> {
  const dataDir = resolve(config.dataDir);
  const db = openDatabase(join(dataDir, 'custodian.db'));
  const writer = new GroupCommit(db);
  try {
    const blobRoot = join(dataDir, 'blobs');
    const blobs = createFsBlobStore({ root: blobRoot, compression: config.archive.compression, encryptionKey: readEncryptionKey(config.archive.encryptionKeyFile) });
    const compliance = await createComplianceServices({ config, db, writer, index: new SqliteArchiveIndex(db, writer), blobs, blobRoot, audit: createSqliteAuditLog(db), logger });
    return {
      compliance,
      async close() {
        await compliance.stop();
        await writer.close();
        db.close();
      },
    };
  } catch (error) {
    await writer.close();
    db.close();
    throw error;
  }
}
