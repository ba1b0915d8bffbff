import type { Logger } from 'pino';
import type { SearchEngineSettings } from '../../config/cluster-schema.js';
import { connectSearchEngine } from '../../search-engine/connect-search-engine.js';
import { SearchEngineUnavailableError, type SearchEngine } from '../../search-engine/search-engine.js';

/**
 * Connects to the search cluster and runs `prepare` on it (ensuring the indices), waiting while
 * the cluster is unreachable or not ready (no master yet: 503), so a role started before the
 * cluster, or during an outage, waits instead of crash-looping. Errors that are not an outage —
 * refused credentials, an untrusted certificate, a secret file that cannot be read — stop start-up
 * at once. `signal` ends the wait (a shutdown during start-up).
 */
export async function waitForSearchEngine<T>(
  settings: SearchEngineSettings,
  options: { logger: Logger; signal: AbortSignal; prepare: (engine: SearchEngine) => Promise<T> },
): Promise<{ engine: SearchEngine; prepared: T }> {
  for (let attempt = 1; ; attempt += 1) {
    let engine: SearchEngine | null = null;
    try {
      engine = await connectSearchEngine(settings, { logger: options.logger });
      return { engine, prepared: await options.prepare(engine) };
    } catch (error) {
      await engine?.close();
      if (!(error instanceof SearchEngineUnavailableError)) throw error;
      const delayMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      options.logger.warn({ err: error, attempt, retryInMs: delayMs }, 'search engine unavailable; waiting for it');
      await sleep(delayMs, options.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });
}
