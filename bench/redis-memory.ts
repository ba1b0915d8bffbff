/**
 * bench:redis-memory — what the cluster profile keeps in Redis per message. Redis is the queue,
 * not the archive: a queued message costs its BullMQ job (hash, list entry, events), an archived
 * one should cost nothing. On a fresh key prefix, through the product's own BullmqJobQueue:
 *
 * 1. enqueue N `ingest` jobs (payload and job id a spool id, as the SMTP sink enqueues them):
 *    Redis memory per queued message;
 * 2. run a worker with a trivial handler until every job has completed (completed jobs are removed
 *    as the product configures it), close it: memory per idle archived message, and what remains;
 * 3. enqueue and complete another N: what the second N adds (bounded structures stay the same size).
 *
 * Memory is read two ways: INFO `used_memory` (the whole server: what an operator sees, disturbed
 * by other clients of a shared Redis) and the exact `MEMORY USAGE` of every key under the prefix.
 * Option: `--jobs N` (default 10,000; only that is recorded in RESULTS.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config/load-config.js';
import { BullmqJobQueue } from '../src/queue/bullmq/bullmq-job-queue.js';
import type { JobHandlers } from '../src/queue/catalogue.js';
import { keyGroups, usedMemory, type KeyGroup } from './cluster/redis-keys.js';
import { deleteRedisPrefix } from './cluster/run-resources.js';
import { REDIS_CONNECTION, runName } from './cluster/services.js';
import { integerOption } from './support/integer-option.js';
import { describeMachine, machineInfo } from './support/machine-info.js';
import { writeResultsSection } from './support/results-file.js';
import { runBench } from './support/run-bench.js';
import { formatTable, markdownTable, type Table } from './support/table.js';
import { waitFor } from './support/wait-for.js';

/** Enqueues in flight at once, as many SMTP sessions would have. */
const ENQUEUE_CONCURRENCY = 64;
const WORKER_CONCURRENCY = 16;
/** Jobs per round; only a run with this many is recorded in RESULTS.md. */
const DEFAULT_JOBS = 10_000;

const { values: args } = parseArgs({ options: { jobs: { type: 'string' } } });

interface Snapshot {
  usedMemory: number;
  groups: KeyGroup[];
  prefixBytes: number;
  prefixKeys: number;
}

