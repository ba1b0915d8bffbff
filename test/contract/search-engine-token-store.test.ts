import { describe } from 'node:test';
import { SearchEngineTokenStore } from '../../src/auth/search-engine/search-engine-token-store.js';
import { tokenIndexSpec, type TokenDocument } from '../../src/auth/search-engine/token-index.js';
import { requireSearchEngine, testSearchEngine, uniqueIndexPrefix } from '../support/search-engine.js';
import { describeTokenStoreContract } from './token-store.contract.js';

const searchEngine = await requireSearchEngine();

describe('TokenStore on the search engine', { skip: searchEngine.skip }, () => {
  for (const client of ['opensearch', 'elasticsearch'] as const) {
    describeTokenStoreContract(`search engine (${client} client)`, async () => {
      const indexPrefix = uniqueIndexPrefix(`tokens-${client}`);
      const { engine, close } = await testSearchEngine(client, indexPrefix);
      const { alias } = tokenIndexSpec(indexPrefix);
      await engine.ensureIndex(tokenIndexSpec(indexPrefix));
      const everything = async () => {
        await engine.refresh(alias);
        return (await engine.search<TokenDocument>(alias, { size: 1000, query: { match_all: {} } })).hits;
      };
      return {
        openStore: async () => new SearchEngineTokenStore({ engine, indexPrefix }),
        // Ids too: the document id is where the token's hash is kept.
        storedText: async () => JSON.stringify(await everything()),
        async setRole(id, role) {
          const hit = (await everything()).find((h) => h.source.id === id);
          if (hit === undefined) throw new Error(`no token ${id}`);
          await engine.put(alias, hit.id, { ...hit.source, role });
        },
        cleanup: close,
      };
    });
  }
});
