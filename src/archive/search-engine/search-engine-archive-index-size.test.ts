import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { requireSearchEngine, TEST_OPENSEARCH_URL, testSearchEngine, uniqueIndexPrefix } from '../../../test/support/search-engine.js';
import type { ArchiveDocument } from '../../domain/archive-record.js';
import { parseQuery } from '../../query/parse-query.js';
import { connectSearchEngine } from '../../search-engine/connect-search-engine.js';
import { SearchEngineRequestError, type SearchEngine } from '../../search-engine/search-engine.js';
import type { SearchHit } from '../archive-index.js';
import { TEXT_TRUNCATED_FLAG } from './fit-source.js';
import { jsonBytes } from './json-bytes.js';
import { messageIndexAlias } from './message-index.js';
import { SearchEngineArchiveIndex, type SearchEngineArchiveIndexOptions } from './search-engine-archive-index.js';
import { attachmentFor, documentFor, eventFor, fillerWords } from './test-support/archive-fixtures.js';
import { startSizeLimitedProxy, type SizeLimitedProxy } from './test-support/size-limited-proxy.js';

const searchEngine = await requireSearchEngine();

const KiB = 1024;

/** A message whose body is `bodyBytes` of filler between two words a test can look for. */
function messageOf(id: string, bodyBytes: number, overrides: Partial<ArchiveDocument> = {}): ArchiveDocument {
  return documentFor(id, { bodyText: `opening${id} ${fillerWords(Math.ceil(bodyBytes / 7))} closing${id}`, ...overrides });
}

