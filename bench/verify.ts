/**
 * bench:verify — `custodian verify` on the embedded profile: messages verified per second and
 * peak RSS, on bench:retention's archive (1,000,000 messages by default, `--messages`) with every
 * message's ledger entry and blob file. Two runs, each in a child process of its own (so the
 * peak RSS is the verification's, not the build's): the full verification (re-hashing every blob
 * and walking the blob store), then `--skip-blobs` (database checks only). The archive is built
 * once and cached under bench/out/; each run verifies a copy of its database.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench, type Cleanup } from './support/run-bench.js';
import { formatTable, markdownTable, type Table } from './support/table.js';
import { benchTempDir } from './support/temp-dir.js';
import { buildVerifyArchive } from './verify/build-verify-archive.js';
import type { VerificationFigures } from './verify/measure-verification.js';
import { parseVerifyBenchOptions } from './verify/options.js';

const MEASURE_SCRIPT = fileURLToPath(new URL('./verify/measure-verification.js', import.meta.url));
/** One verification may take this long before the benchmark gives up on it. */
const RUN_TIMEOUT_MS = 40 * 60_000;

runBench('verify', 90 * 60_000, async (cleanup) => {
  const options = parseVerifyBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`bench:verify on ${describeMachine(machine)}`);
  const archive = await buildVerifyArchive(options.messages, options.held, (line) => console.log(line));
  console.log(archive.cached ? `using cached archive ${archive.dir}` : `built ${archive.dir} in ${archive.buildSeconds.toFixed(0)} s`);

  const full = await measure(cleanup, archive.dir, false);
  console.log(`full: ${full.state}, ${full.findings} findings, ${full.seconds.toFixed(1)} s, peak RSS ${full.peakRssMiB.toFixed(0)} MiB`);
  const quick = await measure(cleanup, archive.dir, true);
  console.log(`--skip-blobs: ${quick.state}, ${quick.findings} findings, ${quick.seconds.toFixed(1)} s, peak RSS ${quick.peakRssMiB.toFixed(0)} MiB`);
  if (full.state !== 'clean' || quick.state !== 'clean') throw new Error('the benchmark archive did not verify clean; figures would not be of a normal run');

  const perSecond = (f: VerificationFigures) => (options.messages / f.seconds).toFixed(0);
  const summary: Table = {
    headers: ['run', 'messages', 'time (s)', 'messages/s', 'peak RSS (MiB)', 'peak anonymous RSS (MiB)'],
    rows: [
      ['full (re-hash every blob, walk the blob store)', String(options.messages), full.seconds.toFixed(1), perSecond(full), full.peakRssMiB.toFixed(0), full.peakAnonMiB.toFixed(0)],
      ['--skip-blobs (ledger, checkpoints, audit, index ↔ ledger)', String(options.messages), quick.seconds.toFixed(1), perSecond(quick), quick.peakRssMiB.toFixed(0), quick.peakAnonMiB.toFixed(0)],
    ],
  };
  const checks: Table = {
    headers: ['check (full run)', 'items checked', 'time (s)', 'items/s'],
    rows: full.checks.map((c) => [c.check, String(c.checked), c.seconds.toFixed(1), c.seconds > 0 ? (c.checked / c.seconds).toFixed(0) : '-']),
  };
  console.log(`\n${formatTable(summary)}\n\n${formatTable(checks)}`);

  writeResultsSection('verify', `## bench:verify — verifying ${options.messages.toLocaleString('en')} messages (embedded profile)

${describeMachine(machine)}. \`npm run bench:verify -- --messages ${options.messages}\`.

${markdownTable(summary)}

${markdownTable(checks)}

How it runs: bench:retention's archive of ${options.messages.toLocaleString('en')} synthetic messages (built through the real
\`SqliteArchiveIndex.record\`, cached under bench/out/), completed with an \`archived\` ledger entry per message through the
real \`SqliteLedger.recordArchived\` and a blob file per message in the fs blob store's format (gzip, unencrypted; the
messages are small, ~300 bytes). A child process runs \`runVerification\` with the default checks, as \`custodian verify\`
does, on a copy of the database. Peak RSS is its getrusage maximum, which counts the database pages SQLite memory-maps
(\`mmap_size\` 1 GiB: file-backed, shared with the page cache, dropped by the OS under pressure); peak anonymous RSS
(RssAnon sampled every 100 ms) is what the verification itself holds: heap, batches and buffers. Messages/s is the archive's size over the run's
wall time. No checkpoints exist in this archive and the audit log is nearly empty, so those two checks cost nothing here;
the ledger check re-hashes every entry. The blobs here are small files, so the blob pass measures the per-file cost (open,
read, gunzip, SHA-256 of ~300 bytes); with real message sizes it also pays for reading, decompressing and hashing the bytes.`);
});

/** Verifies a copy of the archive's database (blobs shared, read-only) in a child process. */
async function measure(cleanup: Cleanup, archiveDir: string, skipBlobs: boolean): Promise<VerificationFigures> {
  const work = benchTempDir(cleanup, 'verify');
  copyFileSync(join(archiveDir, 'custodian.db'), join(work, 'custodian.db'));
  symlinkSync(join(archiveDir, 'blobs'), join(work, 'blobs'));
  const args = [MEASURE_SCRIPT, work, ...(skipBlobs ? ['--skip-blobs'] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: RUN_TIMEOUT_MS, maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').at(-1);
  if (line === undefined) throw new Error('the measuring child printed nothing');
  return JSON.parse(line) as VerificationFigures;
}
