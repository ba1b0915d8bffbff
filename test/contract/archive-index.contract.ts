import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ArchiveIndex } from '../../src/archive/archive-index.js';
import type { ArchiveDocument, JournalEvent, JournalRecipient } from '../../src/domain/archive-record.js';
import { parseQuery } from '../../src/query/parse-query.js';

export type MakeIndex = () => Promise<{ index: ArchiveIndex; cleanup(): Promise<void> }>;

const idOf = (text: string) => createHash('sha256').update(text).digest('hex');

function documentFor(n: number, overrides: Partial<ArchiveDocument> = {}): ArchiveDocument {
  return {
    id: idOf(`message ${n}`),
    size: 1000 + n,
    messageId: `m${n}@example.com`,
    subject: `Quarterly report ${n}`,
    sentAt: new Date(Date.UTC(2024, 0, 1 + n)).toISOString(),
    receivedAt: new Date(Date.UTC(2024, 0, 1 + n, 1)).toISOString(),
    addresses: [
      { field: 'from', address: 'alice@example.com', name: 'Alice Archer' },
      { field: 'to', address: `bob${n}@example.org`, name: '' },
    ],
    bodyText: n % 2 === 0 ? 'revenue forecast attached' : 'lunch on friday',
    attachments: [],
    flags: [],
    decryptedCopyOf: null,
    ...overrides,
  };
}

function eventFor(document: ArchiveDocument, spoolId: string, recipients: JournalRecipient[] = []): JournalEvent {
  return {
    spoolId,
    receivedSha256: idOf(spoolId),
    role: 'primary',
    envelope: {
      mailFrom: 'journal@example.com', rcptTo: ['archive@archive.example'], clientAddress: '127.0.0.1', clientHostname: 'localhost',
      helo: 'mx', transmissionType: 'ESMTP', tls: null, authUser: null, receivedAt: document.receivedAt,
    },
    journal: { source: 'exchange-envelope', sender: 'alice@example.com', onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients },
  };
}

/** The ArchiveIndex port's contract: every adapter (SQLite, Elasticsearch, OpenSearch) must pass it unchanged. */
export function describeArchiveIndexContract(name: string, makeIndex: MakeIndex): void {
  describe(`ArchiveIndex contract: ${name}`, () => {
    const search = (index: ArchiveIndex, q: string, limit = 100, after: string | null = null) =>
      index.search({ query: parseQuery(q), sort: 'received', order: 'desc', limit, after });

    it('records a message once and merges the recipients of later copies, keeping every event', async () => {
      const { index, cleanup } = await makeIndex();
      const doc = documentFor(1);
      assert.equal(await index.record(doc, eventFor(doc, 's1', [{ address: 'bob1@example.org', kind: 'to' }])), 'created');
      assert.equal(await index.record(doc, eventFor(doc, 's2', [{ address: 'hr@example.com', kind: 'bcc' }])), 'merged');
      assert.equal(await index.record(doc, eventFor(doc, 's2')), 'duplicate-event');
      assert.equal(await index.count(), 1);
      assert.deepEqual((await search(index, 'bcc:hr@example.com')).hits.map((h) => h.id), [doc.id]);
      const stored = await index.get(doc.id);
      assert.deepEqual(stored?.events.map((e) => e.spoolId), ['s1', 's2']);
      assert.equal(await index.get(idOf('nothing')), null);
      await cleanup();
    });

    it('finds exactly the matching messages for text, address, date and size queries', async () => {
      const { index, cleanup } = await makeIndex();
      const docs = [1, 2, 3, 4].map((n) => documentFor(n));
      for (const doc of docs) await index.record(doc, eventFor(doc, `s-${doc.id}`));
      const ids = async (q: string) => (await search(index, q)).hits.map((h) => h.id).sort();
      const expect = (...ns: number[]) => ns.map((n) => idOf(`message ${n}`)).sort();
      assert.deepEqual(await ids('revenue'), expect(2, 4));
      assert.deepEqual(await ids('"lunch on friday"'), expect(1, 3));
      assert.deepEqual(await ids('to:bob3@example.org'), expect(3));
      assert.deepEqual(await ids('from:"Alice Archer" -revenue'), expect(1, 3));
      assert.deepEqual(await ids('participants:@example.org sent:2024-01-03..2024-01-04'), expect(2, 3));
      assert.deepEqual(await ids('size>=1003'), expect(3, 4));
      assert.deepEqual(await ids('message-id:<m4@example.com>'), expect(4));
      await cleanup();
    });

    it('pages through every hit once with the cursor', async () => {
      const { index, cleanup } = await makeIndex();
      for (let n = 1; n <= 7; n++) await index.record(documentFor(n), eventFor(documentFor(n), `s${n}`));
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await search(index, 'quarterly', 3, after);
        assert.equal(page.total, 7);
        seen.push(...page.hits.map((h) => h.id));
        after = page.nextCursor;
      } while (after);
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7);
      await cleanup();
    });

    it('takes the analysis of a later copy when the first could not be parsed', async () => {
      const { index, cleanup } = await makeIndex();
      const parsed = documentFor(5);
      const degraded: ArchiveDocument = { ...parsed, subject: null, messageId: null, addresses: [], bodyText: '', flags: [{ flag: 'unparseable', reason: 'timed out' }] };
      await index.record(degraded, eventFor(degraded, 'first'));
      assert.equal((await search(index, 'lunch')).total, 0);
      await index.record(parsed, eventFor(parsed, 'second'));
      assert.deepEqual((await search(index, 'lunch')).hits.map((h) => [h.id, h.subject, h.flags]), [[parsed.id, 'Quarterly report 5', []]]);
      await cleanup();
    });
  });
}
