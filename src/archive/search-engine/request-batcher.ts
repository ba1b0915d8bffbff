export interface RequestBatcherOptions<I> {
  /** Most items in one request. */
  maxBatch: number;
  /** Most requests under way at once; items submitted meanwhile wait and form the next batch. */
  maxInFlight: number;
  /**
   * Most bytes in one request, as {@link weigh} counts them. An item heavier than this by itself
   * goes in a request of its own rather than waiting forever. Default: no cap.
   */
  maxBytes?: number;
  /** An item's share of a request body in bytes, taken once when it is submitted. Default: 0 for every item. */
  weigh?: (item: I) => number;
  /**
   * Whether a failed request was refused for its size alone (HTTP 413): a batch of several items
   * is then split in two by weight and each half sent again (and split again, as often as it
   * takes), so no item fails for the size of its neighbours; an item refused alone fails with the
   * error, for its caller to shrink. Default: never.
   */
  isTooLarge?: (error: unknown) => boolean;
}

interface Pending<I, O> {
  item: I;
  bytes: number;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit for engine requests: items submitted by concurrent callers (the jobs of a worker)
 * go out together as one request (`_bulk`, `_mget`), each caller getting its own item's result.
 * While `maxInFlight` requests are under way, new items queue up and leave together when one
 * returns, so batches grow with load by themselves: one message alone is sent at once, a
 * thousand concurrent ones in a few requests, none over `maxBytes`. Back-pressure is the
 * callers' own: each awaits its item, so a slow engine slows the jobs that feed it instead of
 * growing a buffer.
 */
export class RequestBatcher<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * `send` runs one request for a batch and resolves to each item's result in order (an Error for
   * an item that failed alone); when it throws, every item of the batch fails with that error
   * (unless `isTooLarge` says the batch only has to be split).
   */
  constructor(
    private readonly send: (items: I[]) => Promise<Array<O | Error>>,
    private readonly options: RequestBatcherOptions<I>,
  ) {}

  submit(item: I): Promise<O> {
    const bytes = this.options.weigh?.(item) ?? 0;
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, bytes, resolve, reject });
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
      const batch = this.nextBatch();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  /** The items at the head of the queue that fit in one request: at least one, however heavy. */
  private nextBatch(): Array<Pending<I, O>> {
    const maxBytes = this.options.maxBytes ?? Infinity;
    let count = 0;
    let bytes = 0;
    for (const pending of this.queue) {
      if (count === this.options.maxBatch || (count > 0 && bytes + pending.bytes > maxBytes)) break;
      count++;
      bytes += pending.bytes;
    }
    return this.queue.splice(0, count);
  }

  private async run(batch: Array<Pending<I, O>>): Promise<void> {
    let results: Array<O | Error>;
    try {
      results = await this.send(batch.map((p) => p.item));
    } catch (error) {
      if (batch.length > 1 && this.options.isTooLarge?.(error) === true) {
        // Refused for its size: nothing in it was applied. Each half goes in this same slot, one
        // after the other, so a split never puts more requests under way than `maxInFlight`.
        const at = splitPoint(batch);
        await this.run(batch.slice(0, at));
        await this.run(batch.slice(at));
        return;
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const result = results[i];
      if (result === undefined) pending.reject(new Error(`the engine answered ${results.length} of ${batch.length} items`));
      else if (result instanceof Error) pending.reject(result);
      else pending.resolve(result);
    });
  }
}

/**
 * Where to cut a batch of two or more items into halves of about equal weight, both non-empty:
 * one heavy item and many light ones come apart at once. Unweighted items split by count.
 */
function splitPoint(batch: ReadonlyArray<{ bytes: number }>): number {
  const total = batch.reduce((sum, p) => sum + p.bytes, 0);
  if (total === 0) return Math.ceil(batch.length / 2);
  let bytes = 0;
  for (let i = 0; i < batch.length - 1; i++) {
    bytes += batch[i]?.bytes ?? 0;
    if (bytes * 2 >= total) return i + 1;
  }
  return batch.length - 1;
}