runBench('redis-memory', 10 * 60_000, async (cleanup) => {
  const machine = machineInfo();
  const jobs = integerOption('jobs', args.jobs, DEFAULT_JOBS);
  if (jobs === 0) throw new Error('--jobs must be at least 1');
  console.log(`bench:redis-memory on ${describeMachine(machine)}; ${jobs} jobs per round`);
  const prefix = runName('custodian-bench-redis-memory');
  cleanup.add(`delete Redis keys ${prefix}:*`, () => deleteRedisPrefix(prefix));
  const redis = new Redis({ ...REDIS_CONNECTION });
  cleanup.add('close the Redis connection', () => {
    redis.disconnect();
  });
  const server = /^redis_version:(.+)$/m.exec(await redis.info('server'))?.[1]?.trim() ?? '?';
  const maxmemoryPolicy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1] ?? '?';

  const config = loadConfig({ env: {} });
  const queue = new BullmqJobQueue({ connection: { ...REDIS_CONNECTION }, prefix, retry: config.pipeline.retry, logger: pino({ level: 'silent' }) });
  cleanup.add('close the job queue', () => queue.close());
  // Open every connection and load BullMQ's scripts before the baseline, so neither counts as per-message memory.
  await queue.counts();
  await warmUpScripts();

  const ids = new Set<string>();
  const snapshot = async (): Promise<Snapshot> => {
    await sleep(200);
    const groups = await keyGroups(redis, prefix, ids);
    return {
      usedMemory: await usedMemory(redis),
      groups,
      prefixBytes: groups.reduce((sum, g) => sum + g.bytes, 0),
      prefixKeys: groups.reduce((sum, g) => sum + g.keys, 0),
    };
  };
  const base = await snapshot();

  const enqueueRound = async (): Promise<number> => {
    const round = Array.from({ length: jobs }, () => uuidv7());
    for (const id of round) ids.add(id);
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: ENQUEUE_CONCURRENCY }, async () => {
      for (let i = next++; i < round.length; i = next++) {
        const id = round[i] as string;
        await queue.enqueue('ingest', { spoolId: id }, id);
      }
    }));
    return jobs / ((performance.now() - started) / 1000);
  };
  const completeAll = async (expectedCompleted: number): Promise<number> => {
    const started = performance.now();
    const done = async () => undefined;
    const handlers: JobHandlers = { ingest: done, notify: done, export: done, report: done };
    queue.start(handlers, { concurrency: WORKER_CONCURRENCY });
    await waitFor('every job completed', async () => {
      const counts = await queue.counts();
      return counts.waiting === 0 && counts.active === 0 && counts.completed >= expectedCompleted;
    }, 120_000, 100);
    const seconds = (performance.now() - started) / 1000;
    await queue.drain(); // the worker's own connections closed, as when the worker processes idle elsewhere
    return jobs / seconds;
  };

  const enqueueRate = await enqueueRound();
  const queued = await snapshot();
  console.log(`enqueued ${jobs} (${enqueueRate.toFixed(0)} jobs/s): used_memory +${kib(queued.usedMemory - base.usedMemory)} KiB, keys under the prefix ${kib(queued.prefixBytes)} KiB`);
  const completeRate = await completeAll(jobs);
  const idle = await snapshot();
  const counts = await queue.counts();
  console.log(`completed ${counts.completed} (${completeRate.toFixed(0)} jobs/s): used_memory +${kib(idle.usedMemory - base.usedMemory)} KiB over the baseline, keys under the prefix ${kib(idle.prefixBytes)} KiB`);
  await enqueueRound();
  await completeAll(2 * jobs);
  const second = await snapshot();
  const failed = (await queue.counts()).dead;

  const perMessage = (bytes: number) => (bytes / jobs).toFixed(1);
  const table: Table = {
    headers: ['measure', 'INFO used_memory (whole server)', 'keys under the prefix (MEMORY USAGE)'],
    rows: [
      ['baseline (queue opened, scripts loaded)', `${mib(base.usedMemory)} MiB`, `${base.prefixKeys} keys, ${base.prefixBytes} B`],
      [`${jobs} ingest jobs queued`, `+${kib(queued.usedMemory - base.usedMemory)} KiB`, `${queued.prefixKeys} keys, ${kib(queued.prefixBytes)} KiB`],
      ['**per queued message**', `**${perMessage(queued.usedMemory - base.usedMemory)} B**`, `**${perMessage(queued.prefixBytes - base.prefixBytes)} B**`],
      [`all ${jobs} completed (removed), worker closed`, `${signed(kib(idle.usedMemory - base.usedMemory))} KiB`, `${idle.prefixKeys} keys, ${kib(idle.prefixBytes)} KiB`],
      ['**per idle archived message**', `**${perMessage(idle.usedMemory - base.usedMemory)} B**`, `**${perMessage(idle.prefixBytes - base.prefixBytes)} B**`],
      [`a second ${jobs} queued and completed`, `${signed(kib(second.usedMemory - idle.usedMemory))} KiB more`, `${signed(kib(second.prefixBytes - idle.prefixBytes))} KiB more (${second.prefixKeys} keys)`],
      ['… per message of the second round', `${perMessage(second.usedMemory - idle.usedMemory)} B`, `${perMessage(second.prefixBytes - idle.prefixBytes)} B`],
    ],
  };
  const breakdown = (title: string, snap: Snapshot): Table => ({
    headers: [`${title}: key (prefix stripped)`, 'type', 'keys', 'elements', 'bytes', 'bytes per message'],
    rows: snap.groups.map((g) => [`\`${g.pattern}\``, g.type, String(g.keys), String(g.elements), String(g.bytes), (g.bytes / jobs).toFixed(1)]),
  });
  const queuedTable = breakdown(`${jobs} queued`, queued);
  const idleTable = breakdown(`after ${2 * jobs} completed`, second);
  const notes = [
    `Enqueue ${enqueueRate.toFixed(0)} jobs/s (${ENQUEUE_CONCURRENCY} in flight); a trivial-handler worker (concurrency ${WORKER_CONCURRENCY}) completed ${completeRate.toFixed(0)} jobs/s. Dead-lettered: ${failed}.`,
    `What stays after the jobs are gone is bounded, not per message: the \`events\` stream is trimmed to BullMQ's \`maxLenEvents\` (10,000 entries by default, approximate trimming),`,
    'the completed counter (`metrics:completed`) is one hash, and its per-minute data points (`metrics:completed:data`) are capped at',
    'one week (10,080 points, `MetricsTime.ONE_WEEK` in bullmq-job-queue.ts); `meta` holds the queue\'s settings. Each queue of the catalogue has',
    'its own set once it is used. So the per-message figure after completion falls towards 0 as the archive grows; a second round adds',
    'only what the bounded structures had not yet reached.',
  ];

  console.log(`\n${formatTable(table)}\n\n${formatTable(queuedTable)}\n\n${formatTable(idleTable)}\n\n${notes.join('\n')}`);
  if (jobs !== DEFAULT_JOBS) {
    console.log(`\nnot recorded in RESULTS.md (--jobs ${jobs}, not ${DEFAULT_JOBS})`);
    return;
  }
  writeResultsSection('redis-memory', [
    '## bench:redis-memory — Redis memory per queued and per archived message (cluster profile)',
    '',
    '```',
    'npm run bench:redis-memory',
    '```',
    '',
    `Machine: ${describeMachine(machine)}. Redis ${server} on 127.0.0.1 (maxmemory-policy ${maxmemoryPolicy}), shared with other clients.`,
    '',
    `${jobs} \`ingest\` jobs (payload \`{ spoolId }\`, job id the spool id, a UUIDv7, as the SMTP sink enqueues them) through the`,
    'product\'s `BullmqJobQueue` on a fresh key prefix; then a worker with a trivial handler completes them (completed jobs are removed,',
    'as the product configures BullMQ) and is closed; then a second round of the same. INFO `used_memory` is the whole server',
    '(what an operator watches; other clients of the shared Redis move it too); the prefix column is the exact `MEMORY USAGE`',
    '(SAMPLES 0) of every key under the run\'s prefix.',
    '',
    markdownTable(table),
    '',
    markdownTable(queuedTable),
    '',
    markdownTable(idleTable),
    '',
    ...notes,
  ].join('\n'));
});

/** Loads BullMQ's scripts into the server's script cache on a throwaway prefix (global, so not per message). */
async function warmUpScripts(): Promise<void> {
  const prefix = runName('custodian-bench-redis-warmup');
  const queue = new BullmqJobQueue({ connection: { ...REDIS_CONNECTION }, prefix, retry: { maxAttempts: 1, backoffMs: 1000, maxBackoffMs: 1000 }, logger: pino({ level: 'silent' }) });
  try {
    const id = uuidv7();
    await queue.enqueue('ingest', { spoolId: id }, id);
    const done = async () => undefined;
    queue.start({ ingest: done, notify: done, export: done, report: done }, { concurrency: 1 });
    await waitFor('warm-up job completed', async () => (await queue.counts()).completed >= 1, 30_000, 50);
  } finally {
    await queue.close();
    await deleteRedisPrefix(prefix);
  }
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function signed(text: string): string {
  return text.startsWith('-') ? text : `+${text}`;
}
