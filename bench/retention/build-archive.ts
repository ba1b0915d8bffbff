import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import { GENERATOR_VERSION, HELD_CUSTODIAN, isHeld, syntheticMessage } from './synthetic-message.js';

/** Where built archives are cached (gitignored). */
const OUT_DIR = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
/** Documents handed to the index per event-loop turn, so GroupCommit makes each batch one transaction. */
const BATCH = 2_000;
/** The hold and case the benchmark's held messages are under. */
export const BENCH_HOLD_ID = 'bench-hold';

export interface BuiltRetentionArchive {
  file: string;
  /** Seconds spent building; 0 when the cached archive was reused. */
  buildSeconds: number;
  cached: boolean;
}

/** Cache key: generator, sizes and a hash of the migrations, so a schema change rebuilds. */
function cacheFile(messages: number, held: number): string {
  const schema = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 10);
  return `${OUT_DIR}retention-${GENERATOR_VERSION}-${messages}-${held}-${schema}.db`;
}

/**
 * An archive of `messages` synthetic messages, every one expired, `held` of them from a custodian
 * under a legal hold. Messages go through the real `SqliteArchiveIndex.record` (the rows a sweep
 * deletes are the rows ingestion writes). Retention assignments and the hold are written as rows
 * of their owners' schemas, in bulk: assigning through policies and a hold's background backfill
 * over a million messages would time retention and holds, not the sweep. Blobs are not part of
 * the cached archive (see `writeBlobSample`). Built under a temporary name and renamed when
 * complete, so an interrupted build is never reused.
 */
export async function buildRetentionArchive(messages: number, held: number, log: (line: string) => void): Promise<BuiltRetentionArchive> {
  const file = cacheFile(messages, held);
  if (existsSync(file)) return { file, buildSeconds: 0, cached: true };
  mkdirSync(OUT_DIR, { recursive: true });
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const started = performance.now();
  const db = openDatabase(building);
  const writer = new GroupCommit(db);
  try {
    const index = new SqliteArchiveIndex(db, writer);
    for (let first = 0; first < messages; first += BATCH) {
      const writes: Promise<unknown>[] = [];
      for (let i = first; i < Math.min(messages, first + BATCH); i++) {
        const { document, event } = syntheticMessage(i, isHeld(i, messages, held));
        writes.push(index.record(document, event));
      }
      await Promise.all(writes);
      if ((first + BATCH) % 50_000 === 0) log(`  ${first + BATCH} messages, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const now = Date.now();
    db.transaction(() => {
      // Policy `default`, delete at expiry, expired a day after receipt (2015–2017): all expired.
      db.prepare(
        `INSERT INTO retention_assignments (message_id, policy_id, action, policy_expires_at, expires_at, erasable, kept_until, kept_forever, policy_set_version, assigned_at)
         SELECT id, 'default', 'delete', received_at + 86400000, received_at + 86400000, 1, NULL, 0, 'bench', ? FROM messages`,
      ).run(now);
      db.prepare(
        `INSERT INTO cases (id, name, description, scope, custodians, query, sent_from, sent_before, created_by, created_at)
         VALUES ('bench-case', 'Benchmark matter', 'bench:retention', 'criteria', json_array(?), NULL, NULL, NULL, 'bench', ?)`,
      ).run(HELD_CUSTODIAN, now);
      // Backfill done (cursor past the last message): heldAmong reads message_holds only, as it does once a hold has settled.
      db.prepare(
        `INSERT INTO holds (id, case_id, placed_by, placed_at, reason, backfill_cursor, backfill_done_at)
         VALUES (?, 'bench-case', 'bench', ?, 'benchmark', (SELECT max(rowid) FROM messages), ?)`,
      ).run(BENCH_HOLD_ID, now, now);
      db.prepare(
        `INSERT INTO message_holds (message_id, hold_id)
         SELECT DISTINCT m.id, ? FROM message_addresses a JOIN messages m ON m.rowid = a.message_rowid WHERE a.address = ? AND a.field = 'from'`,
      ).run(BENCH_HOLD_ID, HELD_CUSTODIAN);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await writer.close();
    db.close();
  }
  renameSync(building, file);
  return { file, buildSeconds: (performance.now() - started) / 1000, cached: false };
}
