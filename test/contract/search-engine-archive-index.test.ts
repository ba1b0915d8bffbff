import { describe } from 'node:test';
import { SearchEngineArchiveIndex } from '../../src/archive/search-engine/search-engine-archive-index.js';
import type { EngineKind } from '../../src/search-engine/search-engine.js';
import { requireSearchEngine, testSearchEngine, uniqueIndexPrefix } from '../support/search-engine.js';
import { describeArchiveIndexContract } from './archive-index.contract.js';

const searchEngine = await requireSearchEngine();

/**
 * Each test gets indices of its own (a fresh prefix), deleted after it. `refresh: true` gives the
 * contract the read-your-writes it expects of every backend (a search right after `record` sees
 * it) without waiting a refresh interval per write, as `'wait_for'` would; production runs with
 * the default, visible within the refresh interval.
 */
function makeIndex(client: EngineKind) {
  return async () => {
    const indexPrefix = uniqueIndexPrefix(`archive-${client}`);
    const { engine, close } = await testSearchEngine(client, indexPrefix);
    const index = new SearchEngineArchiveIndex({ engine, indexPrefix, refresh: true });
    await index.ensureIndices();
    return { index, cleanup: close };
  };
}

describe('search-engine archive index', { skip: searchEngine.skip }, () => {
  describeArchiveIndexContract('OpenSearch (opensearch client)', makeIndex('opensearch'));
  describeArchiveIndexContract('OpenSearch through the Elasticsearch client (compatibility proxy)', makeIndex('elasticsearch'));
});
