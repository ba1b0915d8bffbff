/**
 * bench:retention — a retention sweep on the embedded profile: an archive of 1,000,000 expired
 * messages (`--messages`), a tenth of them under a legal hold (`--held`), swept by the real
 * Sweeper → ArchiveMessageDeleter → SQLite index, tombstones, ledger, legal holds, audit log and
 * filesystem blob store. Measures deletions/s, peak RSS, and the ingestion rate through the index
 * record path alone and while the sweep runs. The archive is built once through
 * `SqliteArchiveIndex.record` and cached under bench/out/; each run sweeps a copy.
 */
import { fork } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRetentionArchive } from './retention/build-archive.js';
import { writeBlobSample } from './retention/blob-sample.js';
import type { MeasureRequest, SweepFigures } from './retention/measure-sweep.js';
import { parseRetentionBenchOptions } from './retention/options.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { benchTempDir } from './support/temp-dir.js';
import { formatTable, markdownTable, type Table } from './support/table.js';

const MEASURE_SCRIPT = fileURLToPath(new URL('./retention/measure-sweep.js', import.meta.url));

runBench('retention', 60 * 60_000, async (cleanup) => {
  const options = parseRetentionBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`bench:retention on ${describeMachine(machine)}`);
  console.log(`archive: ${options.messages} expired messages, ${options.held} under hold, ${options.blobs} with blob files; batch ${options.batchSize}`);

  const archive = await buildRetentionArchive(options.messages, options.held, (line) => console.log(line));
  console.log(archive.cached ? `using cached archive ${archive.file}` : `built ${archive.file} in ${archive.buildSeconds.toFixed(0)} s`);
  const work = benchTempDir(cleanup, 'retention');
  const dbFile = join(work, 'custodian.db');
  copyFileSync(archive.file, dbFile);
  const blobRoot = join(work, 'blobs');
  const blobsWritten = await writeBlobSample(blobRoot, options.messages, options.held, options.blobs);
  console.log(`wrote ${blobsWritten} blob files; ingesting alone for ${options.ingestSeconds} s, then sweeping (ingesting beside it for the first ${options.ingestSeconds} s)`);

  const request: MeasureRequest = { dbFile, blobRoot, batchSize: options.batchSize, ingestSeconds: options.ingestSeconds, ingestFrom: options.messages + 1_000_000_000 };
  const figures = await runMeasurement(request, (kill) => cleanup.add('stop the measuring child', kill));
  const blobsLeft = blobsWritten === 0 ? 0 : countFiles(blobRoot);

  const rows: Array<[string, string]> = [
    ['expired messages examined', String(figures.examined)],
    ['deleted (tombstoned)', String(figures.deleted)],
    ['kept: under legal hold', String(figures.held)],
    ['refused otherwise', String(figures.refusedOther)],
    ['sweep status', figures.status],
    ['sweep time (s)', figures.sweepSeconds.toFixed(1)],
    ['deletions/s, whole sweep', (figures.deleted / figures.sweepSeconds).toFixed(0)],
    [`deletions/s, first ${figures.ingestDuringSweepSeconds.toFixed(0)} s (ingestion beside it)`, figures.deletionsPerSecondWithIngest.toFixed(0)],
    ['deletions/s, the rest (sweep alone)', figures.deletionsPerSecondAlone === null ? 'n/a' : figures.deletionsPerSecondAlone.toFixed(0)],
    ['peak RSS of the sweeping process (MiB)', figures.peakRssMiB.toFixed(0)],
    ['peak RSS sampled during the sweep (MiB)', figures.sweepPeakRssMiB.toFixed(0)],
    ['… of it anonymous, i.e. without the mapped database file (MiB)', figures.sweepPeakAnonRssMiB.toFixed(0)],
    ['peak V8 heap in use during the sweep (MiB)', figures.sweepPeakHeapMiB.toFixed(0)],
    ['ingestion alone (messages/s)', figures.ingestAlonePerSecond.toFixed(0)],
    ['ingestion during the sweep (messages/s)', figures.ingestDuringSweepPerSecond.toFixed(0)],
    ['longest record() alone / during the sweep (ms)', `${figures.ingestAloneMaxLatencyMs.toFixed(0)} / ${figures.ingestMaxLatencyMs.toFixed(0)}`],
    ['messages left (held + ingested)', String(figures.messagesLeft)],
    ['tombstones / ledger `deleted` entries', `${figures.tombstones} / ${figures.ledgerDeleted}`],
    ['unfinished deletions after the sweep', String(figures.unfinished)],
    ['blob files before / after', `${blobsWritten} / ${blobsLeft}`],
  ];
  const table: Table = { headers: ['measure', 'value'], rows, numeric: [1] };
  console.log(`\n${formatTable(table)}`);

  writeResultsSection('retention', `## bench:retention — sweep of expired messages (embedded profile)

${describeMachine(machine)}. \`npm run bench:retention -- --messages ${options.messages} --held ${options.held} --blobs ${options.blobs} --batch-size ${options.batchSize} --ingest-seconds ${options.ingestSeconds}\`.

${markdownTable(table)}

How it runs: an archive of ${options.messages.toLocaleString('en')} synthetic messages built through the real
\`SqliteArchiveIndex.record\` (cached under bench/out/), every one expired (retention assignments written as
rows of the retention schema), ${options.held.toLocaleString('en')} from a custodian under a legal hold (case, hold
and \`message_holds\` rows as the holds adapter materialises them). ${blobsWritten.toLocaleString('en')} messages,
spread evenly, have a real blob file; the others have none, so their removal is the store's "already gone"
path (an unlink that finds nothing). A child process sweeps a copy with the real Sweeper, ArchiveMessageDeleter,
SqliteTombstoneStore, SqliteRetention (expiry batches), SqliteLegalHolds (heldAmong), SQLite ledger, SQLite audit
log and filesystem blob store, ${options.batchSize} per batch, while 8 concurrent \`record()\` calls ingest new
messages on the same writer for the first ${options.ingestSeconds} s of the sweep; before the sweep the same ingestion
runs alone for ${options.ingestSeconds} s. Ingestion is bounded to that window to keep the benchmark's length bounded:
the rest of the sweep runs alone.
Peak RSS is the child's getrusage maximum (build excluded); it includes the pages of the database file that
SQLite reads through its memory map (\`mmap_size\` 1 GiB), so the anonymous RSS and the heap say what the sweep
itself holds: one batch, whatever the number of expired messages.`);
});

/** Runs the measuring child and resolves with its figures; `onKill` registers how to stop it. */
function runMeasurement(request: MeasureRequest, onKill: (kill: () => void) => void): Promise<SweepFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(MEASURE_SCRIPT, [JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    onKill(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let figures: SweepFigures | null = null;
    child.on('message', (message) => {
      figures = message as SweepFigures;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (figures !== null && code === 0) resolve(figures);
      else reject(new Error(`the measuring child exited with ${code} ${figures === null ? 'before reporting' : ''}`));
    });
  });
}

/** Files under `root`, recursively. */
function countFiles(root: string): number {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
