/**
 * A counting semaphore: at most `size` calls of `use` run at once, the rest wait in order. The
 * thread pools (analyse, extraction) hand piscina only as many abortable tasks as they have
 * threads, so a task's timeout measures its own work, not time queued behind others.
 */
export class TaskSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
