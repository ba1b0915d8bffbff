/**
 * Failure behaviour of the cluster profile, against real engines (issue 3, item 7):
 * - Redis down: the SMTP sink answers 4xx, never 250, and recovers by itself when Redis returns;
 *   what a Redis restart lost is handed back from the spool.
 * - Search engine down: ingestion keeps spooling, workers retry, the backlog drains when it
 *   returns, nothing lost or duplicated.
 * - A worker killed mid-job (SIGKILL): its jobs are re-run, each message archived once.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import type { SearchResult, StoredMessage } from '../../src/archive/archive-index.js';
import { messageIndexAlias } from '../../src/archive/search-engine/message-index.js';
import { startClusterRoles, type RunningRoles } from '../../src/app/cluster/start-cluster-roles.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { BullmqJobQueue } from '../../src/queue/bullmq/bullmq-job-queue.js';
import { fromBullmqJobId, toBullmqJobId } from '../../src/queue/bullmq/job-id.js';
import { connectSearchEngine } from '../../src/search-engine/connect-search-engine.js';
import { FsSpool } from '../../src/spool/fs-spool.js';
import { applianceHarness, type ApplianceHarness } from '../support/appliance-harness.js';
import { startClusterHarness } from '../support/cluster-harness.js';
import { until } from '../support/deferred.js';
import { requireRedisServer, startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { requireRedis, TEST_REDIS, uniquePrefix } from '../support/redis.js';
import { spawnRoleProcess, startRoleProcess, type LogEntry, type RoleProcess } from '../support/role-process.js';
import { requireSearchEngine, TEST_OPENSEARCH_URL, uniqueIndexPrefix } from '../support/search-engine.js';
import { smtpClient, spoolIdOf, wireForm } from '../support/smtp-client.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { tempDir } from '../support/temp-dir.js';

const redisServer = requireRedisServer();
const testRedis = await requireRedis();
const searchEngine = await requireSearchEngine();
const silent = pino({ level: 'silent' });

/** A word no other run's subjects contain, so a search finds this drill's messages only. */
const drillToken = () => `drill${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const messageIdOf = (drill: string, n: number) => `${drill}.${n}@contoso.com`;

/** Message `n` of a drill: distinct bytes, the drill's token in the subject, its own Message-ID. */
function drillMessage(drill: string, n: number): Buffer {
  return Buffer.from([
    `From: Sender ${n} <sender${n}@contoso.com>`,
    'To: Recipient <recipient@northwind.example>',
    `Subject: outage ${drill} message ${n}`,
    `Message-ID: <${messageIdOf(drill, n)}>`,
    'Date: Tue, 04 Jun 2024 10:00:00 +0000',
    '',
    `Message ${n} of outage drill ${drill}.`,
    '',
  ].join('\r\n'));
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** The sink's final reply to one delivery over a connection of its own, a 4xx included (nodemailer rejects on those). */
async function deliver(smtpPort: number, raw: Buffer): Promise<string> {
  const client = smtpClient({ port: smtpPort });
  try {
    return await client.send(raw, { from: 'journal@contoso.com', to: ['archive@archive.example'] });
  } catch (error) {
    const { response } = error as { response?: unknown };
    if (typeof response === 'string') return response;
    throw error;
  } finally {
    client.close();
  }
}

/** The ids of the messages spooled in `dataDir` (accepted, not yet archived). */
function spooledIds(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(dataDir, 'spool'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => name.endsWith('.msg')).map((name) => name.slice(0, -'.msg'.length)).sort();
}

/**
 * Makes every archived message searchable now. The archive index writes without a refresh (search
 * sees a write within the index's refresh interval, 1 s), so a search right after the queue drains
 * could miss the last messages; a refresh makes the counts below exact instead of eventually so.
 */
async function refreshArchive(config: Readonly<Config>): Promise<void> {
  const engine = await connectSearchEngine(config.cluster.search, { logger: silent });
  try {
    await engine.refresh(messageIndexAlias(config.cluster.search.indexPrefix));
  } finally {
    await engine.close();
  }
}

/**
 * Each of the drill's messages `numbers` is archived exactly once: one hit for its Message-ID,
 * under the archive id of the bytes sent, with one journal event; and no other message of the
 * drill exists.
 */
async function assertArchivedOnce(harness: ApplianceHarness, config: Readonly<Config>, drill: string, numbers: number[]): Promise<void> {
  await refreshArchive(config);
  const search = async (q: string) => (await harness.api<SearchResult>(`/messages?q=${encodeURIComponent(q)}&limit=100`)).body;
  const all = await search(`subject:${drill}`);
  assert.equal(all.total, numbers.length, `the drill's messages in the archive: ${all.total}, sent: ${numbers.length}`);
  for (const n of numbers) {
    const { hits, total } = await search(`message-id:${messageIdOf(drill, n)}`);
    assert.equal(total, 1, `message ${n} is found ${total} times`);
    const id = hits[0]?.id ?? '';
    assert.equal(id, createHash('sha256').update(wireForm(drillMessage(drill, n))).digest('hex'), `message ${n} is archived under the hash of the bytes sent`);
    const stored = (await harness.api<StoredMessage>(`/messages/${id}`)).body;
    assert.equal(stored.events.length, 1, `message ${n} has ${stored.events.length} journal events`);
  }
}

