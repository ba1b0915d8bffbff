import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { parseLimitsOf } from '../../src/pipeline/parse-limits.js';
import { loadConfig } from '../../src/config/load-config.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createParseStage } from '../../src/pipeline/stages/parse/index.js';
import { loadCorpus } from '../support/corpus.js';
import { GENERATOR_VERSION, varyDocument, type ParsedCorpusMessage } from './vary-document.js';

/** Where built archives are cached (gitignored). */
const OUT_DIR = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
/** Documents handed to the index per event-loop turn, so GroupCommit makes each batch one transaction. */
const BATCH = 1_000;

export interface BuiltArchive {
  file: string;
  documents: number;
  /** Seconds spent building; 0 when the cached archive was reused. */
  buildSeconds: number;
  cached: boolean;
}

/**
 * The cache key: generator version, size and the schema (a hash of the migrations), so a schema
 * change by anyone rebuilds rather than benchmarking a stale layout.
 */
function cacheFile(documents: number): string {
  const schema = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 10);
  return `${OUT_DIR}search-${GENERATOR_VERSION}-${documents}-${schema}.db`;
}

/**
 * Returns a SQLite archive of `documents` messages, building it if no cached one exists. It is
 * built through the real code path — the pipeline's parse stage, then `SqliteArchiveIndex.record`
 * through `GroupCommit` on a database made by `openDatabase` (migrations included) — but not over
 * SMTP, and without the blob store, which search never reads. Each distinct corpus message is
 * parsed once; the documents vary only participants, dates and ids. Built under a temporary name
 * and renamed when complete, so an interrupted build is never reused.
 */
export async function buildArchive(documents: number, log: (line: string) => void): Promise<BuiltArchive> {
  const file = cacheFile(documents);
  if (existsSync(file)) return { file, documents, buildSeconds: 0, cached: true };
  mkdirSync(OUT_DIR, { recursive: true });
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const started = performance.now();

  const parse = createParseStage(parseLimits());
  const corpus = loadCorpus();
  const sources: ParsedCorpusMessage[] = [];
  for (const message of corpus) sources.push({ parsed: await parse(message.wire), size: message.wire.length });
  log(`parsed ${sources.length} corpus messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const db = openDatabase(building);
  try {
    const index = new SqliteArchiveIndex(db, new GroupCommit(db));
    for (let first = 0; first < documents; first += BATCH) {
      const writes: Promise<unknown>[] = [];
      for (let i = first; i < Math.min(documents, first + BATCH); i++) {
        const { document, event } = varyDocument(i, sources[i % sources.length] as ParsedCorpusMessage);
        writes.push(index.record(document, event));
      }
      await Promise.all(writes);
      if ((first + BATCH) % 20_000 === 0) log(`  ${first + BATCH} documents, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  renameSync(building, file);
  return { file, documents, buildSeconds: (performance.now() - started) / 1000, cached: false };
}

/** The parse limits as the default configuration sets them. */
function parseLimits() {
  return parseLimitsOf(loadConfig({ env: {} }).pipeline);
}
