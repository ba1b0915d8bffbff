import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { CorpusMessage } from '../support/corpus.js';
import { peakRssMiB } from '../support/child-process.js';
import { summarise, type Summary } from '../support/percentiles.js';
import { Cleanup } from '../support/run-bench.js';
import { smtpClient, spoolIdOf } from '../../test/support/smtp-client.js';
import { cpuDelta, machineCpu, processCpu, type ProcessCpu } from './cpu-meter.js';
import { indexStats, openSearchJson, openSearchPid, statsDelta, type IndexStats } from './opensearch-http.js';
import { QueueDepthSampler, type DepthSample } from './queue-depth.js';
import { startRole, type RoleProcess } from './role-process.js';
import { freshRunResources } from './run-resources.js';
import { SearchableWatch } from './searchable-watch.js';
import { REDIS_CONNECTION } from './services.js';

export interface IngestRunOptions {
  workers: number;
  corpus: readonly CorpusMessage[];
  /** Parallel SMTP connections. */
  connections: number;
  /** How often the message index is searched for new copies. */
  pollMs: number;
  /** Longest wait from the first send until every accepted copy is searchable. */
  timeoutMs: number;
  /** Node options of each worker process (e.g. `--cpu-prof`). */
  workerNodeArgs?: string[];
  log: (line: string) => void;
}

export interface ProcessFigures {
  label: string;
  peakRssMiB: number | null;
  cpu: ProcessCpu | null;
  problems: number;
  lastProblems: string[];
}

export interface IngestRunFigures {
  workers: number;
  sent: number;
  accepted: number;
  refused: string[];
  /** First send → last `250`, s. */
  acceptS: number;
  /** First send → last copy searchable (or the timeout), s. */
  endToEndS: number;
  /** Accepted copies seen searchable. */
  searchable: number;
  /** `250` → searchable, ms, of the copies seen. */
  latency: Summary;
  /**
   * Job done → searchable, ms: from the first poll that found the copy's spool file gone (the job
   * removes it after `record` and the notices) to the first that found it searchable. Negative
   * when a refresh showed the copy before its job had finished.
   */
  indexLag: Summary;
  /** Duration of one searchability poll (request sent → answer read), ms. */
  poll: Summary;
  depth: DepthSample[];
  /** performance.now() of the first send and of the last `250`. */
  startedAt: number;
  /** The same moments on the monotonic clock in µs (`process.hrtime`), for CPU profiles. */
  startedAtUs: number;
  endedAtUs: number;
  lastAckAt: number;
  lastSearchableAt: number;
  failedJobs: number;
  documents: number;
  processes: ProcessFigures[];
  openSearchCpuS: number | null;
  redisCpuS: number | null;
  benchCpuS: number;
  /** CPU time every process on the machine used over the run (other tenants included), s. */
  machineBusyS: number;
  /** CPU time the machine had over the run (wall time × CPUs), s. */
  capacityS: number;
  index: IndexStats;
}

/**
 * One configuration of bench:cluster-ingest: a fresh Redis prefix, index prefix and data
 * directory; `workers` processes of `custodian worker` and one of `custodian smtp`; the corpus sent
 * over `connections` SMTP connections; each accepted copy timed from its `250` to the first search
 * that returns it (see {@link SearchableWatch}). Everything is stopped and removed before it returns.
 */
export async function runIngestConfiguration(options: IngestRunOptions, outer: Cleanup): Promise<IngestRunFigures> {
  const cleanup = new Cleanup();
  outer.add(`clean up the ${options.workers}-worker run`, () => cleanup.run());
  try {
    return await measure(options, cleanup);
  } finally {
    await cleanup.run();
  }
}

