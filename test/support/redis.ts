import { connect } from 'node:net';
import { Queue } from 'bullmq';
import { JOB_NAMES } from '../../src/queue/catalogue.js';

/** The Redis the cluster-profile tests use (`.ci/run` starts it). */
export const TEST_REDIS = { host: '127.0.0.1', port: 6379 } as const;

/**
 * Whether the test Redis answers PING. A missing Redis skips the suite on a developer machine
 * (`{ skip: reason }`, one line in the test output) and fails it in CI (CI=true), where `.ci/run`
 * must have started it.
 */
export async function requireRedis(): Promise<{ skip: string | false }> {
  if (await answersPing()) return { skip: false };
  const notice = `Redis not reachable at ${TEST_REDIS.host}:${TEST_REDIS.port}; start redis-server (.ci/run does)`;
  if (process.env.CI === 'true') throw new Error(notice);
  return { skip: notice };
}

function answersPing(timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: TEST_REDIS.host, port: TEST_REDIS.port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => done(reply.toString('latin1').startsWith('+PONG')));
  });
}

/** A key prefix no other test (or test run) uses. */
export function uniquePrefix(name: string): string {
  return `custodian-test-${name}-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes every key of every catalogued queue under `prefix`, over a connection of its own. */
export async function obliterateQueues(prefix: string): Promise<void> {
  await Promise.all(
    JOB_NAMES.map(async (name) => {
      const queue = new Queue(name, { connection: { ...TEST_REDIS }, prefix });
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }),
  );
}
