import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createSqliteLedger } from '../../src/integrity/sqlite/sqlite-ledger.js';
import { writeBlobSample } from '../retention/blob-sample.js';
import { buildRetentionArchive } from '../retention/build-archive.js';

const OUT_DIR = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
/** Ledger appends handed to the writer per event-loop turn (one transaction). */
const BATCH = 2_000;
/** Written last: a directory without it is an interrupted build and is rebuilt. */
const COMPLETE = 'complete';

export interface VerifyArchive {
  /** Holds `custodian.db` and `blobs/`, as a data directory does. */
  dir: string;
  cached: boolean;
  buildSeconds: number;
}

/**
 * bench:retention's archive (its cache reused, or built the same way) made whole for
 * verification: every message gets its `archived` ledger entry through the real
 * `SqliteLedger.recordArchived`, in index order as the pipeline appends them, and its blob file
 * in the fs blob store's format and layout (`writeBlobSample` for every message). Cached under
 * bench/out/ next to the archive it came from.
 */
export async function buildVerifyArchive(messages: number, held: number, log: (line: string) => void): Promise<VerifyArchive> {
  const retention = await buildRetentionArchive(messages, held, log);
  const dir = join(OUT_DIR, `verify-${basename(retention.file, '.db')}`);
  if (existsSync(join(dir, COMPLETE))) return { dir, cached: true, buildSeconds: 0 };
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, 'custodian.db');
  copyFileSync(retention.file, dbFile);

  const db = openDatabase(dbFile);
  const writer = new GroupCommit(db);
  try {
    const ledger = createSqliteLedger(db, writer);
    const page = db.prepare<[number, number], { rowid: number; id: string; size: number; received_at: number }>(
      'SELECT rowid, id, size, received_at FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?',
    );
    for (let after = 0, done = 0; ;) {
      const rows = page.all(after, BATCH);
      if (rows.length === 0) break;
      await Promise.all(rows.map((row) => ledger.recordArchived({ messageId: row.id, size: row.size, receivedAt: new Date(row.received_at).toISOString() })));
      after = (rows[rows.length - 1] as { rowid: number }).rowid;
      done += rows.length;
      if (done % 100_000 === 0) log(`  ledger: ${done} entries, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await writer.close();
    db.close();
  }
  log(`  ledger written in ${((performance.now() - started) / 1000).toFixed(0)} s; writing ${messages} blob files`);
  await writeBlobSample(join(dir, 'blobs'), messages, held, messages);
  writeFileSync(join(dir, COMPLETE), new Date().toISOString());
  return { dir, cached: false, buildSeconds: (performance.now() - started) / 1000 };
}
