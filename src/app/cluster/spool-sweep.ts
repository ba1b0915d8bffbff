import type { Logger } from 'pino';
import type { Spool } from '../../spool/spool.js';

/**
 * The scheduler's spool sweep: every `intervalMs`, offer every spooled message to the queue again
 * (a job that exists is left alone). Redis is a queue, not the record: if it loses jobs (a restart
 * without persistence, a failover), the files on the shared filesystem are what is owed to the
 * archive, and this hands them back. A sweep never overlaps the one before it.
 */
export function startSpoolSweep(deps: { spool: Spool; intervalMs: number; logger: Logger }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = () => {
    if (running !== null) return;
    running = deps.spool
      .recover()
      .then((offered) => {
        if (offered > 0) deps.logger.info({ offered }, 'spool sweep: spooled messages offered to the queue again');
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'spool sweep failed; trying again at the next interval'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(sweep, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
