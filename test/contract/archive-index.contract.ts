import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ArchiveIndex } from '../../src/archive/archive-index.js';
import type { ArchiveDocument, JournalEvent, JournalRecipient } from '../../src/domain/archive-record.js';
import { notClassified, type Classification, type RuleHit, type Severity } from '../../src/domain/classification.js';
import { incidentIdOf } from '../../src/incidents/incidents-to-raise.js';
import { parseQuery } from '../../src/query/parse-query.js';
import { testEnvelope } from '../support/test-envelope.js';

export type MakeIndex = () => Promise<{ index: ArchiveIndex; cleanup(): Promise<void> }>;

const idOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** A spam rule hit; `detector` puts a detector in its evidence (which `dlp:` must ignore). */
function spamHit(ruleId: string, score: number, tag?: string, detector?: string): RuleHit {
  return {
    ruleId, kind: 'spam', pack: 'spam', description: `spam rule ${ruleId}`, score,
    evidence: [{ source: 'body', ...(detector ? { detector, count: 3 } : {}), samples: ['clipped text'] }],
    actions: tag ? [{ action: 'tag', tag }] : [],
  };
}

/** A DLP rule hit with redacted evidence from one detector. */
function dlpHit(ruleId: string, severity: Severity, detector: string, actions: RuleHit['actions']): RuleHit {
  return {
    ruleId, kind: 'dlp', pack: ruleId.split('-')[0] ?? 'dlp', description: `dlp rule ${ruleId}`, severity,
    evidence: [{ source: 'body', detector, count: 1, confidence: 'high', samples: ['**** **** **** 1881'] }],
    actions,
  };
}

/** What the rule engine would make of these hits (score = sum, spam from 5, highest severity). */
export function classifiedAs(hits: RuleHit[], tags: string[] = []): Classification {
  const score = hits.reduce((sum, h) => sum + (h.score ?? 0), 0);
  const order: Severity[] = ['low', 'medium', 'high', 'critical'];
  const severities = hits.flatMap((h) => (h.severity ? [order.indexOf(h.severity)] : []));
  return {
    rulesVersion: 'contract-rules',
    status: 'classified',
    spam: { score, threshold: 5, verdict: score >= 5 ? 'spam' : 'ham' },
    dlp: { severity: severities.length > 0 ? (order[Math.max(...severities)] ?? null) : null },
    hits,
    tags,
    disposition: 'deliver',
    attachments: [],
  };
}

/** Six messages, one per kind of verdict the searches tell apart. */
const VERDICTS: Readonly<Record<number, Classification>> = {
  1: classifiedAs([spamHit('spam-html-only', 1.5)]),
  2: classifiedAs([spamHit('spam-gtube', 5, 'bulk'), spamHit('spam-many-addresses', 2.5, undefined, 'email')], ['bulk']),
  3: classifiedAs(
    [dlpHit('pci-card-number-high', 'high', 'credit-card', [{ action: 'tag', tag: 'pci' }, { action: 'incident' }]),
      dlpHit('secrets-aws-key', 'critical', 'aws-access-key', [{ action: 'incident' }])],
    ['pci'],
  ),
  4: classifiedAs([spamHit('spam-bulk-header', 0.1), spamHit('spam-bulk-precedence', 0.2), spamHit('spam-forged', 4.7),
    dlpHit('pii-email-list', 'medium', 'email', [{ action: 'tag', tag: 'PII' }])], ['PII']),
  5: notClassified('not parsed: the parser timed out'),
  6: notClassified('rule engine: detector credit-card threw', 'contract-rules'),
};

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
    classification: classifiedAs([]),
    ...overrides,
  };
}

