import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobHandlers, JobOf } from '../../src/queue/catalogue.js';
import { DependencyUnavailableError, UnrecoverableJobError } from '../../src/queue/errors.js';
import type { JobQueue, RetryPolicy } from '../../src/queue/job-queue.js';
import { deferred, until } from '../support/deferred.js';

export type MakeQueue = (retry: RetryPolicy) => Promise<{ queue: JobQueue; cleanup(): Promise<void> }>;

const fastRetry: RetryPolicy = { maxAttempts: 3, backoffMs: 5, maxBackoffMs: 20 };

/** Handlers for every job in the catalogue: the ones a test exercises, and failing ones for the rest. */
function handlers(given: Pick<JobHandlers, 'ingest'>): JobHandlers {
  const unexpected = (name: string) => async () => {
    throw new Error(`no ${name} job is enqueued in this test`);
  };
  return { notify: unexpected('notify'), export: unexpected('export'), report: unexpected('report'), ...given };
}

/** The JobQueue port's contract: every adapter (SQLite, BullMQ) must pass it unchanged. */
export function describeJobQueueContract(name: string, makeQueue: MakeQueue): void {
  describe(`JobQueue contract: ${name}`, () => {
    it('runs an enqueued job once with its payload', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      const seen: Array<JobOf<'ingest'>> = [];
      const done = deferred();
      queue.start(handlers({ ingest: async (job) => { seen.push(job); done.resolve(); } }), { concurrency: 2 });
      await queue.enqueue('ingest', { spoolId: 's1' }, 'job-1');
      await done.promise;
      await until(async () => (await queue.counts()).completed === 1);
      assert.deepEqual(seen.map((j) => [j.id, j.payload.spoolId, j.attempt]), [['job-1', 's1', 1]]);
      await queue.close();
      await cleanup();
    });

    it('ignores a second enqueue of the same job id', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      await queue.enqueue('ingest', { spoolId: 'a' }, 'same');
      await queue.enqueue('ingest', { spoolId: 'b' }, 'same');
      assert.equal((await queue.counts()).waiting, 1);
      await queue.close();
      await cleanup();
    });

    it('retries a transient failure and then succeeds', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      const attempts: number[] = [];
      const done = deferred();
      queue.start(handlers({
        ingest: async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error('disk busy');
          done.resolve();
        },
      }), { concurrency: 1 });
      await queue.enqueue('ingest', { spoolId: 'r' }, 'retry-me');
      await done.promise;
      await until(async () => (await queue.counts()).completed === 1);
      assert.deepEqual(attempts, [1, 2, 3]);
      assert.equal((await queue.counts()).dead, 0);
      await queue.close();
      await cleanup();
    });

    it('dead-letters an unrecoverable failure at once, with its reason', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      let runs = 0;
      queue.start(handlers({ ingest: async () => { runs++; throw new UnrecoverableJobError('spooled bytes are gone'); } }), { concurrency: 1 });
      await queue.enqueue('ingest', { spoolId: 'x' }, 'doomed');
      await until(async () => (await queue.counts()).dead === 1);
      const [dead] = await queue.deadLetters(10, 0);
      assert.equal(runs, 1);
      assert.equal(dead?.id, 'doomed');
      assert.match(dead?.reason ?? '', /spooled bytes are gone/);
      await queue.close();
      await cleanup();
    });

    it('dead-letters a job whose attempts run out, and a retry brings it back', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      let fail = true;
      const recovered = deferred();
      queue.start(handlers({
        ingest: async () => {
          if (fail) throw new Error('still failing');
          recovered.resolve();
        },
      }), { concurrency: 1 });
      await queue.enqueue('ingest', { spoolId: 'y' }, 'flaky');
      await until(async () => (await queue.counts()).dead === 1);
      assert.equal((await queue.deadLetters(10, 0))[0]?.attempts, fastRetry.maxAttempts);
      fail = false;
      assert.equal(await queue.retryDead('flaky'), true);
      assert.equal(await queue.retryDead('no-such-job'), false);
      await recovered.promise;
      await until(async () => (await queue.counts()).dead === 0 && (await queue.counts()).completed === 1);
      await queue.close();
      await cleanup();
    });

    it('waits out an outage longer than the attempt budget without dead-lettering, then completes the job', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      let outageRuns = 0;
      const done = deferred();
      queue.start(handlers({
        ingest: async () => {
          if (outageRuns < fastRetry.maxAttempts * 2) {
            outageRuns++;
            throw new DependencyUnavailableError('search engine unreachable');
          }
          done.resolve();
        },
      }), { concurrency: 1 });
      await queue.enqueue('ingest', { spoolId: 'o' }, 'outage');
      await done.promise;
      await until(async () => (await queue.counts()).completed === 1);
      assert.equal(outageRuns, fastRetry.maxAttempts * 2);
      assert.equal((await queue.counts()).dead, 0);
      await queue.close();
      await cleanup();
    });

    it('drain waits for jobs in flight to finish', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      const started = deferred();
      let finished = false;
      queue.start(handlers({
        ingest: async () => {
          started.resolve();
          await new Promise((r) => setImmediate(r));
          finished = true;
        },
      }), { concurrency: 1 });
      await queue.enqueue('ingest', { spoolId: 'd' }, 'in-flight');
      await started.promise;
      await queue.drain();
      assert.equal(finished, true);
      await queue.close();
      await cleanup();
    });

    it('refuses to start when a catalogued job has no handler', async () => {
      const { queue, cleanup } = await makeQueue(fastRetry);
      assert.throws(() => queue.start({} as JobHandlers, { concurrency: 1 }), /no handler registered for job\(s\): ingest/);
      await queue.close();
      await cleanup();
    });
  });
}
