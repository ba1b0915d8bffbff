import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Runs in its own thread with its own connection: copies the WAL into the database file
 * (a PASSIVE checkpoint never blocks the writer) so the writer's thread never does it, nor the
 * fsyncs that come with it. See `startCheckpointer`.
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
}, intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    parentPort?.close();
  }
});
