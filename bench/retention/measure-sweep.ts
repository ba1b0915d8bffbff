/**
 * The measuring half of bench:retention, run as a child process so its peak RSS is the sweep's
 * alone (not the archive build's). Argument: JSON `MeasureRequest`. Sends one `SweepFigures` over
 * IPC and exits.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createFsBlobStore } from '../../src/archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { createSqliteAuditLog } from '../../src/audit/sqlite-audit-log.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import { SqliteLegalHolds } from '../../src/holds/sqlite/sqlite-legal-holds.js';
import { createSqliteLedger } from '../../src/integrity/sqlite/sqlite-ledger.js';
import { ArchiveMessageDeleter } from '../../src/retention/deletion/archive-message-deleter.js';
import { SqliteTombstoneStore } from '../../src/retention/deletion/sqlite-tombstone-store.js';
import { loadRetentionPolicies } from '../../src/retention/policies/load-retention-policies.js';
import { SqliteRetention } from '../../src/retention/sqlite/sqlite-retention.js';
import { SqliteSweepStore } from '../../src/retention/sweep/sqlite-sweep-store.js';
import { Sweeper } from '../../src/retention/sweep/sweeper.js';
import { syntheticMessage } from './synthetic-message.js';

export interface MeasureRequest {
  /** A copy of the built archive: the sweep deletes from it. */
  dbFile: string;
  blobRoot: string;
  batchSize: number;
  /** Seconds of ingestion alone, and then at the start of the sweep. */
  ingestSeconds: number;
  /** First synthetic index for ingested messages (past the archive's). */
  ingestFrom: number;
}

export interface SweepFigures {
  sweepSeconds: number;
  examined: number;
  deleted: number;
  held: number;
  refusedOther: number;
  status: string;
  /** Peak RSS of this process (MiB), from getrusage: the whole run, sweep included. */
  peakRssMiB: number;
  /** Highest RSS sampled while the sweep ran (MiB). */
  sweepPeakRssMiB: number;
  /**
   * Highest anonymous RSS sampled while the sweep ran (MiB, RssAnon of /proc/self/status): RSS
   * without the pages of the memory-mapped database file (openDatabase maps up to 1 GiB), which
   * count in RSS but are page cache the kernel can drop. What the sweep itself holds.
   */
  sweepPeakAnonRssMiB: number;
  /** Highest V8 heap in use sampled while the sweep ran (MiB). */
  sweepPeakHeapMiB: number;
  /** Messages recorded per second through the index path, alone and during the sweep. */
  ingestAlonePerSecond: number;
  ingestDuringSweepPerSecond: number;
  /** Seconds ingestion ran beside the sweep (the window, or the whole sweep when shorter). */
  ingestDuringSweepSeconds: number;
  /** Deletions per second while ingestion ran beside the sweep, and after. */
  deletionsPerSecondWithIngest: number;
  deletionsPerSecondAlone: number | null;
  /** Longest wait of one record() during the sweep, ms (a stall of ingestion would show here). */
  ingestMaxLatencyMs: number;
  ingestAloneMaxLatencyMs: number;
  /** After the sweep: messages left, tombstones, unfinished deletions, ledger `deleted` entries. */
  messagesLeft: number;
  tombstones: number;
  unfinished: number;
  ledgerDeleted: number;
}

/** Records in flight at once, as the pipeline's concurrent jobs would have them. */
const INGEST_CONCURRENCY = 8;

const request = JSON.parse(process.argv[2] ?? '{}') as MeasureRequest;
const figures = await measure(request);
// Disconnecting lets the process exit once the figures are sent.
process.send?.(figures, () => process.disconnect());

/** RssAnon of this process in bytes (0 where /proc is not Linux's). */
function anonymousRss(): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('RssAnon:'));
  return line === undefined ? 0 : Number(line.replace(/[^0-9]/g, '')) * 1024;
}

