import type { Logger } from 'pino';

/**
 * Runs `run` every `intervalMs` (first after one interval), never two at once; a failure is logged
 * and the next interval tries again. `stop` waits for a run in progress.
 */
export function startPeriodicTask(task: { name: string; intervalMs: number; run: () => Promise<void>; logger: Logger }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running !== null) return;
    running = task
      .run()
      .catch((error: unknown) => task.logger.warn({ err: error, task: task.name }, 'periodic task failed; trying again at the next interval'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, task.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
