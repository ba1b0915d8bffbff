/**
 * bench:report — each PDF report over an archive of 1,000,000 messages (`--messages`): DLP
 * incidents, retention assignments and tombstones, a case with its legal hold, saved searches,
 * review tags and exports, audit entries, the ledger with daily checkpoints and verification runs
 * (built once in bulk and cached under bench/out/; see bench/report/build-report-archive.ts).
 * Each report is rendered through the real ReportService, in its own child process, over the
 * quarter three quarters into the archive's span; prints seconds and peak RSS per report.
 */
import { fork } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CASE_ID, benchPeriod, buildReportArchive } from './report/build-report-archive.js';
import type { MeasureRequest, ReportFigures } from './report/measure-report.js';
import { parseReportBenchOptions } from './report/options.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { benchTempDir } from './support/temp-dir.js';
import { formatTable, markdownTable, type Table } from './support/table.js';

const MEASURE_SCRIPT = fileURLToPath(new URL('./report/measure-report.js', import.meta.url));
const REPORTS = ['retention', 'case', 'dlp-incidents', 'audit', 'integrity'];

runBench('report', 60 * 60_000, async (cleanup) => {
  const options = parseReportBenchOptions(process.argv.slice(2));
  const machine = machineInfo();
  console.log(`bench:report on ${describeMachine(machine)}`);
  const archive = await buildReportArchive(options.messages, options.held, (line) => console.log(line));
  console.log(archive.cached ? `using cached archive ${archive.file}` : `built ${archive.file} in ${archive.buildSeconds.toFixed(0)} s`);
  console.log(Object.entries(archive.rows).map(([table, n]) => `${table} ${n}`).join(', '));
  const work = benchTempDir(cleanup, 'report');
  const dbFile = join(work, 'custodian.db');
  copyFileSync(archive.file, dbFile);

  const period = benchPeriod(options.messages);
  const results: ReportFigures[] = [];
  for (const report of REPORTS) {
    const request: MeasureRequest = {
      dbFile, workDir: work, report, from: period.from.toISOString(), to: period.to.toISOString(), caseId: report === 'case' ? BENCH_CASE_ID : null,
    };
    const figures = await measure(request, (kill) => cleanup.add(`stop the ${report} child`, kill));
    console.log(`  ${report}: ${figures.seconds.toFixed(2)} s, peak RSS ${figures.peakRssMiB.toFixed(0)} MiB, ${figures.pdfBytes} bytes`);
    results.push(figures);
  }

  const table: Table = {
    headers: ['report', 'seconds', 'peak RSS (MiB)', 'RSS before rendering (MiB)', 'PDF (KiB)'],
    rows: results.map((r) => [r.report, r.seconds.toFixed(2), r.peakRssMiB.toFixed(0), r.baselineRssMiB.toFixed(0), (r.pdfBytes / 1024).toFixed(0)]),
  };
  console.log(`\n${formatTable(table)}`);
  const rows = Object.entries(archive.rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ');
  writeResultsSection('report', `## bench:report — PDF reports over a large archive (embedded profile)

${describeMachine(machine)}. \`npm run bench:report -- --messages ${options.messages} --held ${options.held}\`.

${markdownTable(table)}

How it runs: the archive of \`bench:retention\` (${options.messages.toLocaleString('en')} synthetic messages through the real
\`SqliteArchiveIndex.record\`, retention assignments, a case whose legal hold covers ${options.held.toLocaleString('en')} messages),
enriched in bulk with rows of the owners' schemas (bench/report/build-report-archive.ts): ${rows}.
Each report covers ${period.from.toISOString().slice(0, 10)} to ${period.to.toISOString().slice(0, 10)} (exclusive; up to a quarter, three quarters into the archive's span) and runs in its own
child process through the real ReportService (data source → renderer → signed PDF and .sig.json, audited), so its
peak RSS (getrusage maximum) is its own; it includes the database pages SQLite reads through its memory map.
Seconds are load + render + write + fsync; opening the database and loading definitions are excluded.`);
});

/** Runs one measuring child and resolves with its figures; `onKill` registers how to stop it. */
function measure(request: MeasureRequest, onKill: (kill: () => void) => void): Promise<ReportFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(MEASURE_SCRIPT, [JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    onKill(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let figures: ReportFigures | null = null;
    child.on('message', (message) => {
      figures = message as ReportFigures;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (figures !== null && code === 0) resolve(figures);
      else reject(new Error(`the ${request.report} child exited with ${code}${figures === null ? ' before reporting' : ''}`));
    });
  });
}