async function measure(options: IngestRunOptions, cleanup: Cleanup): Promise<IngestRunFigures> {
  const { log } = options;
  const resources = freshRunResources(cleanup, `cluster-ingest-w${options.workers}`);
  // Workers first: they create the indices; the sink last, as the product's own start order does.
  const workers = await Promise.all(
    Array.from({ length: options.workers }, () => startRole(cleanup, 'worker', resources.env, { nodeArgs: options.workerNodeArgs ?? [] })),
  );
  const smtp = await startRole(cleanup, 'smtp', resources.env);
  log(`  started smtp (pid ${smtp.pid}, port ${smtp.smtpPort}) and ${workers.length} worker(s) (pids ${workers.map((w) => w.pid).join(', ')}); redis prefix ${resources.redisPrefix}, index prefix ${resources.indexPrefix}`);

  const alias = `${resources.indexPrefix}-messages`;
  const watch = new SearchableWatch(alias);
  await watch.check();
  const depth = new QueueDepthSampler(resources.redisPrefix);
  cleanup.add('stop the queue sampler', () => depth.stop());
  const osPid = await openSearchPid();
  const redisPid = await redisServerPid();
  const indexBefore = await indexStats(alias);

  const ackedAt = new Map<string, number>();
  const searchableAt = new Map<string, number>();
  const unspooledAt = new Map<string, number>();
  const spoolDir = join(resources.dataDir, 'spool');
  const pollDurations: number[] = [];
  const refused: string[] = [];
  let sending = true;

  const processes: Array<{ label: string; role: RoleProcess }> = [
    { label: 'smtp', role: smtp },
    ...workers.map((role, i) => ({ label: `worker ${i + 1}`, role })),
  ];
  const cpuBefore = processes.map(({ role }) => processCpu(role.pid));
  const osBefore = processCpu(osPid);
  const redisBefore = redisPid === null ? null : processCpu(redisPid);
  const benchBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const startedAt = performance.now();
  const startedAtUs = Number(process.hrtime.bigint() / 1000n);
  const deadline = startedAt + options.timeoutMs;
  depth.start();

  // The watch: one search every pollMs (never overlapping), until every accepted copy is seen.
  const watching = (async () => {
    while (performance.now() < deadline) {
      const asked = performance.now();
      // Only copies acknowledged before the directory is listed: a later one may be missing from the listing.
      const ackedBefore = [...ackedAt.keys()].filter((id) => !unspooledAt.has(id));
      const [fresh, spooled] = await Promise.all([watch.poll(), spooledIds(spoolDir)]);
      const answered = performance.now();
      pollDurations.push(answered - asked);
      for (const id of fresh) if (!searchableAt.has(id)) searchableAt.set(id, answered);
      // A copy is spooled before its 250, so an accepted copy whose file is gone has had its job done.
      for (const id of ackedBefore) if (!spooled.has(id)) unspooledAt.set(id, answered);
      if (!sending && [...ackedAt.keys()].every((id) => searchableAt.has(id))) return;
      await sleep(Math.max(0, options.pollMs - (answered - asked)));
    }
  })();

  const pool = smtpClient({ port: smtp.smtpPort as number }, { pool: true, maxConnections: options.connections });
  cleanup.add('close the SMTP pool', () => pool.close());
  const envelope = { from: 'journal@bench.example', to: ['archive@bench.example'] };
  let next = 0;
  await Promise.all(Array.from({ length: options.connections }, async () => {
    for (let i = next++; i < options.corpus.length; i = next++) {
      const message = options.corpus[i] as CorpusMessage;
      try {
        const reply = await pool.send(message.wire, envelope);
        ackedAt.set(spoolIdOf(reply), performance.now());
      } catch (error) {
        refused.push(`${message.name}: ${(error as Error).message}`);
      }
    }
  }));
  const lastAckAt = performance.now();
  sending = false;
  pool.close();
  log(`  sent: ${ackedAt.size} accepted, ${refused.length} refused, in ${((lastAckAt - startedAt) / 1000).toFixed(1)} s; waiting for the index`);
  await watching;

  const seen = [...ackedAt.keys()].filter((id) => searchableAt.has(id));
  const lastSearchableAt = seen.length === ackedAt.size && seen.length > 0
    ? Math.max(...seen.map((id) => searchableAt.get(id) as number))
    : performance.now();
  const endedAtUs = Number(process.hrtime.bigint() / 1000n);
  const machineAfter = machineCpu();
  const benchAfter = process.cpuUsage(benchBefore);
  const cpuAfter = processes.map(({ role }) => processCpu(role.pid));
  const osAfter = processCpu(osPid);
  const redisAfter = redisPid === null ? null : processCpu(redisPid);
  const failed = (await depth.sample()).failed;
  await depth.stop();
  if (seen.length < ackedAt.size) log(`  TIMEOUT: ${ackedAt.size - seen.length} accepted copies not searchable ${options.timeoutMs / 1000} s after the first send`);

  const figures: ProcessFigures[] = [];
  for (const [i, { label, role }] of processes.entries()) {
    figures.push({
      label,
      peakRssMiB: await peakRssMiB(role.pid),
      cpu: cpuDelta(cpuBefore[i] ?? null, cpuAfter[i] ?? null),
      problems: role.problemCount(),
      lastProblems: [...role.problems],
    });
  }
  await sleep(1_100); // one refresh interval, so the statistics and the count include the last writes
  const index = statsDelta(indexBefore, await indexStats(alias));
  // `_count`, not the index statistics' docs.count, which counts each nested attachment as a document too.
  const documents = (await openSearchJson<{ count: number }>('POST', `/${encodeURIComponent(alias)}/_count`, { query: { match_all: {} } })).count;

  return {
    workers: options.workers,
    sent: options.corpus.length,
    accepted: ackedAt.size,
    refused,
    acceptS: (lastAckAt - startedAt) / 1000,
    endToEndS: (lastSearchableAt - startedAt) / 1000,
    searchable: seen.length,
    // The poll sees a copy up to one poll late; a copy seen before its 250 was read counts as 0.
    latency: summarise(seen.map((id) => Math.max(0, (searchableAt.get(id) as number) - (ackedAt.get(id) as number)))),
    indexLag: summarise(seen.filter((id) => unspooledAt.has(id)).map((id) => (searchableAt.get(id) as number) - (unspooledAt.get(id) as number))),
    poll: summarise(pollDurations),
    depth: depth.samples,
    startedAt,
    startedAtUs,
    endedAtUs,
    lastAckAt,
    lastSearchableAt,
    failedJobs: failed,
    documents,
    processes: figures,
    openSearchCpuS: cpuDelta(osBefore, osAfter)?.totalS ?? null,
    redisCpuS: cpuDelta(redisBefore, redisAfter)?.totalS ?? null,
    benchCpuS: (benchAfter.user + benchAfter.system) / 1e6,
    machineBusyS: machineAfter.busyS - machineBefore.busyS,
    capacityS: machineAfter.totalS - machineBefore.totalS,
    index,
  };
}

/** Spool ids of the files now in the spool directory (`<id>.msg`). */
async function spooledIds(dir: string): Promise<Set<string>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return new Set(names.filter((name) => name.endsWith('.msg')).map((name) => name.slice(0, -'.msg'.length)));
}

/** The pid of the Redis server (INFO server), for its CPU time; null if it does not say. */
async function redisServerPid(): Promise<number | null> {
  const redis = new Redis({ ...REDIS_CONNECTION, lazyConnect: true });
  try {
    await redis.connect();
    const pid = /^process_id:(\d+)/m.exec(await redis.info('server'))?.[1];
    return pid === undefined ? null : Number(pid);
  } finally {
    redis.disconnect();
  }
}