/** The drill's messages archived exactly once, one completed job each, none dead, and the spool empty. */
async function assertDrainedOnce(harness: ApplianceHarness & { config: Readonly<Config> }, drill: string, numbers: number[]): Promise<void> {
  await assertArchivedOnce(harness, harness.config, drill, numbers);
  const counts = await queueCounts(harness);
  assert.equal(counts.dead, 0);
  assert.equal(counts.completed, numbers.length, 'one completed job per message');
  assert.deepEqual(spooledIds(harness.dataDir), []);
}

/** The pipeline's queue counts through the API (the search engine must be up: the API checks tokens there). */
async function queueCounts(harness: ApplianceHarness) {
  return (await harness.api<{ waiting: number; active: number; dead: number; completed: number }>('/queue')).body;
}

describe('cluster profile, Redis down and back (a private Redis without persistence)', { skip: redisServer.skip || searchEngine.skip }, () => {
  const drill = drillToken();
  let dir: { path: string; remove(): void } | undefined;
  const redisPrefix = uniquePrefix('redis-outage');
  const indexPrefix = uniqueIndexPrefix('redis-outage');
  let redis: PrivateRedis | undefined;
  let config: Readonly<Config> | undefined;
  let smtp: RunningRoles | undefined;
  let pipeline: RunningRoles | undefined;
  let harness: ApplianceHarness;
  let inspect: Queue | undefined;
  let queue: BullmqJobQueue | undefined;

  const observed = {
    accepted: '', refused: '', refusedAfterMs: 0, spooledWhileDown: [] as string[],
    resent: '', resendAttempts: 0,
    lostJobBeforeRecovery: false, offered: 0, lostJobAfterRecovery: false, waitingAfterRecovery: [] as string[],
  };

  before(async () => {
    dir = tempDir('redis-outage');
    const dataDir = dir.path;
    redis = await startPrivateRedis();
    config = loadConfig({
      env: {
        CUSTODIAN_PROFILE: 'cluster',
        CUSTODIAN_DATA_DIR: dataDir,
        CUSTODIAN_SMTP__PORT: '0',
        CUSTODIAN_API__PORT: '0',
        CUSTODIAN_LOG_LEVEL: 'error',
        CUSTODIAN_CLUSTER__REDIS__URL: redis.url,
        CUSTODIAN_CLUSTER__REDIS__PREFIX: redisPrefix,
        CUSTODIAN_CLUSTER__SEARCH__NODES: `[${TEST_OPENSEARCH_URL}]`,
        CUSTODIAN_CLUSTER__SEARCH__CLIENT: 'opensearch',
        CUSTODIAN_CLUSTER__SEARCH__INDEX_PREFIX: indexPrefix,
      },
    });
    // The SMTP role alone: it needs Redis and the shared directory, no search engine.
    smtp = await startClusterRoles(config, silent, ['smtp']);
    const smtpPort = smtp.smtpPort ?? 0;

    observed.accepted = await deliver(smtpPort, drillMessage(drill, 1));
    await redis.stop('SIGKILL');
    const refusing = Date.now();
    observed.refused = await deliver(smtpPort, drillMessage(drill, 2));
    observed.refusedAfterMs = Date.now() - refusing;
    observed.spooledWhileDown = spooledIds(dataDir);

    // Redis comes back empty; the MTA sends the refused message again until it is taken, as MTAs do after a 4xx.
    // (The refused message's own enqueue, timed out, still reaches Redis once it is back: a job for a spool
    // file that was removed, which the worker completes as a no-op.)
    await redis.restart();
    await until(async () => {
      observed.resendAttempts += 1;
      observed.resent = await deliver(smtpPort, drillMessage(drill, 2));
      return observed.resent.startsWith('250 ');
    }, 30_000, 100);

    const connection = { host: '127.0.0.1', port: redis.port };
    inspect = new Queue('ingest', { connection, prefix: redisPrefix });
    const lostJobId = toBullmqJobId(spoolIdOf(observed.accepted));
    observed.lostJobBeforeRecovery = (await inspect.getJob(lostJobId)) === undefined;
    // What the scheduler's sweep and every worker's start-up do: offer each spooled message to the queue again.
    queue = new BullmqJobQueue({ connection, prefix: redisPrefix, retry: config.pipeline.retry, logger: silent });
    const enqueuer = queue;
    const spool = new FsSpool({ root: join(dataDir, 'spool'), enqueue: (id) => enqueuer.enqueue('ingest', { spoolId: id }, id) });
    observed.offered = await spool.recover();
    observed.lostJobAfterRecovery = (await inspect.getJob(lostJobId)) !== undefined;
    observed.waitingAfterRecovery = (await inspect.getJobs(['waiting'])).map((job) => fromBullmqJobId(String(job.id))).sort();

    pipeline = await startClusterRoles(config, silent, ['worker', 'api']);
    harness = applianceHarness({ smtpPort, apiUrl: pipeline.apiUrl ?? '', dataDir, stop: async () => undefined });
    await harness.drained(60_000);
  });

  after(async () => {
    // A Redis left down by a failed step would hold up the roles' shutdown.
    if (redis !== undefined && !redis.isRunning) await redis.restart();
    await pipeline?.close();
    await smtp?.close();
    await queue?.close();
    await inspect?.close();
    if (config !== undefined) {
      const engine = await connectSearchEngine(config.cluster.search, { logger: silent });
      await engine.deleteIndices(indexPrefix);
      await engine.close();
    }
    await redis?.close();
    dir?.remove();
  });

  it('answers 451, never 250, while Redis is down, and keeps no spool file of the refused message', () => {
    assert.match(observed.accepted, /^250 /, 'the first message, sent while Redis was up');
    assert.match(observed.refused, /^451 /);
    assert.deepEqual(observed.spooledWhileDown, [spoolIdOf(observed.accepted)], 'only the message answered 250 is spooled');
    assert.ok(observed.refusedAfterMs < 10_000, `the refusal took ${observed.refusedAfterMs} ms`);
  });

  it('answers 250 again once Redis is back, without restarting Custodian', () => {
    assert.match(observed.resent, /^250 /);
    assert.ok(observed.resendAttempts >= 1);
  });

  it('hands the queue back the spooled message whose job the Redis restart lost', () => {
    assert.equal(observed.lostJobBeforeRecovery, true, 'the restart lost the job of the message spooled before it');
    assert.equal(observed.offered, 2, 'both spooled messages were offered to the queue again');
    assert.equal(observed.lostJobAfterRecovery, true, 'the lost job is back');
    const spooled = [spoolIdOf(observed.accepted), spoolIdOf(observed.resent)];
    for (const id of spooled) assert.ok(observed.waitingAfterRecovery.includes(id), `spooled message ${id} has a waiting job`);
  });

  it('archives each message exactly once, the one whose job was lost and the one sent again after the 451, and empties the spool', async () => {
    assert.ok(config);
    await assertArchivedOnce(harness, config, drill, [1, 2]);
    assert.deepEqual(spooledIds(harness.dataDir), []);
    assert.equal((await queueCounts(harness)).dead, 0);
  });
});

