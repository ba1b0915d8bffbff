import type { Logger } from 'pino';
import type { SearchEngineSettings } from '../../config/cluster-schema.js';
import { connectSearchEngine } from '../../search-engine/connect-search-engine.js';
import { SearchEngineUnavailableError, type SearchEngine } from '../../search-engine/search-engine.js';

/**
 * Connects to the search cluster, waiting for it while it is unreachable (a worker started before
 * the cluster, or during an outage, waits instead of crash-looping). Errors that are not an outage
 * — bad credentials, a CA file that cannot be read — stop start-up at once. `signal` ends the wait.
 */
export async function waitForSearchEngine(settings: SearchEngineSettings, options: { logger: Logger; signal: AbortSignal }): Promise<SearchEngine> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connectSearchEngine(settings, { logger: options.logger });
    } catch (error) {
      if (!(error instanceof SearchEngineUnavailableError)) throw error;
      const delayMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      options.logger.warn({ err: error, attempt, retryInMs: delayMs }, 'search engine unreachable; waiting for it');
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
