/**
 * bench:smtp — how fast Custodian's journaling sink accepts mail, against Postfix's `smtp-sink` as
 * the ceiling. The same client (`smtp-source`: 20 parallel sessions, 20,000 messages of 10 KB, one
 * message per connection) is timed against (a) smtp-sink discarding, (b) smtp-sink writing a file
 * per message, (c) Custodian with durability as shipped (every `250` after a group-committed,
 * fsync'd spool write) and its pipeline running. Afterwards, how long Custodian's pipeline takes to
 * archive the backlog. Target: Custodian ≥ 0.5 × smtp-sink.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { startApplianceChild } from './support/appliance-child.js';
import { ArchiveWatch } from './support/archive-watch.js';
import { peakRssMiB, spawnServer, stopChild, timedRun, type TimedRun } from './support/child-process.js';
import { freePort } from './support/free-port.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { postfixTool } from './support/postfix-tools.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench, type Cleanup } from './support/run-bench.js';
import { formatTable, markdownTable, type Table } from './support/table.js';
import { benchTempDir } from './support/temp-dir.js';
import { portOpen, waitFor } from './support/wait-for.js';

const MESSAGES = 20_000;
const SESSIONS = 20;
const MESSAGE_BYTES = 10_240;
const SOURCE_TIMEOUT_MS = 180_000;
const DRAIN_TIMEOUT_MS = 300_000;

/**
 * smtp-source's arguments for a target port; the same for every target. `reuse` adds smtp-source's
 * `-d` (many messages per connection, as an MTA with a connection cache sends to a journal sink).
 */
function sourceArgs(port: number, reuse = false): string[] {
  return [...(reuse ? ['-d'] : []), '-s', String(SESSIONS), '-l', String(MESSAGE_BYTES), '-m', String(MESSAGES), '-f', 'a@example.com', '-t', 'b@example.com', `127.0.0.1:${port}`];
}

interface Measurement {
  target: string;
  run: TimedRun;
}

const rate = (m: Measurement) => MESSAGES / (m.run.elapsedMs / 1000);

/** Runs smtp-source against a port and fails loudly if it did not deliver everything. */
async function source(cleanup: Cleanup, port: number, reuse: boolean): Promise<TimedRun> {
  const run = await timedRun(cleanup, postfixTool('smtp-source'), sourceArgs(port, reuse), SOURCE_TIMEOUT_MS);
  if (run.code !== 0) throw new Error(`smtp-source exited with code ${run.code} signal ${run.signal}: ${run.stderr.slice(-2000)}`);
  return run;
}

/** smtp-sink on a free port (discarding, or dumping each message to `dumpDir`), measured, stopped. */
async function measureSmtpSink(cleanup: Cleanup, dumpDir: string | null, reuse = false): Promise<Measurement> {
  const port = await freePort();
  const dump = dumpDir ? ['-d', join(dumpDir, 'm')] : [];
  const sink = spawnServer(cleanup, postfixTool('smtp-sink'), ['-u', 'nobody', '-c', ...dump, `127.0.0.1:${port}`, '256']);
  await waitFor('smtp-sink listening', () => portOpen(port), 10_000);
  const run = await source(cleanup, port, reuse);
  await stopChild(sink);
  const target = dumpDir ? 'Postfix smtp-sink -d (file per message, no fsync)' : 'Postfix smtp-sink (discard; ceiling)';
  return { target: reuse ? `${target}, connections reused` : target, run };
}

interface CustodianFigures {
  measurement: Measurement;
  drainMs: number;
  archivedCopies: number;
  dead: number;
  peakRss: number | null;
}

/** Custodian as a child process on a fresh data dir; smtp-source timed, then the drain awaited. */
async function measureCustodian(cleanup: Cleanup, reuse: boolean): Promise<CustodianFigures> {
  const dataDir = benchTempDir(cleanup, 'smtp');
  const appliance = await startApplianceChild(cleanup, dataDir, { CUSTODIAN_LOG_LEVEL: 'info' });
  const run = await source(cleanup, appliance.smtpPort, reuse);
  const sourceEnded = performance.now();
  const watch = new ArchiveWatch(dataDir);
  cleanup.add('close archive watch', () => watch.close());
  let last = watch.backlog();
  await waitFor('pipeline drained', () => {
    last = watch.backlog();
    return last.pending === 0 && last.archivedCopies + last.dead >= MESSAGES;
  }, DRAIN_TIMEOUT_MS, 100);
  const drainMs = performance.now() - sourceEnded;
  const peakRss = await peakRssMiB(appliance.pid);
  watch.close();
  await stopChild(appliance.child, 30_000); // frees the cores for the next measurement
  const target = 'Custodian journaling sink (durable, pipeline running)';
  return {
    measurement: { target: reuse ? `${target}, connections reused` : target, run },
    drainMs,
    archivedCopies: last.archivedCopies,
    dead: last.dead,
    peakRss,
  };
}

