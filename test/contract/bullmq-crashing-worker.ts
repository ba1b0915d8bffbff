/**
 * Child process for the stalled-job test: a worker that announces the job it took (`started <id>
 * <attempt>` on stdout) and never finishes it, so the test can SIGKILL it mid-job.
 * Usage: node bullmq-crashing-worker.js <key-prefix>
 */
import { pino } from 'pino';
import { BullmqJobQueue } from '../../src/queue/bullmq/bullmq-job-queue.js';
import { TEST_REDIS } from '../support/redis.js';

const prefix = process.argv[2];
if (!prefix) throw new Error('usage: bullmq-crashing-worker <key-prefix>');
const queue = new BullmqJobQueue({
  connection: { ...TEST_REDIS },
  prefix,
  retry: { maxAttempts: 3, backoffMs: 5, maxBackoffMs: 20 },
  logger: pino({ level: 'silent' }),
  lockDurationMs: 1_000,
  stalledIntervalMs: 500,
});
const unexpected = async () => {
  throw new Error('only ingest jobs are enqueued in this test');
};
queue.start({
  ingest: async (job) => {
    process.stdout.write(`started ${job.id} ${job.attempt}\n`);
    await new Promise<never>(() => {});
  },
  notify: unexpected,
  export: unexpected,
  report: unexpected,
}, { concurrency: 1 });