async function measure(req: MeasureRequest): Promise<SweepFigures> {
  const db = openDatabase(req.dbFile);
  const writer = new GroupCommit(db);
  const index = new SqliteArchiveIndex(db, writer);
  const audit = createSqliteAuditLog(db);
  const holds = new SqliteLegalHolds(db, writer);
  const ledger = createSqliteLedger(db, writer);
  const blobs = createFsBlobStore({ root: req.blobRoot, compression: 'gzip', encryptionKey: null });
  const policyDir = mkdtempSync(join(tmpdir(), 'custodian-bench-policies-'));
  writeFileSync(join(policyDir, 'default.yaml'), 'policies:\n  - id: default\n    description: Everything, expired a day after receipt.\n    period: { days: 1 }\n    action: delete\n');
  const policies = await loadRetentionPolicies({ directory: policyDir, internalDomains: [] });
  rmSync(policyDir, { recursive: true, force: true });
  const retention = new SqliteRetention({ db, writer, audit, policies, loadPolicies: async () => policies, logger: pino({ level: 'silent' }) });
  const tombstones = new SqliteTombstoneStore(db, writer, index, (ids) => holds.heldAmongNow(ids));
  const deleter = new ArchiveMessageDeleter({ tombstones, blobs, holds, protection: retention, ledger, audit });
  const sweeper = new Sweeper({ expired: retention, deleter, holds, expiriesCurrent: () => retention.idle(), store: new SqliteSweepStore(db, writer), audit, batchSize: req.batchSize });

  let nextMessage = req.ingestFrom;
  /** Records messages with INGEST_CONCURRENCY in flight until `until()` says stop. */
  const ingest = async (until: () => boolean) => {
    let count = 0;
    let maxLatency = 0;
    const worker = async () => {
      while (!until()) {
        const { document, event } = syntheticMessage(nextMessage++, false);
        const started = performance.now();
        await index.record(document, event);
        maxLatency = Math.max(maxLatency, performance.now() - started);
        count++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, worker));
    return { count, seconds: (performance.now() - started) / 1000, maxLatency };
  };

  const aloneEnds = performance.now() + req.ingestSeconds * 1000;
  const alone = await ingest(() => performance.now() >= aloneEnds);

  let sweepPeakRss = 0;
  let sweepPeakAnonRss = 0;
  let sweepPeakHeap = 0;
  const sample = () => {
    const memory = process.memoryUsage();
    sweepPeakRss = Math.max(sweepPeakRss, memory.rss);
    sweepPeakHeap = Math.max(sweepPeakHeap, memory.heapUsed);
    sweepPeakAnonRss = Math.max(sweepPeakAnonRss, anonymousRss());
  };
  sample();
  const sampler = setInterval(sample, 200);
  let sweepDone = false;
  const sweepStarted = performance.now();
  const started = await sweeper.start({ dryRun: false, actor: 'bench', source: 'system' });
  void started.done.finally(() => {
    sweepDone = true;
  });
  const windowEnds = sweepStarted + req.ingestSeconds * 1000;
  const during = await ingest(() => sweepDone || performance.now() >= windowEnds);
  const windowSeconds = (performance.now() - sweepStarted) / 1000;
  const deletedInWindow = (await sweeper.get(started.run.id))?.deleted ?? 0;
  const run = await started.done;
  const sweepSeconds = (performance.now() - sweepStarted) / 1000;
  clearInterval(sampler);

  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const result: SweepFigures = {
    sweepSeconds,
    examined: run.examined,
    deleted: run.deleted,
    held: run.held,
    refusedOther: run.refusedOther,
    status: run.error === null ? run.status : `${run.status}: ${run.error}`,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    sweepPeakRssMiB: sweepPeakRss / 2 ** 20,
    sweepPeakAnonRssMiB: sweepPeakAnonRss / 2 ** 20,
    sweepPeakHeapMiB: sweepPeakHeap / 2 ** 20,
    ingestAlonePerSecond: alone.count / alone.seconds,
    ingestAloneMaxLatencyMs: alone.maxLatency,
    ingestDuringSweepPerSecond: during.count / during.seconds,
    ingestDuringSweepSeconds: during.seconds,
    deletionsPerSecondWithIngest: deletedInWindow / windowSeconds,
    deletionsPerSecondAlone: sweepSeconds - windowSeconds > 1 ? (run.deleted - deletedInWindow) / (sweepSeconds - windowSeconds) : null,
    ingestMaxLatencyMs: during.maxLatency,
    messagesLeft: count('SELECT count(*) AS n FROM messages'),
    tombstones: count('SELECT count(*) AS n FROM tombstones'),
    unfinished: count('SELECT count(*) AS n FROM deletions_unfinished'),
    ledgerDeleted: count(`SELECT count(*) AS n FROM ledger WHERE kind = 'deleted'`),
  };
  await writer.close();
  db.close();
  return result;
}
