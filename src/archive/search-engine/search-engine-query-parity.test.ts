import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireSearchEngine, testSearchEngine, uniqueIndexPrefix } from '../../../test/support/search-engine.js';
import { PARITY_MESSAGES } from '../../query/test-support/parity-messages.js';
import { QUERY_CASES } from '../../query/test-support/query-cases.js';
import { parseQuery } from '../../query/parse-query.js';
import { SearchEngineArchiveIndex } from './search-engine-archive-index.js';

const searchEngine = await requireSearchEngine();

/**
 * The SQLite compiler's whole query table, through `record` and `search` on a real engine: the
 * same messages must give exactly the same hits on both backends (analysis, address roles,
 * domains, dates, verdicts, negation, injection attempts).
 */
describe('search-engine queries find exactly what the embedded index finds', { skip: searchEngine.skip }, () => {
  let index: SearchEngineArchiveIndex;
  let close: () => Promise<void>;

  before(async () => {
    const indexPrefix = uniqueIndexPrefix('parity');
    const connected = await testSearchEngine('opensearch', indexPrefix);
    close = connected.close;
    index = new SearchEngineArchiveIndex({ engine: connected.engine, indexPrefix, refresh: true });
    await index.ensureIndices();
    for (const { document, event } of PARITY_MESSAGES) await index.record(document, event);
  });

  after(() => close());

  for (const [query, ids] of QUERY_CASES) {
    it(`finds ${ids.length === 0 ? 'nothing' : ids.join(', ')} for ${JSON.stringify(query)}`, async () => {
      const result = await index.search({ query: parseQuery(query), sort: 'received', order: 'asc', limit: 100, after: null });
      assert.deepEqual(result.hits.map((h) => h.id).sort(), ids);
      assert.equal(result.total, ids.length);
    });
  }
});