runBench('smtp', 10 * 60_000, async (cleanup) => {
  const machine = machineInfo();
  console.log(`bench:smtp on ${describeMachine(machine)}`);
  console.log(`smtp-source ${sourceArgs(0).join(' ').replace('127.0.0.1:0', '127.0.0.1:PORT')}\n`);

  const ceiling = await measureSmtpSink(cleanup, null);
  console.log(`smtp-sink (discard):            ${rate(ceiling).toFixed(0)} msgs/s`);
  const dumpDir = benchTempDir(cleanup, 'smtp-sink-dump');
  chmodSync(dumpDir, 0o777); // smtp-sink writes as the unprivileged user given to -u
  const files = await measureSmtpSink(cleanup, dumpDir);
  console.log(`smtp-sink -d (files):           ${rate(files).toFixed(0)} msgs/s`);
  const custodian = await measureCustodian(cleanup, false);
  console.log(`custodian:                      ${rate(custodian.measurement).toFixed(0)} msgs/s; drained ${(custodian.drainMs / 1000).toFixed(1)} s later`);
  const ceilingReused = await measureSmtpSink(cleanup, null, true);
  console.log(`smtp-sink, connections reused:  ${rate(ceilingReused).toFixed(0)} msgs/s`);
  const reused = await measureCustodian(cleanup, true);
  console.log(`custodian, connections reused:  ${rate(reused.measurement).toFixed(0)} msgs/s; drained ${(reused.drainMs / 1000).toFixed(1)} s later\n`);

  const ratio = rate(custodian.measurement) / rate(ceiling);
  const ratioReused = rate(reused.measurement) / rate(ceilingReused);
  const table: Table = {
    headers: ['target', 'smtp-source', 'wall s', 'msgs/s', 'vs smtp-sink', 'drained after'],
    rows: [
      { m: ceiling, base: ceiling, c: null },
      { m: files, base: ceiling, c: null },
      { m: custodian.measurement, base: ceiling, c: custodian },
      { m: ceilingReused, base: ceilingReused, c: null },
      { m: reused.measurement, base: ceilingReused, c: reused },
    ].map(({ m, base, c }: { m: Measurement; base: Measurement; c: CustodianFigures | null }) => [
      m.target,
      m.target.endsWith('reused') ? 'with -d' : 'as given',
      (m.run.elapsedMs / 1000).toFixed(2),
      rate(m).toFixed(0),
      (rate(m) / rate(base)).toFixed(2),
      c ? `${(c.drainMs / 1000).toFixed(1)} s` : '',
    ]),
  };
  const verdict = ratio >= 0.5 ? 'met' : 'MISSED';
  const drainLine = (label: string, c: CustodianFigures) =>
    `${label}: archive drained ${(c.drainMs / 1000).toFixed(1)} s after smtp-source finished ` +
    `(${c.archivedCopies} copies archived, ${c.dead} dead-lettered; ` +
    `end-to-end ${(MESSAGES / ((c.measurement.run.elapsedMs + c.drainMs) / 1000)).toFixed(0)} msgs/s); ` +
    `appliance peak RSS ${c.peakRss ?? 'n/a'} MiB.`;
  const drainLines = [drainLine('Custodian, one message per connection', custodian), drainLine('Custodian, connections reused', reused)];
  console.log(formatTable(table));
  console.log(`\nratio Custodian / smtp-sink = ${ratio.toFixed(2)} (target ≥ 0.50: ${verdict}); with connections reused ${ratioReused.toFixed(2)}`);
  for (const line of drainLines) console.log(line);

  writeResultsSection('smtp', [
    '## bench:smtp — SMTP acceptance vs Postfix smtp-sink',
    '',
    '```',
    'npm run bench:smtp',
    `# each target: smtp-source ${sourceArgs(0).join(' ').replace('127.0.0.1:0', '127.0.0.1:PORT')}`,
    '# targets: smtp-sink -u nobody -c 127.0.0.1:PORT 256; the same with -d DIR/m; custodian start (fresh data dir)',
    '# then again with smtp-source -d (connections reused) against smtp-sink and a fresh custodian',
    '```',
    '',
    `Machine: ${describeMachine(machine)}.`,
    '',
    markdownTable(table),
    '',
    `Ratio Custodian / smtp-sink: **${ratio.toFixed(2)}** (target ≥ 0.50: ${verdict}); with connections reused`,
    `(smtp-source -d, both sides): **${ratioReused.toFixed(2)}**.`,
    '',
    ...drainLines.map((line) => `- ${line}`),
    '',
    'Custodian runs as a child process (`custodian start`), durability as shipped: every `250` follows a',
    'group-committed SQLite transaction whose WAL is fsync\'d (on the thread pool) before the reply. Its pipeline',
    '(2 worker threads) runs while mail arrives and competes for the same 2 cores, as it would in production.',
    'smtp-source sends one message per connection (HELO, no pipelining) unless `-d`; wall time is spawn-to-exit of',
    'smtp-source (process.hrtime). The connection-reuse rows measure the sink without per-connection cost.',
  ].join('\n'));
});
