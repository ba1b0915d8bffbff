/** One message's outcome: the classifier's verdict, or the error it gave instead. */
export type Outcome<V> = { ok: true; verdict: V } | { ok: false; error: string };

export interface ClassifiedAll<V> {
  /** In the order of the input. */
  outcomes: Outcome<V>[];
  /** Wall time from the first request to the last answer. */
  elapsedMs: number;
}

/**
 * Classifies every message with at most `concurrency` in flight, each worker taking the next
 * message as soon as its last is answered (what a busy MTA does). A message the classifier
 * fails on is recorded as an error, so one bad message cannot end the run or go unreported.
 */
export async function classifyAll<V>(
  messages: readonly Buffer[],
  concurrency: number,
  check: (raw: Buffer) => Promise<V>,
  onProgress?: (done: number) => void,
): Promise<ClassifiedAll<V>> {
  const outcomes = new Array<Outcome<V>>(messages.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, async () => {
    for (let i = next++; i < messages.length; i = next++) {
      try {
        outcomes[i] = { ok: true, verdict: await check(messages[i] as Buffer) };
      } catch (error) {
        outcomes[i] = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      onProgress?.(++done);
    }
  }));
  return { outcomes, elapsedMs: performance.now() - started };
}
