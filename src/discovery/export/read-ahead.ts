/**
 * Yields `read(item)` for each item in order while keeping up to `window` reads in flight ahead
 * of the consumer: the next originals are read from disk while the current one is compressed and
 * written, and no more than `window` of them are ever in memory. A read that fails surfaces when
 * the consumer reaches it; reads still in flight when the consumer stops settle unobserved.
 */
export async function* readAhead<T, R>(items: readonly T[], read: (item: T) => Promise<R>, window: number): AsyncGenerator<[T, R]> {
  const pending: Array<Promise<R>> = [];
  let next = 0;
  const fill = () => {
    while (pending.length < window && next < items.length) {
      const reading = read(items[next++] as T);
      // Observed when its turn comes; until then a rejection must not count as unhandled.
      reading.catch(() => undefined);
      pending.push(reading);
    }
  };
  fill();
  for (const item of items) {
    const result = await (pending.shift() as Promise<R>);
    fill();
    yield [item, result];
  }
}
