/**
 * bench:cluster-ingest — the SpamAssassin corpus over SMTP into the cluster profile, roles as
 * separate processes (`custodian smtp`, `custodian worker`) over Redis (BullMQ), the shared data
 * directory and the OpenSearch node: first 1 smtp + 1 worker process, then 1 smtp + 2 worker
 * processes, each run on a fresh Redis prefix, index prefix and data directory. Reports msgs/s end
 * to end (first send → last copy searchable), p50/p99 from each `250` to searchable, the peak RSS
 * of each process, the ingest queue's waiting depth over time, and where the CPU went (per
 * process, the workers' main thread apart, OpenSearch, Redis, the rest of the machine).
 * Target: ≥ 1,000 msgs/s end to end with 2 workers.
 *
 * "Searchable" is observed in OpenSearch itself, not through the product: see
 * cluster/searchable-watch.ts. Options: `--messages N` (first N corpus messages; default all),
 * `--workers 1,2`, `--connections 12`, `--cpu-prof` (workers write V8 CPU profiles to
 * bench/out/cluster-ingest-prof/; a full-corpus profiled run records only the profile summary, in
 * section `cluster-ingest-profile`). Only a full-corpus run without profiling rewrites the figures.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runIngestConfiguration, type IngestRunFigures } from './cluster/ingest-run.js';
import { summariseCpuProfiles } from './cluster/cpu-profile.js';
import { describeOpenSearch } from './cluster/opensearch-http.js';
import { loadCorpus } from './support/corpus.js';
import { integerOption } from './support/integer-option.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { formatMs } from './support/percentiles.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { formatTable, markdownTable, type Table } from './support/table.js';

const TARGET_MSGS_PER_S = 1_000;
const POLL_MS = 100;
/** Longest wait per configuration, first send → every accepted copy searchable. */
const RUN_TIMEOUT_MS = 5 * 60_000;
/** The product's default `pipeline.concurrency` (jobs in flight per worker process). */
const PIPELINE_CONCURRENCY = 16;
const PROFILE_DIR = fileURLToPath(new URL('../../bench/out/cluster-ingest-prof/', import.meta.url));

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string' },
    workers: { type: 'string', default: '1,2' },
    connections: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});