describe('SearchEngineArchiveIndex with large messages and size-limited requests', { skip: searchEngine.skip }, () => {
  let engine: SearchEngine;
  let close: () => Promise<void>;
  let indexPrefix: string;
  const cleanups: Array<() => Promise<void>> = [];

  before(async () => {
    indexPrefix = uniqueIndexPrefix('archive-size');
    ({ engine, close } = await testSearchEngine('opensearch', indexPrefix));
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await close();
  });

  /**
   * An index of its own for one test, written through a proxy that refuses `_bulk` bodies over
   * `maxBodyBytes` with 413 (as a cluster with that `http.max_content_length` would) and records
   * every request. Indices are created directly.
   */
  async function sizeLimitedIndex(
    name: string, maxBodyBytes: number, options: Partial<SearchEngineArchiveIndexOptions> = {},
  ): Promise<{ index: SearchEngineArchiveIndex; proxy: SizeLimitedProxy; prefix: string }> {
    const prefix = `${indexPrefix}-${name}`;
    await new SearchEngineArchiveIndex({ engine, indexPrefix: prefix }).ensureIndices();
    const proxy = await startSizeLimitedProxy(TEST_OPENSEARCH_URL, { maxBodyBytes });
    const viaProxy = await connectSearchEngine(
      { nodes: [proxy.url], client: 'opensearch', indexPrefix: prefix, requestTimeoutMs: 30_000 },
      { logger: pino({ level: 'silent' }) },
    );
    cleanups.push(async () => {
      await viaProxy.close();
      await proxy.close();
    });
    return { index: new SearchEngineArchiveIndex({ ...options, engine: viaProxy, indexPrefix: prefix, refresh: true }), proxy, prefix };
  }

  async function find(index: SearchEngineArchiveIndex, query: string): Promise<SearchHit[]> {
    return (await index.search({ query: parseQuery(query), sort: 'received', order: 'asc', limit: 100, after: null })).hits;
  }

  function bulks(proxy: SizeLimitedProxy) {
    return proxy.requests.filter((r) => r.path.startsWith('/_bulk'));
  }

  it('splits a batch whose documents together exceed batching.maxBytes into requests under it, a larger document alone, every message indexed', async () => {
    const maxBytes = 64 * KiB;
    const { index, proxy } = await sizeLimitedIndex('byte-cap', Infinity, { batching: { maxBytes } });
    const documents = [
      ...Array.from({ length: 40 }, (_, i) => messageOf(`small${i}`, 6 * KiB)),
      messageOf('large', 100 * KiB),
    ];
    const results = await Promise.all(documents.map((d, i) => index.record(d, eventFor(`s-${i}`, d.receivedAt))));
    assert.ok(results.every((r) => r.outcome === 'created'));
    assert.equal(await index.count(), 41);

    const requests = bulks(proxy);
    assert.ok(requests.length >= 5, `${requests.length} bulk requests`);
    const over = requests.filter((r) => r.bytes > maxBytes);
    assert.deepEqual(over.map((r) => r.lines), [2], 'only the large document goes over the cap, alone (action and document lines)');
    const under = requests.filter((r) => r.bytes <= maxBytes);
    assert.ok(Math.max(...under.map((r) => r.bytes)) > maxBytes - 8 * KiB, 'the requests are filled up to the cap: the weights are the real request sizes');
    for (const d of documents) assert.equal((await find(index, `opening${d.id}`)).length, 1, d.id);
    assert.ok((await find(index, 'closinglarge')).every((hit) => !hit.flags.includes(TEXT_TRUNCATED_FLAG)), 'nothing is cut');
  });

  it('indexes a document over maxDocumentBytes with its text cut to fit and flagged; sender, recipients, subject, journal events and the kept text all find it', async () => {
    const maxDocumentBytes = 32 * KiB;
    const { index, prefix } = await sizeLimitedIndex('huge', Infinity, { maxDocumentBytes });
    const huge = messageOf('huge', 200 * KiB, {
      subject: 'Gigantic quarterly ledger',
      addresses: [
        { field: 'from', address: 'hugo@example.com', name: 'Hugo Archer' },
        { field: 'to', address: 'bob@example.net', name: 'Bob' },
        { field: 'cc', address: 'carol@example.net', name: 'Carol' },
      ],
      attachments: [
        attachmentFor('ledger.csv', `ledgerstart ${fillerWords(20_000)} ledgerend`),
        attachmentFor('note.txt', 'smallnote'),
      ],
    });
    const ordinary = messageOf('ordinary', 1 * KiB);
    await index.record(huge, eventFor('h1', '2024-05-01T10:00:01.000Z', ['dave@example.org']));
    await index.record(ordinary, eventFor('o1', ordinary.receivedAt));

    const stored = await engine.get(messageIndexAlias(prefix), huge.id);
    assert.ok(stored && jsonBytes(stored.source) <= maxDocumentBytes, 'the document sent fits');
    const findsHuge = async (query: string) => {
      const hits = await find(index, query);
      assert.deepEqual(hits.map((h) => h.id), [huge.id], query);
      assert.ok(hits[0]?.flags.includes(TEXT_TRUNCATED_FLAG), `${query}: flagged`);
    };
    for (const query of [
      'from:hugo@example.com', 'from:"Hugo Archer"', 'to:bob@example.net', 'cc:@example.net', 'bcc:dave@example.org',
      'subject:gigantic', 'openinghuge', 'attachment:ledgerstart', 'smallnote', 'filename:ledger.csv',
    ]) await findsHuge(query);
    assert.equal((await find(index, 'closinghuge')).length, 0, 'the end of the body was cut');
    assert.equal((await find(index, 'ledgerend')).length, 0, 'the end of the long attachment was cut');
    assert.deepEqual((await find(index, 'openingordinary')).map((h) => h.flags), [[]], 'a message that fits is neither cut nor flagged');

    const another = await index.record(huge, eventFor('h2', '2024-05-01T10:00:02.000Z', ['erin@example.org']));
    assert.equal(another.outcome, 'merged');
    await findsHuge('bcc:erin@example.org');
    await findsHuge('bcc:dave@example.org');
    const message = await index.get(huge.id);
    assert.deepEqual(message?.events.map((e) => e.spoolId), ['h1', 'h2']);
    assert.deepEqual(message?.document.addresses, huge.addresses);
    assert.deepEqual(message?.document.attachments.map((a) => a.filename), ['ledger.csv', 'note.txt']);
  });

  it('splits a request the engine refuses with 413 and sends the halves again, so no message fails for the size of its neighbours', async () => {
    const maxBodyBytes = 48 * KiB;
    const { index, proxy } = await sizeLimitedIndex('split-413', maxBodyBytes);
    const documents = Array.from({ length: 30 }, (_, i) => messageOf(`n${i}`, 4 * KiB));
    const results = await Promise.all(documents.map((d, i) => index.record(d, eventFor(`n-${i}`, d.receivedAt))));
    assert.ok(results.every((r) => r.outcome === 'created'));
    assert.equal(await index.count(), 30);
    const requests = bulks(proxy);
    assert.ok(requests.some((r) => r.status === 413), 'the engine refused at least one request');
    assert.ok(requests.filter((r) => r.status !== 413).every((r) => r.bytes <= maxBodyBytes));
    for (const d of documents) {
      const hits = await find(index, `closing${d.id}`);
      assert.deepEqual(hits.map((h) => h.flags), [[]], `${d.id} indexed whole`);
    }
  });

  it('cuts a document the engine refuses with 413 even alone until it is taken, flagged, while its neighbours go in whole', async () => {
    const maxBodyBytes = 48 * KiB;
    const { index, proxy } = await sizeLimitedIndex('alone-413', maxBodyBytes);
    const huge = messageOf('huge', 150 * KiB, {
      subject: 'Enormous attachment-free report',
      addresses: [{ field: 'from', address: 'hugo@example.com', name: 'Hugo' }, { field: 'to', address: 'bob@example.net', name: 'Bob' }],
    });
    const neighbours = Array.from({ length: 10 }, (_, i) => messageOf(`m${i}`, 2 * KiB));
    const documents = [huge, ...neighbours];
    const results = await Promise.all(documents.map((d, i) => index.record(d, eventFor(`m-${i}`, d.receivedAt))));
    assert.ok(results.every((r) => r.outcome === 'created'));
    assert.ok(bulks(proxy).some((r) => r.status === 413 && r.lines === 2), 'the document was refused alone');
    for (const query of ['from:hugo@example.com', 'to:bob@example.net', 'subject:enormous', 'openinghuge']) {
      const hits = await find(index, query);
      assert.deepEqual(hits.map((h) => [h.id, h.flags]), [[huge.id, [TEXT_TRUNCATED_FLAG]]], query);
    }
    assert.equal((await find(index, 'closinghuge')).length, 0);
    for (const d of neighbours) assert.deepEqual((await find(index, `closing${d.id}`)).map((h) => h.flags), [[]], d.id);
  });

  it('fails with the 413 SearchEngineRequestError, never retried, a document whose metadata alone the engine refuses', async () => {
    const { index } = await sizeLimitedIndex('metadata-413', 8 * KiB);
    const recipients = Array.from({ length: 300 }, (_, i) => ({ field: 'to' as const, address: `recipient${i}@example.net`, name: `Recipient ${i}` }));
    const crowded = messageOf('crowded', 1 * KiB, { addresses: [{ field: 'from', address: 'alice@example.com', name: 'Alice' }, ...recipients] });
    const neighbour = messageOf('neighbour', 1 * KiB);
    const [failed, succeeded] = await Promise.allSettled([
      index.record(crowded, eventFor('c1', crowded.receivedAt)),
      index.record(neighbour, eventFor('c2', neighbour.receivedAt)),
    ]);
    assert.ok(failed?.status === 'rejected' && failed.reason instanceof SearchEngineRequestError && failed.reason.status === 413);
    assert.equal(succeeded?.status === 'fulfilled' ? succeeded.value.outcome : succeeded?.reason, 'created');
  });
});
