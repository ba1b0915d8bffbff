import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { BullmqJobQueue, type BullmqJobQueueOptions } from '../../src/queue/bullmq/bullmq-job-queue.js';
import type { JobHandlers, JobOf } from '../../src/queue/catalogue.js';
import { UnrecoverableJobError } from '../../src/queue/errors.js';
import type { RetryPolicy } from '../../src/queue/job-queue.js';
import { deferred, until } from '../support/deferred.js';
import { obliterateQueues, requireRedis, TEST_REDIS, uniquePrefix } from '../support/redis.js';
import { describeJobQueueContract } from './job-queue.contract.js';

const redis = await requireRedis();
const fastRetry: RetryPolicy = { maxAttempts: 3, backoffMs: 5, maxBackoffMs: 20 };

/** A queue on a key prefix of its own, and a cleanup that deletes every key under it. */
function freshQueue(retry: RetryPolicy, extra: Partial<BullmqJobQueueOptions> = {}) {
  const prefix = uniquePrefix('queue');
  const queue = new BullmqJobQueue({ connection: { ...TEST_REDIS }, prefix, retry, logger: pino({ level: 'silent' }), ...extra });
  return { queue, prefix, cleanup: () => obliterateQueues(prefix) };
}

/** Handlers for the whole catalogue: the test's ingest handler, and failing ones for the rest. */
function ingestOnly(ingest: JobHandlers['ingest']): JobHandlers {
  const unexpected = (name: string) => async () => {
    throw new Error(`no ${name} job is enqueued in this test`);
  };
  return { ingest, notify: unexpected('notify'), export: unexpected('export'), report: unexpected('report') };
}

describe('BullMQ job queue on Redis', { skip: redis.skip }, () => {
  describeJobQueueContract('BullMQ (cluster)', async (retry) => freshQueue(retry));

  describe('BullMQ-specific behaviour', () => {
    it('ignores a second enqueue while the job runs and after it is dead', async () => {
      const { queue, cleanup } = freshQueue(fastRetry);
      const started = deferred();
      const release = deferred();
      const seen: string[] = [];
      queue.start(ingestOnly(async (job) => {
        seen.push(job.payload.spoolId);
        started.resolve();
        await release.promise;
        throw new UnrecoverableJobError('bad input');
      }), { concurrency: 2 });
      await queue.enqueue('ingest', { spoolId: 'first' }, 'once');
      await started.promise;
      await queue.enqueue('ingest', { spoolId: 'while-active' }, 'once');
      assert.deepEqual(await queue.counts(), { waiting: 0, active: 1, delayed: 0, dead: 0, completed: 0 });
      release.resolve();
      await until(async () => (await queue.counts()).dead === 1);
      await queue.enqueue('ingest', { spoolId: 'while-dead' }, 'once');
      assert.deepEqual(await queue.counts(), { waiting: 0, active: 0, delayed: 0, dead: 1, completed: 0 });
      assert.deepEqual(seen, ['first']);
      await queue.close();
      await cleanup();
    });

    it('accepts the catalogue ids BullMQ would refuse, and reports them unchanged', async () => {
      const { queue, cleanup } = freshQueue(fastRetry);
      const ids: string[] = [];
      queue.start(ingestOnly(async (job) => {
        ids.push(job.id);
        throw new UnrecoverableJobError('kept for the dead-letter list');
      }), { concurrency: 1 });
      for (const id of ['export:e1', 'notify:abc:rule:with:colons', '42']) await queue.enqueue('ingest', { spoolId: id }, id);
      await until(async () => (await queue.counts()).dead === 3);
      const dead = await queue.deadLetters(10, 0);
      assert.deepEqual(dead.map((d) => d.id).sort(), ['42', 'export:e1', 'notify:abc:rule:with:colons']);
      assert.deepEqual(ids.sort(), ['42', 'export:e1', 'notify:abc:rule:with:colons']);
      assert.equal(dead[0]?.reason, 'UnrecoverableJobError: kept for the dead-letter list');
      assert.equal(await queue.retryDead('export:e1'), true);
      await queue.close();
      await cleanup();
    });

    it('waits at least half the backoff before a retry, and counts the job as delayed meanwhile', async () => {
      const { queue, cleanup } = freshQueue({ maxAttempts: 2, backoffMs: 400, maxBackoffMs: 400 });
      const runs: number[] = [];
      const failed = deferred();
      const done = deferred();
      queue.start(ingestOnly(async (job) => {
        runs.push(Date.now());
        if (job.attempt === 1) {
          failed.resolve();
          throw new Error('transient');
        }
        done.resolve();
      }), { concurrency: 1 });
      await queue.enqueue('ingest', { spoolId: 'b' }, 'backoff');
      await failed.promise;
      await until(async () => (await queue.counts()).delayed === 1, 5_000, 5);
      assert.equal((await queue.counts()).waiting, 1, 'a delayed job is still waiting');
      await done.promise;
      const [first = 0, second = 0] = runs;
      assert.ok(second - first >= 200, `retried after ${second - first} ms`);
      await queue.close();
      await cleanup();
    });

    it('re-runs a job whose worker was killed mid-run, with the next attempt number', async () => {
      const stallFast = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
      const { queue, prefix, cleanup } = freshQueue(fastRetry, stallFast);
      const child = spawn(process.execPath, [new URL('./bullmq-crashing-worker.js', import.meta.url).pathname, prefix], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      await queue.enqueue('ingest', { spoolId: 'k' }, 'killed-mid-job');
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      assert.equal(line, 'started killed-mid-job 1');
      child.kill('SIGKILL');
      await exited;

      const rerun = deferred<JobOf<'ingest'>>();
      queue.start(ingestOnly(async (job) => rerun.resolve(job)), { concurrency: 1 });
      const job = await rerun.promise;
      assert.deepEqual([job.id, job.payload.spoolId, job.attempt], ['killed-mid-job', 'k', 2]);
      await until(async () => (await queue.counts()).completed === 1);
      assert.equal((await queue.counts()).dead, 0);
      await queue.close();
      await cleanup();
    });
  });
});