function eventFor(document: ArchiveDocument, spoolId: string, recipients: JournalRecipient[] = []): JournalEvent {
  return {
    spoolId,
    receivedSha256: idOf(spoolId),
    role: 'primary',
    envelope: testEnvelope(document.receivedAt),
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
      assert.equal((await index.record(doc, eventFor(doc, 's1', [{ address: 'bob1@example.org', kind: 'to' }]))).outcome, 'created');
      assert.equal((await index.record(doc, eventFor(doc, 's2', [{ address: 'hr@example.com', kind: 'bcc' }]))).outcome, 'merged');
      assert.equal((await index.record(doc, eventFor(doc, 's2'))).outcome, 'duplicate-event');
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

    it('counts the messages matching a query by sent month, sender domain and rule tag', async () => {
      const { index, cleanup } = await makeIndex();
      const record = (n: number, overrides: Partial<ArchiveDocument>) => {
        const doc = documentFor(n, overrides);
        return index.record(doc, eventFor(doc, `s${n}`));
      };
      const from = (address: string) => [{ field: 'from' as const, address, name: '' }];
      await record(1, { sentAt: '2024-01-31T23:59:59.999Z', addresses: from('a@example.com'), classification: VERDICTS[3] });
      await record(2, { sentAt: '2024-02-01T00:00:00.000Z', addresses: from('b@mail.example.com'), classification: VERDICTS[4] });
      await record(3, { sentAt: '2024-02-15T00:00:00.000Z', addresses: from('c@example.com'), classification: VERDICTS[2] });
      await record(4, { sentAt: null, receivedAt: '2023-12-24T10:00:00.000Z', addresses: [], classification: classifiedAs([], ['PCI']) });
      await record(5, { sentAt: '2024-02-20T00:00:00.000Z', addresses: from('d@other.example') });
      const aggregate = (q: string, by: 'sent-month' | 'sender-domain' | 'tag') => index.aggregate(parseQuery(q), by);
      assert.deepEqual(await aggregate('', 'sent-month'), [
        { key: '2023-12', count: 1 }, { key: '2024-01', count: 1 }, { key: '2024-02', count: 3 },
      ], 'a message without a Date header counts in the month it was received');
      assert.deepEqual(await aggregate('revenue', 'sent-month'), [{ key: '2023-12', count: 1 }, { key: '2024-02', count: 1 }]);
      assert.deepEqual(await aggregate('', 'sender-domain'), [
        { key: 'example.com', count: 2 }, { key: 'mail.example.com', count: 1 }, { key: 'other.example', count: 1 },
      ]);
      assert.deepEqual(await aggregate('sent>=2024-02-01', 'sender-domain'), [
        { key: 'example.com', count: 1 }, { key: 'mail.example.com', count: 1 }, { key: 'other.example', count: 1 },
      ]);
      assert.deepEqual(await aggregate('', 'tag'), [{ key: 'pci', count: 2 }, { key: 'bulk', count: 1 }, { key: 'pii', count: 1 }]);
      assert.deepEqual(await aggregate('spam:no', 'tag'), [{ key: 'pci', count: 2 }]);
      assert.deepEqual(await aggregate('spam:yes', 'tag'), [{ key: 'bulk', count: 1 }, { key: 'pii', count: 1 }]);
      assert.deepEqual(await aggregate('nothing-matches-this', 'sent-month'), []);
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

    it('keeps each classification with its message and returns it whole', async () => {
      const { index, cleanup } = await makeIndex();
      for (const n of [3, 5]) {
        const doc = documentFor(n, { classification: VERDICTS[n] });
        await index.record(doc, eventFor(doc, `s${n}`));
        assert.deepEqual((await index.get(doc.id))?.document.classification, VERDICTS[n]);
      }
      await cleanup();
    });

    it('finds exactly the matching messages for every verdict field', async () => {
      const { index, cleanup } = await makeIndex();
      for (let n = 1; n <= 6; n++) {
        const doc = documentFor(n, { classification: VERDICTS[n] });
        await index.record(doc, eventFor(doc, `s${n}`));
      }
      const cases: Array<[string, number[]]> = [
        ['spam:yes', [2, 4]],
        ['spam:no', [1, 3]],
        ['spam:error', [5, 6]],
        ['score>=5', [2, 4]],
        ['score>5', [2]],
        ['score=5', [4]],
        ['score:5', [4]],
        ['score:7.5', [2]],
        ['score<1.5', [3, 5, 6]],
        ['score<=1.5', [1, 3, 5, 6]],
        ['score:1..7', [1, 4]],
        ['score<0', []],
        ['dlp:credit-card', [3]],
        ['dlp:aws-access-key', [3]],
        ['dlp:email', [4]],
        ['dlp:iban', []],
        ['dlp-severity:critical', [3]],
        ['dlp-severity:high', []],
        ['dlp-severity:medium', [4]],
        ['dlp-severity>=medium', [3, 4]],
        ['dlp-severity<high', [4]],
        ['dlp-severity:low..high', [4]],
        ['-dlp-severity>=low', [1, 2, 5, 6]],
        ['rule:pci-card-number-high', [3]],
        ['rule:spam-gtube', [2]],
        ['rule:spam-many-addresses', [2]],
        ['rule:nope', []],
        ['tag:pci', [3]],
        ['tag:pii', [4]],
        ['tag:bulk', [2]],
        ['classification:error', [5, 6]],
        ['classification:classified', [1, 2, 3, 4]],
        ['spam:no dlp-severity>=high', [3]],
        ['rule:spam-gtube OR tag:PII', [2, 4]],
        ['revenue -spam:yes', [6]],
        ['lunch -classification:error', [1, 3]],
      ];
      for (const [q, ns] of cases) {
        const found = (await search(index, q)).hits.map((h) => h.id).sort();
        assert.deepEqual(found, ns.map((n) => idOf(`message ${n}`)).sort(), q);
      }
      const hits = new Map((await search(index, '')).hits.map((h) => [h.id, h]));
      const verdictOf = (n: number) => {
        const hit = hits.get(idOf(`message ${n}`));
        return hit && { spamScore: hit.spamScore, spamVerdict: hit.spamVerdict, dlpSeverity: hit.dlpSeverity, tags: hit.tags };
      };
      assert.deepEqual(verdictOf(2), { spamScore: 7.5, spamVerdict: 'spam', dlpSeverity: null, tags: ['bulk'] });
      assert.deepEqual(verdictOf(3), { spamScore: 0, spamVerdict: 'ham', dlpSeverity: 'critical', tags: ['pci'] });
      assert.deepEqual(verdictOf(5), { spamScore: 0, spamVerdict: 'error', dlpSeverity: null, tags: [] });
      await cleanup();
    });

    it('raises one incident per hit that asks for one and per rule-engine failure, and none again on a retry', async () => {
      const { index, cleanup } = await makeIndex();
      const record = async (n: number, spoolId: string) => {
        const doc = documentFor(n, { classification: VERDICTS[n] });
        return index.record(doc, eventFor(doc, spoolId));
      };
      const incident = (n: number, ruleId: string) => incidentIdOf(idOf(`message ${n}`), ruleId);
      const pci = [incident(3, 'pci-card-number-high'), incident(3, 'secrets-aws-key')].sort();
      const first = await record(3, 'first');
      assert.deepEqual([first.outcome, first.classifiedByThisCopy, first.incidentIds.sort()], ['created', true, pci]);
      const retried = await record(3, 'first');
      assert.deepEqual([retried.outcome, retried.classifiedByThisCopy, retried.incidentIds.sort()], ['duplicate-event', true, pci]);
      assert.deepEqual(await record(3, 'later copy'), { outcome: 'merged', classifiedByThisCopy: false, incidentIds: [] });
      assert.deepEqual(await record(3, 'later copy'), { outcome: 'duplicate-event', classifiedByThisCopy: false, incidentIds: [] });
      assert.deepEqual((await record(6, 'engine')).incidentIds, [incident(6, 'rule-engine-error')]);
      for (const n of [1, 2, 4, 5]) assert.deepEqual((await record(n, `s${n}`)).incidentIds, [], `message ${n}`);
      await cleanup();
    });

    it('deletes a message from every search and lookup, keeps its incidents\' ids stable, and treats a repeat as a no-op', async () => {
      const { index, cleanup } = await makeIndex();
      const gone = documentFor(3, { classification: VERDICTS[3] });
      const kept = documentFor(4, { classification: VERDICTS[4] });
      await index.record(gone, eventFor(gone, 'g1', [{ address: 'hr@example.com', kind: 'bcc' }]));
      await index.record(gone, eventFor(gone, 'g2'));
      await index.record(kept, eventFor(kept, 'k1'));
      assert.deepEqual(await index.delete(gone.id), { size: gone.size, receivedAt: gone.receivedAt });
      assert.equal(await index.get(gone.id), null);
      assert.equal(await index.count(), 1);
      for (const q of ['lunch', 'bcc:hr@example.com', 'dlp:credit-card', 'tag:pci', 'rule:secrets-aws-key', '"Alice Archer"', '']) {
        assert.ok(!(await search(index, q)).hits.some((h) => h.id === gone.id), q);
      }
      assert.deepEqual((await search(index, 'revenue')).hits.map((h) => h.id), [kept.id]);
      assert.equal(await index.delete(gone.id), null);
      // Archived again later (the same bytes journaled anew), it is a new record with its own rows.
      assert.equal((await index.record(gone, eventFor(gone, 'g3'))).outcome, 'created');
      assert.deepEqual((await index.get(gone.id))?.events.map((e) => e.spoolId), ['g3']);
      await cleanup();
    });

    it('keeps the first copy\'s classification, unless the first copy could not be parsed', async () => {
      const { index, cleanup } = await makeIndex();
      const first = documentFor(1, { classification: VERDICTS[1] });
      await index.record(first, eventFor(first, 'a'));
      const later = { ...first, classification: VERDICTS[2] as Classification };
      assert.deepEqual(await index.record(later, eventFor(later, 'b')), { outcome: 'merged', classifiedByThisCopy: false, incidentIds: [] });
      assert.equal((await search(index, 'spam:yes')).total, 0);
      assert.deepEqual((await index.get(first.id))?.document.classification, VERDICTS[1]);

      const parsed = documentFor(3, { classification: VERDICTS[3] });
      const degraded: ArchiveDocument = { ...parsed, bodyText: '', flags: [{ flag: 'unparseable', reason: 'timed out' }], classification: notClassified('not parsed: timed out') };
      assert.deepEqual(await index.record(degraded, eventFor(degraded, 'c')), { outcome: 'created', classifiedByThisCopy: true, incidentIds: [] });
      assert.equal((await search(index, 'dlp:credit-card')).total, 0);
      const upgraded = await index.record(parsed, eventFor(parsed, 'd'));
      assert.equal(upgraded.outcome, 'merged');
      assert.equal(upgraded.classifiedByThisCopy, true);
      assert.equal(upgraded.incidentIds.length, 2);
      assert.equal((await index.record(degraded, eventFor(degraded, 'c'))).classifiedByThisCopy, false);
      assert.deepEqual((await search(index, 'dlp:credit-card')).hits.map((h) => h.id), [parsed.id]);
      assert.deepEqual((await search(index, 'classification:error')).hits.map((h) => h.id), []);
      assert.deepEqual((await index.get(parsed.id))?.document.classification, VERDICTS[3]);
      await cleanup();
    });
  });
}