runBench('cluster-ingest', 15 * 60_000, async (cleanup) => {
  const machine = machineInfo();
  console.log(`bench:cluster-ingest on ${describeMachine(machine)}`);
  const fullCorpus = loadCorpus();
  const corpus = fullCorpus.slice(0, integerOption('messages', args.messages, fullCorpus.length));
  const connections = integerOption('connections', args.connections, 12);
  const workerCounts = (args.workers ?? '1,2').split(',').map((w) => integerOption('workers', w.trim(), 1));
  const profiling = args['cpu-prof'] === true;
  const openSearch = await describeOpenSearch();
  const corpusMiB = corpus.reduce((sum, m) => sum + m.wire.length, 0) / 2 ** 20;
  console.log(`corpus: ${corpus.length} messages, ${corpusMiB.toFixed(1)} MiB; ${connections} SMTP connections; worker processes: ${workerCounts.join(', ')}`);

  const runs: IngestRunFigures[] = [];
  const profiles: string[] = [];
  for (const workers of workerCounts) {
    console.log(`\n${workers} worker process(es):`);
    const profileDir = `${PROFILE_DIR}w${workers}`;
    if (profiling) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    const run = await runIngestConfiguration({
      workers, corpus, connections, pollMs: POLL_MS, timeoutMs: RUN_TIMEOUT_MS,
      ...(profiling ? { workerNodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {}),
      log: (line) => console.log(line),
    }, cleanup);
    runs.push(run);
    console.log(`  end to end ${rate(run.accepted, run.endToEndS)} msgs/s; 250 → searchable p50 ${formatMs(run.latency.p50)} ms, p99 ${formatMs(run.latency.p99)} ms`);
    if (profiling) {
      const summary = summariseCpuProfiles(profileDir, { fromUs: run.startedAtUs, toUs: run.endedAtUs });
      profiles.push(`${workers} worker process(es), profiled run: ${rate(run.accepted, run.endToEndS)} msgs/s end to end\n${summary}`);
      console.log(`\n${summary}`);
    }
  }

  const table = figuresTable(runs, machine.nproc);
  const timelines = runs.map((run) => `- ${run.workers} worker(s), ingest jobs waiting every 5 s from the first send: ${depthTimeline(run)}`);
  const verdicts = verdictLines(runs);
  const findings = findingLines(runs, machine.nproc);
  const problems = runs.flatMap((run) => run.processes.filter((p) => p.problems > 0).map((p) =>
    `- ${run.workers} worker(s), ${p.label}: ${p.problems} log lines at warn or above; last: ${p.lastProblems.slice(-3).join(' | ')}`));
  const refused = runs.flatMap((run) => run.refused.slice(0, 5).map((r) => `- ${run.workers} worker(s), refused: ${r}`));

  console.log(`\n${formatTable(table)}\n`);
  for (const line of [...timelines, '', ...verdicts, '', ...findings, ...problems, ...refused]) console.log(line);

  const full = corpus.length === fullCorpus.length;
  if (!full) {
    console.log(`\nnot recorded in RESULTS.md (${corpus.length} of ${fullCorpus.length} messages)`);
    return;
  }
  if (profiling) {
    writeResultsSection('cluster-ingest-profile', [
      '## bench:cluster-ingest --cpu-prof — where the worker processes spend their time',
      '',
      '```',
      `npm run bench:cluster-ingest -- --workers ${workerCounts.join(',')} --cpu-prof`,
      '```',
      '',
      `Machine: ${describeMachine(machine)}; ${openSearch}.`,
      '',
      'The same run as bench:cluster-ingest with each worker process under `node --cpu-prof` (its main thread and its',
      'analyse worker threads each write a V8 profile to bench/out/cluster-ingest-prof/). Only samples between the first send',
      'and the last copy searchable count. Each sample is charged to the pipeline stage on its stack (`src/pipeline/stages/<stage>`),',
      'else to the deepest `src/` folder, else to the package or Node internals it was in; code called back asynchronously',
      '(a parser\'s stream events) loses its stage and shows as its package. V8 samples wall time of a running thread, so with',
      'more threads than CPUs the milliseconds include time spent descheduled: read them as shares. Profiling slows the workers,',
      'so these runs\' throughput is not the benchmark\'s.',
      '',
      '```',
      profiles.join('\n\n'),
      '```',
    ].join('\n'));
    console.log('\nrecorded the profile in RESULTS.md (section cluster-ingest-profile); the figures of a profiled run are not recorded');
    return;
  }
  writeResultsSection('cluster-ingest', [
    '## bench:cluster-ingest — SpamAssassin corpus, SMTP in → searchable in OpenSearch (cluster profile)',
    '',
    '```',
    'npm run bench:cluster-ingest',
    '```',
    '',
    `Machine: ${describeMachine(machine)}. ${openSearch}, single node (\`scripts/opensearch/run.sh\`), and Redis on the`,
    'same machine, sharing its CPUs with every Custodian process, the benchmark client and whatever else ran (the "rest of the machine" row).',
    '',
    `${corpus.length} messages (${corpusMiB.toFixed(1)} MiB, mbox \`From \` line stripped, CRLF) sent with nodemailer over ${connections}`,
    'persistent connections to one `custodian smtp` process, archived by 1, then 2 `custodian worker` processes',
    '(cluster profile as shipped: 2 analyse threads and pipeline concurrency 16 per worker process, gzip blobs,',
    'fsync\'d spool files; the archive index reads and writes in `_mget`/`_bulk` batches shared by concurrent jobs), each run on a fresh Redis prefix, index prefix',
    'and data directory. "Searchable" is observed in OpenSearch, not through Custodian: every',
    `${POLL_MS} ms (polls never overlap) a search on the messages alias returns the \`eventKeys\` (\`<spoolId> <role>\`) of`,
    'the documents written since the last poll (by `_seq_no`); a copy counts as searchable when the answer of a poll first',
    'holds its key, timed when that answer is read, so latencies carry up to one poll interval plus one poll of delay,',
    'and include the index\'s 1 s refresh interval (the polls keep the shard from going search-idle). "Job done" is the first',
    'poll (the same ones) that finds the copy\'s spool file gone: the job removes it after `record` and the notices. CPU seconds are',
    'utime + stime from /proc over first send → last searchable; "main thread" is the worker process\'s event loop',
    '(BullMQ, HTTP to OpenSearch, building the JSON document); "other threads" its analyse worker threads (unjournal,',
    'parse, classify, blob write), libuv pool and V8 helper threads.',
    '',
    markdownTable(table),
    '',
    ...timelines,
    '',
    ...verdicts,
    '',
    ...findings,
    ...(problems.length + refused.length > 0 ? ['', ...problems, ...refused] : []),
  ].join('\n'));
});

function rate(count: number, seconds: number): string {
  return seconds > 0 ? (count / seconds).toFixed(0) : 'n/a';
}

function cpu(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? 'n/a' : seconds.toFixed(1);
}

function perMessage(seconds: number | null, run: IngestRunFigures): string {
  return seconds === null || run.accepted === 0 ? 'n/a' : (seconds * 1000 / run.accepted).toFixed(2);
}

function workersCpu(run: IngestRunFigures): { main: number; other: number } {
  const workers = run.processes.filter((p) => p.label.startsWith('worker'));
  const main = workers.reduce((sum, p) => sum + (p.cpu?.mainThreadS ?? 0), 0);
  const total = workers.reduce((sum, p) => sum + (p.cpu?.totalS ?? 0), 0);
  return { main, other: total - main };
}

function ourCpu(run: IngestRunFigures): number {
  return run.processes.reduce((sum, p) => sum + (p.cpu?.totalS ?? 0), 0) + (run.openSearchCpuS ?? 0) + (run.redisCpuS ?? 0) + run.benchCpuS;
}

function maxWaiting(run: IngestRunFigures): number {
  return Math.max(0, ...run.depth.map((s) => s.waiting));
}

/** The last sample taken at or before `at`. */
function waitingAt(run: IngestRunFigures, at: number): number {
  let waiting = 0;
  for (const sample of run.depth) if (sample.at <= at) waiting = sample.waiting;
  return waiting;
}

function depthTimeline(run: IngestRunFigures): string {
  const points: string[] = [];
  for (let t = 0; run.startedAt + t * 1000 <= run.lastSearchableAt + 1; t += 5) points.push(String(waitingAt(run, run.startedAt + t * 1000)));
  return `${points.join(' → ')} (max ${maxWaiting(run)}; last 250 at ${((run.lastAckAt - run.startedAt) / 1000).toFixed(1)} s)`;
}

function figuresTable(runs: IngestRunFigures[], nproc: number): Table {
  const row = (label: string, value: (run: IngestRunFigures) => string) => [label, ...runs.map(value)];
  const ossPerMsg = (run: IngestRunFigures, n: number) => (run.accepted === 0 ? 'n/a' : (n / run.accepted).toFixed(2));
  const maxWorkers = Math.max(...runs.map((r) => r.workers));
  return {
    headers: ['figure', ...runs.map((r) => `1 smtp + ${r.workers} worker${r.workers === 1 ? '' : 's'}`)],
    rows: [
      row('messages sent / accepted (250) / refused', (r) => `${r.sent} / ${r.accepted} / ${r.refused.length}`),
      row('first send → last 250', (r) => `${r.acceptS.toFixed(1)} s`),
      row('SMTP acceptance (first send → last 250)', (r) => `${rate(r.accepted, r.acceptS)} msgs/s`),
      row('first send → last searchable', (r) => `${r.endToEndS.toFixed(1)} s`),
      row('**end-to-end throughput**', (r) => `**${rate(r.accepted, r.endToEndS)} msgs/s**`),
      row('250 → searchable p50', (r) => `${formatMs(r.latency.p50)} ms`),
      row('250 → searchable p99', (r) => `${formatMs(r.latency.p99)} ms`),
      row('250 → searchable max', (r) => `${formatMs(r.latency.max)} ms`),
      row('job done (spool file removed) → searchable p50', (r) => `${formatMs(r.indexLag.p50)} ms`),
      row('job done (spool file removed) → searchable p99', (r) => `${formatMs(r.indexLag.p99)} ms`),
      row('copies seen searchable / accepted', (r) => `${r.searchable} / ${r.accepted}`),
      row('messages in the index (`_count`: distinct originals)', (r) => String(r.documents)),
      row('ingest jobs waiting: max', (r) => String(maxWaiting(r))),
      row('ingest jobs waiting at the last 250', (r) => String(waitingAt(r, r.lastAckAt))),
      row('last 250 → last searchable', (r) => `${((r.lastSearchableAt - r.lastAckAt) / 1000).toFixed(1)} s`),
      row('failed (dead-lettered) jobs', (r) => String(r.failedJobs)),
      row('peak RSS (VmHWM): smtp', (r) => `${r.processes.find((p) => p.label === 'smtp')?.peakRssMiB ?? 'n/a'} MiB`),
      ...Array.from({ length: maxWorkers }, (_, i) =>
        row(`peak RSS (VmHWM): worker ${i + 1}`, (r) => {
          const p = r.processes.find((q) => q.label === `worker ${i + 1}`);
          return p ? `${p.peakRssMiB ?? 'n/a'} MiB` : '—';
        })),
      row('CPU s: smtp process', (r) => cpu(r.processes.find((p) => p.label === 'smtp')?.cpu?.totalS)),
      row('CPU s: worker processes, main thread', (r) => cpu(workersCpu(r).main)),
      row('CPU s: worker processes, other threads', (r) => cpu(workersCpu(r).other)),
      row('CPU s: OpenSearch JVM', (r) => cpu(r.openSearchCpuS)),
      row('CPU s: Redis', (r) => cpu(r.redisCpuS)),
      row('CPU s: benchmark client (SMTP + polls)', (r) => cpu(r.benchCpuS)),
      row('CPU s: rest of the machine (other tenants)', (r) => cpu(Math.max(0, r.machineBusyS - ourCpu(r)))),
      row(`machine busy (of ${nproc} CPUs)`, (r) => `${((100 * r.machineBusyS) / r.capacityS).toFixed(0)} %`),
      row('CPU ms per message: workers (main + other)', (r) => perMessage(workersCpu(r).main + workersCpu(r).other, r)),
      row('CPU ms per message: OpenSearch', (r) => perMessage(r.openSearchCpuS, r)),
      row('CPU ms per message: smtp + Redis', (r) => perMessage((r.processes.find((p) => p.label === 'smtp')?.cpu?.totalS ?? 0) + (r.redisCpuS ?? 0), r)),
      row('OpenSearch index ops per message (primaries)', (r) => ossPerMsg(r, r.index.indexTotal)),
      row('OpenSearch index time per op', (r) => `${r.index.indexTotal === 0 ? 'n/a' : (r.index.indexTimeMs / r.index.indexTotal).toFixed(2)} ms`),
      row('OpenSearch realtime GETs per message', (r) => ossPerMsg(r, r.index.getTotal)),
      row('OpenSearch refreshes / merge time', (r) => `${r.index.refreshTotal} / ${(r.index.mergeTimeMs / 1000).toFixed(1)} s`),
      row('searchability polls: count, p50 / max', (r) => `${r.poll.count}, ${formatMs(r.poll.p50)} / ${formatMs(r.poll.max)} ms`),
      row('… their query + fetch time in OpenSearch', (r) => `${((r.index.queryTimeMs + r.index.fetchTimeMs) / 1000).toFixed(1)} s`),
    ],
  };
}

function verdictLines(runs: IngestRunFigures[]): string[] {
  const lines: string[] = [];
  const two = runs.find((r) => r.workers === 2);
  if (two) {
    const endToEnd = two.accepted / two.endToEndS;
    lines.push(`- End-to-end with 2 workers: **${endToEnd.toFixed(0)} msgs/s** (target ≥ ${TARGET_MSGS_PER_S.toLocaleString('en')}: ${endToEnd >= TARGET_MSGS_PER_S ? 'met' : 'MISSED'}).`);
  }
  for (const run of runs) {
    const inFlight = run.workers * PIPELINE_CONCURRENCY;
    const behind = waitingAt(run, run.lastAckAt);
    const keptUp = behind <= inFlight && run.lastSearchableAt - run.lastAckAt <= 3_000;
    lines.push(`- Workers kept up with SMTP acceptance, ${run.workers} worker(s): ${keptUp ? 'yes' : 'NO'} — ${behind} ingest jobs waiting at the last 250 ` +
      `(${inFlight} can be in flight), max ${maxWaiting(run)}; last copy searchable ${((run.lastSearchableAt - run.lastAckAt) / 1000).toFixed(1)} s after the last 250.`);
    // The index is behind only if copies wait for it after their job is done: more than a refresh interval plus two polls.
    const indexBehind = run.indexLag.p99 > 1_000 + 2 * POLL_MS + run.poll.p99;
    lines.push(`- OpenSearch indexing kept up with the workers, ${run.workers} worker(s): ${indexBehind ? 'NO' : 'yes'} — job done → searchable ` +
      `p50 ${formatMs(run.indexLag.p50)} ms, p99 ${formatMs(run.indexLag.p99)} ms (refresh interval 1 s, polls every ${POLL_MS} ms).`);
  }
  return lines;
}

/** Where the CPU went, from the figures of each run: what limits throughput on this machine. */
function findingLines(runs: IngestRunFigures[], nproc: number): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    const ours = ourCpu(run);
    const { main, other } = workersCpu(run);
    const smtp = run.processes.find((p) => p.label === 'smtp')?.cpu?.totalS ?? 0;
    const share = (s: number) => `${((100 * s) / ours).toFixed(0)} %`;
    const perMessageMs = ((ours - run.benchCpuS) * 1000) / run.accepted;
    lines.push(
      `- ${run.workers} worker(s): machine ${((100 * run.machineBusyS) / run.capacityS).toFixed(0)} % busy; of the CPU the benchmark's processes used, ` +
      `worker analyse/other threads ${share(other)}, worker main threads ${share(main)}, OpenSearch ${share(run.openSearchCpuS ?? 0)}, ` +
      `smtp ${share(smtp)}, Redis ${share(run.redisCpuS ?? 0)}, benchmark client ${share(run.benchCpuS)}. ` +
      `Custodian + OpenSearch + Redis used ${perMessageMs.toFixed(1)} CPU ms per message: on ${nproc} CPUs with nothing else running that caps ` +
      `end to end at about ${((nproc * 1000) / perMessageMs).toFixed(0)} msgs/s.`,
    );
  }
  return lines;
}
