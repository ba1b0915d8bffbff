import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createFsBlobStore } from '../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import type { Config } from '../config/schema.js';
import { GroupCommit } from '../db/group-commit.js';
import { openDatabase } from '../db/open-database.js';
import { SqliteJobQueue } from '../queue/sqlite/sqlite-job-queue.js';
import { createComplianceServices, type ComplianceServices } from './compliance-services.js';
import { createDiscoveryServices, type DiscoveryServices } from './discovery-services.js';
import { readEncryptionKey } from './encryption-key.js';

/**
 * The compliance services on a data directory, for command-line tools that run while the
 * appliance is stopped (the caller holds the data-directory lock). `close` stops their background
 * work and closes the database.
 */
export async function openComplianceOnDataDir(config: Readonly<Config>, logger: Logger): Promise<{ compliance: ComplianceServices; close(): Promise<void> }> {
  const opened = await openServices(config, logger);
  return { compliance: opened.compliance, close: opened.close };
}

/**
 * Compliance, discovery and report services on a data directory for the command line. Nothing
 * in the background is started (no resume, no queue consumer), so it is safe beside a running
 * appliance, as the case and hold commands are: a report rendered at once only reads and appends
 * audit and case-timeline rows, in SQLite transactions. A job the services enqueue waits in the
 * queue for the appliance.
 */
export async function openDiscoveryOnDataDir(config: Readonly<Config>, logger: Logger): Promise<{ compliance: ComplianceServices; discovery: DiscoveryServices; close(): Promise<void> }> {
  return openServices(config, logger);
}

async function openServices(config: Readonly<Config>, logger: Logger) {
  const dataDir = resolve(config.dataDir);
  const db = openDatabase(join(dataDir, 'custodian.db'));
  const writer = new GroupCommit(db);
  let compliance: ComplianceServices | null = null;
  const close = async () => {
    await compliance?.stop();
    await writer.close();
    db.close();
  };
  try {
    const blobRoot = join(dataDir, 'blobs');
    const blobs = createFsBlobStore({ root: blobRoot, compression: config.archive.compression, encryptionKey: readEncryptionKey(config.archive.encryptionKeyFile) });
    const index = new SqliteArchiveIndex(db, writer);
    const audit = createSqliteAuditLog(db);
    compliance = await createComplianceServices({ config, db, writer, index, blobs, blobRoot, audit, logger });
    const services = compliance;
    const queue = new SqliteJobQueue({ db, writer, retry: config.pipeline.retry, logger });
    const discovery = await createDiscoveryServices({
      config, db, writer, index, blobs, audit, compliance: services, queue, logger,
    });
    return { compliance: services, discovery, close };
  } catch (error) {
    await close();
    throw error;
  }
}
