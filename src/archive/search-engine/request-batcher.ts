export interface RequestBatcherOptions {
  /** Most items in one request. */
  maxBatch: number;
  /** Most requests under way at once; items submitted meanwhile wait and form the next batch. */
  maxInFlight: number;
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit for engine requests: items submitted by concurrent callers (the jobs of a worker)
 * go out together as one request (`_bulk`, `_mget`), each caller getting its own item's result.
 * While `maxInFlight` requests are under way, new items queue up and leave together when one
 * returns, so batches grow with load by themselves: one message alone is sent at once, a
 * thousand concurrent ones in a few requests. Back-pressure is the callers' own: each awaits its
 * item, so a slow engine slows the jobs that feed it instead of growing a buffer.
 */
export class RequestBatcher<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * `send` runs one request for a batch and resolves to each item's result in order (an Error for
   * an item that failed alone); when it throws, every item of the batch fails with that error.
   */
  constructor(
    private readonly send: (items: I[]) => Promise<Array<O | Error>>,
    private readonly options: RequestBatcherOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Sends on the next turn of the event loop, so the items of callers running now go together. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async run(batch: Array<Pending<I, O>>): Promise<void> {
    try {
      const results = await this.send(batch.map((p) => p.item));
      batch.forEach((pending, i) => {
        const result = results[i];
        if (result === undefined) pending.reject(new Error(`the engine answered ${results.length} of ${batch.length} items`));
        else if (result instanceof Error) pending.reject(result);
        else pending.resolve(result);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
