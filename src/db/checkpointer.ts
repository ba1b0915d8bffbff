import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Db } from './open-database.js';

/**
 * Moves WAL checkpoints off the writer's thread. SQLite's automatic checkpoint runs inside the
 * commit that crosses the threshold, with two fsyncs, stalling the SMTP sink and the API for
 * milliseconds; here the writer's automatic checkpoints are turned off and a worker thread with
 * its own connection checkpoints every `intervalMs`.
 */
export function startCheckpointer(db: Db, logger: Logger, intervalMs = 200): { stop(): Promise<void> } {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { file: db.name, intervalMs } });
  worker.on('message', (message: { error?: string }) => logger.warn({ reason: message.error }, 'WAL checkpoint failed; will retry'));
  worker.on('error', (error) => logger.error({ err: error }, 'checkpoint thread failed; the WAL will grow until restart'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: () => {
      worker.postMessage('stop');
      return exited;
    },
  };
}