describe('cluster profile, search engine down and back (through a TCP proxy switched off)', { skip: testRedis.skip || searchEngine.skip }, () => {
  const drill = drillToken();
  const messages = range(20);
  let proxy: TcpProxy | undefined;
  let harness: (Awaited<ReturnType<typeof startClusterHarness>>) | undefined;
  let inspect: Queue | undefined;
  const observed = {
    replies: [] as string[], spooledWhileDown: 0, deadWhileDown: -1,
    pending: [] as Array<{ id: string; attemptsStarted: number; attemptsMade: number }>,
  };
  /** The default attempt budget: the outage below outlasts it. */
  const maxAttempts = 8;

  before(async () => {
    const engine = new URL(TEST_OPENSEARCH_URL);
    proxy = await startTcpProxy({ host: engine.hostname, port: Number(engine.port) });
    harness = await startClusterHarness({
      client: 'opensearch',
      roles: ['smtp', 'worker', 'api'],
      env: {
        CUSTODIAN_CLUSTER__SEARCH__NODES: `[${proxy.url}]`,
        CUSTODIAN_CLUSTER__SEARCH__REQUEST_TIMEOUT_MS: '5000',
        CUSTODIAN_PIPELINE__RETRY__BACKOFF_MS: '100',
        CUSTODIAN_PIPELINE__RETRY__MAX_BACKOFF_MS: '1000',
      },
    });
    inspect = new Queue('ingest', { connection: { ...TEST_REDIS }, prefix: harness.config.cluster.redis.prefix });
    const jobs = inspect;

    await proxy.down();
    for (const n of messages) observed.replies.push(await deliver(harness.smtpPort, drillMessage(drill, n)));
    observed.spooledWhileDown = spooledIds(harness.dataDir).length;
    // The outage lasts until the queue has probed the engine more often than one job's attempt
    // budget allows: with attempts counted, every job would be dead by then.
    await until(async () => {
      const pending = await jobs.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
      observed.pending = pending.map((job) => ({ id: String(job.id), attemptsStarted: job.attemptsStarted, attemptsMade: job.attemptsMade }));
      return pending.reduce((sum, job) => sum + job.attemptsStarted, 0) > maxAttempts;
    }, 60_000, 50);
    observed.deadWhileDown = await jobs.getFailedCount();

    await proxy.up();
    await harness.drained(60_000);
  });

  after(async () => {
    await proxy?.up(); // the harness deletes its indices through it
    await harness?.stop();
    await inspect?.close();
    await proxy?.close();
  });

  it('accepts every message with 250 while the search engine is down, and keeps each one spooled', () => {
    assert.deepEqual(observed.replies.filter((reply) => !reply.startsWith('250 ')), []);
    assert.equal(observed.spooledWhileDown, messages.length);
  });

  it('waits out an outage longer than the attempt budget: the queue pauses and probes, no attempt is used, nothing is dead-lettered', () => {
    assert.equal(observed.pending.length, messages.length);
    assert.ok(observed.pending.reduce((sum, job) => sum + job.attemptsStarted, 0) > maxAttempts);
    assert.deepEqual(observed.pending.filter((job) => job.attemptsMade > 0), []);
    assert.equal(observed.deadWhileDown, 0);
  });

  it('drains the backlog once the search engine is back: each message searchable exactly once, nothing dead, the spool empty', async () => {
    assert.ok(harness);
    await assertDrainedOnce(harness, drill, messages);
  });
});

