import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ArchiveIndex } from '../../src/archive/archive-index.js';
import type { ArchiveDocument, JournalEvent } from '../../src/domain/archive-record.js';
import { notClassified, type RuleHit, type Severity } from '../../src/domain/classification.js';
import { IncidentVersionConflictError, type IncidentStore } from '../../src/incidents/incident-store.js';
import { classifiedAs } from './archive-index.contract.js';
import { testEnvelope } from '../support/test-envelope.js';

/** The store under test and the index that raises its incidents (they share a transaction). */
export type MakeIncidentStore = () => Promise<{ index: ArchiveIndex; store: IncidentStore; cleanup(): Promise<void> }>;

const idOf = (text: string) => createHash('sha256').update(text).digest('hex');

function dlpHit(ruleId: string, severity: Severity): RuleHit {
  return {
    ruleId, kind: 'dlp', pack: 'pci', description: `rule ${ruleId}`, severity,
    evidence: [{ source: 'attachment', detail: 'cards.xlsx', detector: 'credit-card', count: 2, confidence: 'high', samples: ['**** **** **** 1881'] }],
    actions: [{ action: 'incident' }],
  };
}

function archived(n: number, hits: RuleHit[]): { document: ArchiveDocument; event: JournalEvent } {
  const id = idOf(`incident message ${n}`);
  const at = new Date(Date.UTC(2024, 4, n)).toISOString();
  return {
    document: {
      id, size: 100, messageId: null, subject: `message ${n}`, sentAt: at, receivedAt: at, addresses: [], bodyText: 'text',
      attachments: [], flags: [], decryptedCopyOf: null,
      classification: n === 0 ? notClassified('rule engine: keywords file unreadable', 'v1') : classifiedAs(hits),
    },
    event: {
      spoolId: `spool-${n}`, receivedSha256: id, role: 'primary',
      envelope: testEnvelope(at, { mailFrom: 'j@example.com', rcptTo: ['a@example.com'] }),
      journal: { source: 'bcc-copy', sender: null, onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] },
    },
  };
}

/** Message 0: a rule-engine failure; 1..3: a high card hit each; 3 also a critical one. Five incidents. */
async function raiseFive(index: ArchiveIndex): Promise<string[]> {
  const ids: string[] = [];
  const messages = [
    archived(0, []),
    archived(1, [dlpHit('pci-card-number-high', 'high')]),
    archived(2, [dlpHit('pci-card-number-high', 'high')]),
    archived(3, [dlpHit('pci-card-number-high', 'high'), dlpHit('pci-card-dump', 'critical')]),
  ];
  for (const { document, event } of messages) ids.push(...(await index.record(document, event)).incidentIds);
  return ids;
}

/** The IncidentStore port's contract: every adapter must pass it unchanged. */
export function describeIncidentStoreContract(name: string, makeStore: MakeIncidentStore): void {
  describe(`IncidentStore contract: ${name}`, () => {
    it('holds each raised incident open with its rule, severity and redacted evidence', async () => {
      const { index, store, cleanup } = await makeStore();
      const ids = await raiseFive(index);
      assert.equal(ids.length, 5);
      const engine = await store.get(ids[0] ?? '');
      assert.equal(engine?.ruleId, 'rule-engine-error');
      assert.equal(engine?.description, 'rule engine: keywords file unreadable');
      assert.equal(engine?.severity, 'high');
      const card = await store.get(ids[1] ?? '');
      assert.deepEqual(card && { ...card, createdAt: undefined, updatedAt: undefined }, {
        id: ids[1], messageId: idOf('incident message 1'), ruleId: 'pci-card-number-high', pack: 'pci', severity: 'high',
        description: 'rule pci-card-number-high', evidence: dlpHit('x', 'high').evidence, status: 'open', reviewer: null, notes: [],
        version: 1, createdAt: undefined, updatedAt: undefined,
      });
      assert.equal(card?.createdAt, card?.updatedAt);
      assert.equal(await store.get('no-such-incident'), null);
      await cleanup();
    });

    it('lists exactly the incidents each filter selects, newest first', async () => {
      const { index, store, cleanup } = await makeStore();
      const ids = await raiseFive(index);
      const list = async (filter: Parameters<IncidentStore['list']>[0]['filter']) =>
        (await store.list({ filter, limit: 100, after: null })).incidents.map((i) => i.id);
      assert.deepEqual(await list({}), [...ids].reverse());
      assert.deepEqual((await list({ ruleId: 'pci-card-number-high' })).sort(), [ids[1], ids[2], ids[3]].sort());
      assert.deepEqual(await list({ severity: 'critical' }), [ids[4]]);
      assert.deepEqual((await list({ messageId: idOf('incident message 3') })).sort(), [ids[3], ids[4]].sort());
      assert.deepEqual(await list({ status: 'reviewed' }), []);
      assert.deepEqual(await list({ createdFrom: '2999-01-01T00:00:00Z' }), []);
      assert.equal((await list({ createdFrom: '2000-01-01T00:00:00Z', createdTo: '2999-01-01T00:00:00Z', status: 'open' })).length, 5);
      assert.equal((await store.list({ filter: { severity: 'high' }, limit: 1, after: null })).total, 4);
      await cleanup();
    });

    it('pages through every incident once with the cursor', async () => {
      const { index, store, cleanup } = await makeStore();
      const ids = await raiseFive(index);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await store.list({ filter: {}, limit: 2, after });
        assert.equal(page.total, 5);
        seen.push(...page.incidents.map((i) => i.id));
        after = page.nextCursor;
      } while (after !== null);
      assert.deepEqual(seen, [...ids].reverse());
      await cleanup();
    });

    it('records a review: new status, reviewer, note and version', async () => {
      const { index, store, cleanup } = await makeStore();
      const [id = ''] = await raiseFive(index);
      const reviewed = await store.update(id, { expectedVersion: 1, actor: 'olga', status: 'reviewed', note: 'Engine fixed; re-scanned by hand.' });
      assert.equal(reviewed?.status, 'reviewed');
      assert.equal(reviewed?.reviewer, 'olga');
      assert.equal(reviewed?.version, 2);
      assert.deepEqual(reviewed?.notes.map((n) => [n.author, n.text]), [['olga', 'Engine fixed; re-scanned by hand.']]);
      const noted = await store.update(id, { expectedVersion: 2, actor: 'oscar', note: 'Agreed.' });
      assert.equal(noted?.status, 'reviewed');
      assert.equal(noted?.reviewer, 'olga');
      assert.deepEqual(noted?.notes.map((n) => n.author), ['olga', 'oscar']);
      assert.deepEqual(await store.get(id), noted);
      assert.deepEqual((await store.list({ filter: { status: 'reviewed' }, limit: 10, after: null })).incidents, [noted]);
      assert.equal(await store.update('no-such-incident', { expectedVersion: 1, actor: 'olga', status: 'dismissed' }), null);
      await cleanup();
    });

    it('refuses an update based on a version another reviewer has changed, writing nothing', async () => {
      const { index, store, cleanup } = await makeStore();
      const [id = ''] = await raiseFive(index);
      await store.update(id, { expectedVersion: 1, actor: 'olga', status: 'dismissed' });
      await assert.rejects(
        store.update(id, { expectedVersion: 1, actor: 'oscar', status: 'reviewed', note: 'Mine.' }),
        (error: unknown) => error instanceof IncidentVersionConflictError && error.currentVersion === 2,
      );
      const incident = await store.get(id);
      assert.equal(incident?.status, 'dismissed');
      assert.equal(incident?.reviewer, 'olga');
      assert.deepEqual(incident?.notes, []);
      await cleanup();
    });
  });
}
