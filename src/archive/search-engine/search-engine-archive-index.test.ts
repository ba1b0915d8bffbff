import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import {
  requireSearchEngine, startElasticsearchCompatProxy, TEST_OPENSEARCH_URL, testSearchEngine, uniqueIndexPrefix,
} from '../../../test/support/search-engine.js';
import { parseQuery } from '../../query/parse-query.js';
import { connectSearchEngine } from '../../search-engine/connect-search-engine.js';
import { SearchEngineUnavailableError, type SearchEngine } from '../../search-engine/search-engine.js';
import { messageIndexAlias } from './message-index.js';
import { SearchEngineArchiveIndex } from './search-engine-archive-index.js';
import { documentFor, eventFor } from './test-support/archive-fixtures.js';

const searchEngine = await requireSearchEngine();

describe('SearchEngineArchiveIndex on a real engine', { skip: searchEngine.skip }, () => {
  let engine: SearchEngine;
  let close: () => Promise<void>;
  let indexPrefix: string;

  before(async () => {
    indexPrefix = uniqueIndexPrefix('archive-adapter');
    ({ engine, close } = await testSearchEngine('opensearch', indexPrefix));
  });

  after(() => close());

  /** An index of its own for one test, under the suite's prefix (deleted with it). */
  async function freshIndex(name: string, refresh: boolean | 'wait_for' = true): Promise<{ index: SearchEngineArchiveIndex; prefix: string }> {
    const prefix = `${indexPrefix}-${name}`;
    const index = new SearchEngineArchiveIndex({ engine, indexPrefix: prefix, refresh });
    await index.ensureIndices();
    return { index, prefix };
  }

  it('merges copies of one message recorded concurrently by several workers: one creates, every other merges, no event or recipient lost', async () => {
    const { index, prefix } = await freshIndex('concurrent');
    // Three workers: each serialises its own copies, the engine's optimistic concurrency arbitrates between them.
    const workers = [index, ...[1, 2].map(() => new SearchEngineArchiveIndex({ engine, indexPrefix: prefix, refresh: true }))];
    const document = documentFor('same');
    const copies = Array.from({ length: 12 }, (_, i) => eventFor(`copy-${String(i).padStart(2, '0')}`, `2024-05-01T10:00:${String(10 + i)}.000Z`, [`r${i}@example.org`]));
    const results = await Promise.all(copies.map((event, i) => workers[i % workers.length]?.record(document, event)));
    assert.deepEqual(results.map((r) => r?.outcome).sort(), ['created', ...Array<string>(11).fill('merged')]);
    assert.equal(results.filter((r) => r?.classifiedByThisCopy).length, 1);
    const stored = await index.get(document.id);
    assert.deepEqual(stored?.events.map((e) => e.spoolId), copies.map((e) => e.spoolId));
    assert.equal(stored?.document.receivedAt, '2024-05-01T10:00:10.000Z', 'the earliest copy');
    const found = await index.search({ query: parseQuery('bcc:@example.org'), sort: 'received', order: 'desc', limit: 10, after: null });
    assert.deepEqual(found.hits.map((h) => h.id), [document.id]);
    for (let i = 0; i < 12; i++) assert.equal((await index.search({ query: parseQuery(`bcc:r${i}@example.org`), sort: 'size', order: 'asc', limit: 1, after: null })).total, 1);
  });

  it('records many new messages at once in shared bulk requests, each exactly once', async () => {
    const { index } = await freshIndex('many');
    const documents = Array.from({ length: 300 }, (_, i) => documentFor(`many-${i}`));
    const results = await Promise.all(documents.map((d, i) => index.record(d, eventFor(`s-${i}`, d.receivedAt))));
    assert.ok(results.every((r) => r.outcome === 'created'));
    assert.equal(await index.count(), 300);
    const again = await Promise.all(documents.map((d, i) => index.record(d, eventFor(`s-${i}`, d.receivedAt))));
    assert.ok(again.every((r) => r.outcome === 'duplicate-event' && r.classifiedByThisCopy));
  });

  it('by default makes a message searchable at the next refresh, readable by id at once', async () => {
    const { index, prefix } = await freshIndex('eventual', false);
    const document = documentFor('eventual', { subject: 'zebra crossing' });
    await index.record(document, eventFor('e1', document.receivedAt));
    assert.equal((await index.get(document.id))?.document.subject, 'zebra crossing');
    await engine.refresh(messageIndexAlias(prefix));
    assert.equal((await index.search({ query: parseQuery('zebra'), sort: 'sent', order: 'asc', limit: 5, after: null })).total, 1);
  });

  it('folds a multi-word prefix phrase exactly as the index analyzer folds the text', async () => {
    const { index } = await freshIndex('folding');
    const document = documentFor('folding', { bodyText: 'Große Ärger in Łódź, Øresund ﬁnance and ΆΛΦΑ βήτα' });
    await index.record(document, eventFor('f1', document.receivedAt));
    const total = async (q: string) => (await index.search({ query: parseQuery(q), sort: 'received', order: 'asc', limit: 5, after: null })).total;
    for (const q of ['"grosse arger"*', '"GROßE ÄRG"*', '"in lodz oresu"*', '"øresund ﬁn"*', '"άλφα βή"*', '"ΆΛΦΑ ΒΉΤ"*', 'ärg*', 'lodz']) {
      assert.equal(await total(q), 1, q);
    }
    assert.equal(await total('"alfa beta"*'), 0, 'Greek is not transliterated');
  });

  it('fails with SearchEngineUnavailableError when the engine cannot be reached, so the job is retried', async () => {
    const proxy = await startElasticsearchCompatProxy(TEST_OPENSEARCH_URL);
    const viaProxy = await connectSearchEngine(
      { nodes: [proxy.url], client: 'opensearch', indexPrefix, requestTimeoutMs: 5_000 },
      { logger: pino({ level: 'silent' }) },
    );
    const index = new SearchEngineArchiveIndex({ engine: viaProxy, indexPrefix: `${indexPrefix}-gone` });
    await index.ensureIndices();
    await proxy.close();
    try {
      await assert.rejects(index.record(documentFor('unreachable'), eventFor('u1', '2024-05-01T10:00:00.000Z')), SearchEngineUnavailableError);
      await assert.rejects(index.search({ query: parseQuery('x'), sort: 'received', order: 'asc', limit: 1, after: null }), SearchEngineUnavailableError);
    } finally {
      await viaProxy.close();
    }
  });
});
