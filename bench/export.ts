/**
 * bench:export — e-discovery exports of a whole archive on the embedded profile: 100,000
 * synthetic messages (`--messages`) of about 8 KiB (`--message-bytes`), in the SQLite index and
 * the gzip filesystem blob store, exported as eml-zip and as mbox through the real ExportService
 * job (selection frozen, every original read and re-hashed, manifests, signed custody record).
 * Each format runs in a child process of its own: msgs/s and that process's peak RSS. The archive
 * is built once and cached under bench/out/; each run exports from a copy of its database.
 */
import { fork } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExportArchive } from './export/build-export-archive.js';
import type { ExportFigures, MeasureExportRequest } from './export/measure-export.js';
import { parseExportBenchOptions } from './export/options.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { benchTempDir } from './support/temp-dir.js';
import { formatTable, markdownTable, type Table } from './support/table.js';

const MEASURE_SCRIPT = fileURLToPath(new URL('./export/measure-export.js', import.meta.url));
const FORMATS = ['eml-zip', 'mbox'] as const;

runBench('export', 2 * 60 * 60_000, async (cleanup) => {
  const options = parseExportBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`bench:export on ${describeMachine(machine)}`);
  console.log(`archive: ${options.messages} messages of about ${options.messageBytes} bytes`);
  const archive = await buildExportArchive(options.messages, options.messageBytes, (line) => console.log(line));
  console.log(archive.cached ? `using cached archive ${archive.directory}` : `built ${archive.directory} in ${archive.buildSeconds.toFixed(0)} s`);

  const rows: string[][] = [];
  for (const format of FORMATS) {
    const work = benchTempDir(cleanup, `export-${format}`);
    const dbFile = join(work, 'custodian.db');
    copyFileSync(join(archive.directory, 'custodian.db'), dbFile);
    const request: MeasureExportRequest = { dbFile, blobRoot: join(archive.directory, 'blobs'), exportsDirectory: join(work, 'exports'), keyFile: join(work, 'signing.pem'), format };
    console.log(`exporting as ${format} …`);
    const f = await runMeasurement(request, (kill) => cleanup.add(`stop the ${format} child`, kill));
    rows.push([
      format, String(f.messages), f.seconds.toFixed(1), (f.messages / f.seconds).toFixed(0), (f.exportFileBytes / 2 ** 20).toFixed(0),
      f.peakRssMiB.toFixed(0), f.peakHeapMiB.toFixed(0), f.verified ? `yes (${f.verifySeconds.toFixed(0)} s)` : 'NO',
    ]);
  }
  const table: Table = { headers: ['format', 'messages', 'seconds', 'msgs/s', 'export files (MiB)', 'peak RSS (MiB)', 'peak heap (MiB)', 'read back and verified'], rows };
  console.log(`\n${formatTable(table)}`);

  writeResultsSection('export', `## bench:export — e-discovery export of a whole archive (embedded profile)

${describeMachine(machine)}. \`npm run bench:export -- --messages ${options.messages} --message-bytes ${options.messageBytes}\`.

${markdownTable(table)}

How it runs: an archive of ${options.messages.toLocaleString('en')} synthetic messages of about ${options.messageBytes.toLocaleString('en')} bytes,
recorded through the real \`SqliteArchiveIndex.record\` and stored in the filesystem blob store (gzip), cached under
bench/out/. Each format runs in a child process of its own, on a copy of the database: the real ExportService
request and \`export\` job handler freeze the selection (a query matching every message), read every original from the
blob store and re-hash it, write the export file (ZIP: volumes of 10,000 messages), \`manifest.csv\` and
\`manifest.json\` (and, in the last ZIP volume, the manifests again), fsync and rename each, and sign the
chain-of-custody record. Seconds run from the request to the completed
record. Peak RSS is the child's getrusage maximum; it includes SQLite's memory-mapped database pages. After the
timing, the export is read back (unzipped or split, every message re-hashed, manifests and signature checked).`);
});

/** Runs the measuring child and resolves with its figures; `onKill` registers how to stop it. */
function runMeasurement(request: MeasureExportRequest, onKill: (kill: () => void) => void): Promise<ExportFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(MEASURE_SCRIPT, [JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    onKill(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let figures: ExportFigures | null = null;
    child.on('message', (message) => {
      figures = message as ExportFigures;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (figures !== null && code === 0) resolve(figures);
      else reject(new Error(`the ${request.format} child exited with ${code}${figures === null ? ' before reporting' : ''}`));
    });
  });
}
