import { describe } from 'node:test';
import { SearchEngineArchiveIndex } from '../../src/archive/search-engine/search-engine-archive-index.js';
import { SearchEngineIncidentStore } from '../../src/incidents/search-engine/search-engine-incident-store.js';
import type { EngineKind } from '../../src/search-engine/search-engine.js';
import { requireSearchEngine, testSearchEngine, uniqueIndexPrefix } from '../support/search-engine.js';
import { describeIncidentStoreContract } from './incident-store.contract.js';

const searchEngine = await requireSearchEngine();

/**
 * The index raises incidents and the store records reviews with `refresh: true`, so a list right
 * after sees them, as the contract expects (production: the index's default, and `'wait_for'` for reviews).
 */
function makeStore(client: EngineKind) {
  return async () => {
    const indexPrefix = uniqueIndexPrefix(`incidents-${client}`);
    const { engine, close } = await testSearchEngine(client, indexPrefix);
    const index = new SearchEngineArchiveIndex({ engine, indexPrefix, refresh: true });
    await index.ensureIndices();
    return { index, store: new SearchEngineIncidentStore({ engine, indexPrefix, refresh: true }), cleanup: close };
  };
}

describe('search-engine incident store', { skip: searchEngine.skip }, () => {
  describeIncidentStoreContract('OpenSearch (opensearch client)', makeStore('opensearch'));
  describeIncidentStoreContract('OpenSearch through the Elasticsearch client (compatibility proxy)', makeStore('elasticsearch'));
});