describe('cluster profile, a worker process killed mid-job (SIGKILL)', { skip: testRedis.skip || searchEngine.skip }, () => {
  const drill = drillToken();
  const messages = range(30);
  let harness: (Awaited<ReturnType<typeof startClusterHarness>>) | undefined;
  let inspect: Queue | undefined;
  let first: RoleProcess | undefined;
  let second: RoleProcess | undefined;
  const observed = {
    replies: [] as string[], killed: { code: null as number | null, signal: null as NodeJS.Signals | null },
    heldAtKill: [] as string[], stalled: [] as LogEntry[], secondExit: { code: null as number | null, signal: null as NodeJS.Signals | null },
  };

  before(async () => {
    // SMTP and API here; the workers are `custodian worker` processes on the same Redis prefix, index prefix and data directory.
    harness = await startClusterHarness({ client: 'opensearch', roles: ['smtp', 'api'] });
    const { redis, search } = harness.config.cluster;
    const workerEnv = {
      CUSTODIAN_DATA_DIR: harness.dataDir,
      CUSTODIAN_CLUSTER__REDIS__URL: redis.url,
      CUSTODIAN_CLUSTER__REDIS__PREFIX: redis.prefix,
      CUSTODIAN_CLUSTER__SEARCH__NODES: `[${search.nodes.join(', ')}]`,
      CUSTODIAN_CLUSTER__SEARCH__CLIENT: 'opensearch',
      CUSTODIAN_CLUSTER__SEARCH__INDEX_PREFIX: search.indexPrefix,
      // A dead worker's jobs count as stalled once its 2 s lock lapses.
      CUSTODIAN_CLUSTER__JOB_LOCK_MS: '2000',
      CUSTODIAN_PIPELINE__RETRY__BACKOFF_MS: '100',
      CUSTODIAN_PIPELINE__RETRY__MAX_BACKOFF_MS: '1000',
    };
    inspect = new Queue('ingest', { connection: { ...TEST_REDIS }, prefix: redis.prefix });
    const jobs = inspect;

    for (const n of messages) observed.replies.push(await deliver(harness.smtpPort, drillMessage(drill, n)));
    // Killed as soon as it holds a job: it takes jobs before it logs that it has started.
    const dying = spawnRoleProcess('worker', workerEnv);
    first = dying;
    await until(async () => (await jobs.getActiveCount()) > 0, 30_000, 5);
    dying.child.kill('SIGKILL');
    observed.killed = await dying.exited;
    // A dead worker's active jobs stay active until another worker finds their locks lapsed.
    observed.heldAtKill = (await jobs.getActive()).map((job) => fromBullmqJobId(String(job.id))).sort();

    second = await startRoleProcess('worker', workerEnv);
    await harness.drained(60_000);
    observed.stalled = second.log.filter((entry) => entry.msg?.startsWith('job stalled') === true);
    observed.secondExit = await second.stop('SIGTERM');
  });

  after(async () => {
    await first?.stop('SIGKILL');
    await second?.stop('SIGKILL');
    await harness?.stop();
    await inspect?.close();
  });

  it('kills the first worker while BullMQ shows it holding jobs', () => {
    assert.deepEqual(observed.replies.filter((reply) => !reply.startsWith('250 ')), []);
    assert.equal(observed.killed.signal, 'SIGKILL');
    assert.ok(observed.heldAtKill.length >= 1, 'jobs were active when the worker died');
  });

  it('re-runs every job the killed worker held: the second worker finds each stalled', () => {
    const stalledIds = observed.stalled.map((entry) => String(entry.jobId)).sort();
    assert.deepEqual(stalledIds, observed.heldAtKill);
  });

  it('archives each of the 30 messages exactly once, with no dead letters and an empty spool', async () => {
    assert.ok(harness);
    await assertDrainedOnce(harness, drill, messages);
  });

  it('lets the second worker finish and exit 0 on SIGTERM', () => {
    assert.deepEqual(observed.secondExit, { code: 0, signal: null });
  });
});
