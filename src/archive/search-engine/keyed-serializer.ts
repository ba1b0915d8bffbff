/**
 * Runs tasks with the same key one after another and tasks with different keys concurrently.
 * Copies of one message recorded at once by one process take turns instead of racing each other
 * through rounds of version conflicts (in one shared bulk request only one of them can win a
 * round); copies in different processes still meet the engine's optimistic concurrency.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // The last task of a key removes its entry, so the map holds only keys with work under way.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
