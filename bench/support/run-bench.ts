/** Something to undo at the end of a benchmark: kill a child, remove a temp dir, close a DB. */
export type CleanupTask = () => void | Promise<void>;

/** Undo steps, run last-registered first, each at most once, each failure reported but not fatal. */
export class Cleanup {
  private readonly tasks: Array<{ label: string; task: CleanupTask }> = [];

  add(label: string, task: CleanupTask): void {
    this.tasks.push({ label, task });
  }

  async run(): Promise<void> {
    while (this.tasks.length > 0) {
      const { label, task } = this.tasks.pop() as { label: string; task: CleanupTask };
      try {
        await task();
      } catch (error) {
        console.error(`cleanup "${label}" failed: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * Runs a benchmark's `main` with a hard time limit, so a hung child or a pipeline that never
 * drains cannot keep a CI job or a shared machine busy: after `timeoutMs`, or on SIGINT/SIGTERM,
 * or when `main` fails, every registered cleanup runs (children killed, temp dirs removed) and
 * the process exits non-zero.
 */
export function runBench(name: string, timeoutMs: number, main: (cleanup: Cleanup) => Promise<void>): void {
  const cleanup = new Cleanup();
  let finishing = false;
  const finish = async (code: number, reason?: string): Promise<never> => {
    if (finishing) process.exit(code);
    finishing = true;
    if (reason) console.error(`bench:${name}: ${reason}`);
    await cleanup.run();
    process.exit(code);
  };
  const timer = setTimeout(() => void finish(2, `hard timeout of ${Math.round(timeoutMs / 1000)} s reached; stopped`), timeoutMs);
  process.once('SIGINT', () => void finish(130, 'interrupted'));
  process.once('SIGTERM', () => void finish(143, 'terminated'));
  main(cleanup).then(
    () => {
      clearTimeout(timer);
      void finish(0);
    },
    (error: unknown) => {
      clearTimeout(timer);
      void finish(1, error instanceof Error ? (error.stack ?? error.message) : String(error));
    },
  );
}
