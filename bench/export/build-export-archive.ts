import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFsBlobStore } from '../../src/archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import { syntheticMessage } from '../retention/synthetic-message.js';

/** Where built archives are cached (gitignored). */
const OUT_DIR = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
/** Messages recorded (and blobs written) per round: one group-commit transaction, and that many blob writes in flight. */
const BATCH = 500;
/** Bump when the generator changes. */
const GENERATOR_VERSION = 'v1';

export interface BuiltExportArchive {
  /** Holds `custodian.db` and `blobs/`. */
  directory: string;
  buildSeconds: number;
  cached: boolean;
}

/**
 * An archive of `messages` synthetic originals of about `messageBytes` each: the retention
 * benchmark's messages with a body padded to size, recorded through the real
 * `SqliteArchiveIndex.record` and stored in the filesystem blob store (gzip, the config default),
 * so an export reads, decompresses and re-hashes real blob files. Cached under bench/out/ by
 * size and schema; built under a temporary name and renamed when complete.
 */
export async function buildExportArchive(messages: number, messageBytes: number, log: (line: string) => void): Promise<BuiltExportArchive> {
  const schema = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 10);
  const directory = `${OUT_DIR}export-${GENERATOR_VERSION}-${messages}-${messageBytes}-${schema}`;
  if (existsSync(directory)) return { directory, buildSeconds: 0, cached: true };
  const building = `${directory}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  const db = openDatabase(join(building, 'custodian.db'));
  const writer = new GroupCommit(db);
  try {
    const index = new SqliteArchiveIndex(db, writer);
    const blobs = createFsBlobStore({ root: join(building, 'blobs'), compression: 'gzip', encryptionKey: null });
    for (let first = 0; first < messages; first += BATCH) {
      const writes: Promise<unknown>[] = [];
      for (let i = first; i < Math.min(messages, first + BATCH); i++) {
        const { raw, document, event } = paddedMessage(i, messageBytes);
        writes.push(blobs.put(document.id, raw), index.record(document, event));
      }
      await Promise.all(writes);
      if ((first + BATCH) % 10_000 === 0) log(`  ${first + BATCH} messages, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await writer.close();
    db.close();
  }
  renameSync(building, directory);
  return { directory, buildSeconds: (performance.now() - started) / 1000, cached: false };
}

/** Message `i` with its body padded by numbered text lines to about `bytes`; id and size follow the new bytes. */
function paddedMessage(i: number, bytes: number): ReturnType<typeof syntheticMessage> {
  const base = syntheticMessage(i, false);
  const lines: string[] = [];
  for (let n = 0, size = base.raw.length; size < bytes; n++) {
    const line = `Line ${n} of message ${i}: the quarterly figures are attached in the usual place.\r\n`;
    lines.push(line);
    size += line.length;
  }
  const raw = Buffer.concat([base.raw, Buffer.from(lines.join(''))]);
  const id = createHash('sha256').update(raw).digest('hex');
  return {
    raw,
    document: { ...base.document, id, size: raw.length },
    event: { ...base.event, receivedSha256: id },
  };
}
