import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.js';
import { createFsBlobStore } from '../../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { SqliteLegalHolds } from '../../holds/sqlite/sqlite-legal-holds.js';
import { createSqliteLedger } from '../../integrity/sqlite/sqlite-ledger.js';
import { ArchiveMessageDeleter } from '../../retention/deletion/archive-message-deleter.js';
import { SqliteTombstoneStore } from '../../retention/deletion/sqlite-tombstone-store.js';
import { archiveMessage, type TestMessage } from '../../retention/test-support/archive-message.js';
import { policySet } from '../../retention/test-support/policy-set.js';
import { retentionFixture } from '../../retention/test-support/retention-fixture.js';
import { createRetentionSource, describePeriod } from './retention-source.js';

const POLICIES = `policies:
  - { id: default, description: d, period: { years: 7 }, action: delete }
  - { id: short, description: s, scope: { tags: [short] }, period: { days: 30 }, action: delete, priority: 1 }
  - { id: review-me, description: r, scope: { tags: [review] }, period: { months: 6 }, action: review, priority: 2 }
`;

const NOW = new Date('2026-03-01T00:00:00.000Z');
const PERIOD = { from: new Date('2026-02-01T00:00:00.000Z'), to: new Date('2026-03-01T00:00:00.000Z') };

/** The retention path on real adapters: index, retention, holds, ledger, tombstones and the deleter, with one clock. */
async function retentionArchive(t: TestContext) {
  const fixture = retentionFixture(t, await policySet(POLICIES));
  const { db, writer, retention } = fixture;
  const clock = { value: Date.parse('2026-01-15T00:00:00.000Z') };
  const index = new SqliteArchiveIndex(db, writer);
  const holds = new SqliteLegalHolds(db, writer);
  const ledger = createSqliteLedger(db, writer, () => new Date(clock.value));
  const blobs = tempDir('report-retention-blobs');
  t.after(() => blobs.remove());
  const deleter = new ArchiveMessageDeleter({
    tombstones: new SqliteTombstoneStore(db, writer, index, (ids) => holds.heldAmongNow(ids)),
    blobs: createFsBlobStore({ root: join(blobs.path, 'blobs'), compression: 'gzip', encryptionKey: null }),
    holds,
    protection: retention,
    ledger,
    audit: createSqliteAuditLog(db),
    now: () => new Date(clock.value),
  });
  let cases = 0;
  return {
    db,
    holds,
    policies: () => retention.policies(),
    async message(message: TestMessage): Promise<string> {
      const id = await archiveMessage(db, writer, message);
      await retention.assign(id);
      return id;
    },
    async hold(custodian: string): Promise<string> {
      const caseId = `case-${++cases}`;
      await holds.createCase({ id: caseId, name: `Matter ${cases}`, description: 'd', scope: 'criteria', custodians: [custodian], query: null, sentFrom: null, sentBefore: null, createdBy: 'olga-officer' });
      const hold = await holds.placeHold({ id: `hold-${cases}`, caseId, placedBy: 'olga-officer', reason: 'preserve' });
      await holds.idle();
      return hold.id;
    },
    async deleteAt(at: string, id: string, context: Parameters<ArchiveMessageDeleter['delete']>[1]): Promise<void> {
      clock.value = Date.parse(at);
      const outcome = await deleter.delete([id], context);
      assert.equal(outcome.deleted.length, 1, `deleted ${id}`);
    },
  };
}

describe('retention report data', () => {
  it('counts policies, holds, expiries, deletions and held expired messages as they were recorded', async (t) => {
    const archive = await retentionArchive(t);
    const short = { tags: ['short'] };
    const review = { tags: ['review'] };
    // Expiry = first receipt + the policy's period; the report's now is 2026-03-01.
    await archive.message({ ...short, from: 'held@corp.example', receivedAt: '2026-01-10T00:00:00.000Z' }); // 2026-02-09
    await archive.message({ ...review, from: 'held@corp.example', to: ['g@corp.example'], receivedAt: '2025-08-15T00:00:00.000Z' }); // 2026-02-15
    await archive.message({ ...review, from: 'held@corp.example', receivedAt: '2025-12-01T00:00:00.000Z' }); // 2026-06-01
    await archive.message({ ...short, from: 'released@corp.example', receivedAt: '2026-01-05T00:00:00.000Z' }); // 2026-02-04, its hold released
    await archive.message({ ...short, receivedAt: '2026-01-30T00:00:00.000Z' }); // exactly now: expiring, not expired
    await archive.message({ ...short, receivedAt: '2026-03-01T00:00:00.000Z' }); // exactly now + 30 days: not within 30
    await archive.message({ receivedAt: '2019-04-15T00:00:00.000Z' }); // 2026-04-15
    await archive.message({ receivedAt: '2025-06-01T00:00:00.000Z' }); // 2032
    const deletedAtFrom = await archive.message({ ...short, receivedAt: '2026-01-01T00:00:00.000Z' });
    const erased = await archive.message({ receivedAt: '2019-01-01T00:00:00.000Z' });
    const deletedAtTo = await archive.message({ ...short, receivedAt: '2026-01-02T00:00:00.000Z' });
    const deletedBefore = await archive.message({ ...short, receivedAt: '2026-01-03T00:00:00.000Z' });

    const first = await archive.hold('held@corp.example');
    const second = await archive.hold('g@corp.example');
    const released = await archive.hold('released@corp.example');
    await archive.holds.releaseHold({ id: released, releasedBy: 'olga-officer', reason: 'settled' });
    await archive.holds.idle();

    await archive.deleteAt('2026-02-01T00:00:00.000Z', deletedAtFrom, { reason: 'retention', actor: 'retention', policyId: 'short' });
    await archive.deleteAt('2026-02-28T23:59:59.999Z', erased, { reason: 'erasure', actor: 'olga-officer', requestId: 'er-1' });
    await archive.deleteAt('2026-03-01T00:00:00.000Z', deletedAtTo, { reason: 'retention', actor: 'retention', policyId: 'short' });
    await archive.deleteAt('2026-01-31T23:59:59.999Z', deletedBefore, { reason: 'retention', actor: 'retention', policyId: 'short' });

    const source = createRetentionSource({ db: archive.db, policies: archive.policies });
    const data = await source.load({ period: PERIOD, now: NOW });

    assert.deepEqual(data.figures, {
      policiesInForce: 3,
      messagesArchived: 8,
      heldMessages: 3,
      activeHolds: 2,
      expiringIn30Days: 1,
      expiringIn90Days: 3,
      expiringIn365Days: 4,
      deletionsInPeriod: 2,
      expiredButHeld: 2,
    });
    assert.deepEqual(data.tables.policies, {
      rows: [
        { policy: 'default', action: 'delete', period: '7 years', priority: 0, messages: 2, expiringIn30Days: 0 },
        { policy: 'review-me', action: 'review', period: '6 months', priority: 2, messages: 2, expiringIn30Days: 0 },
        { policy: 'short', action: 'delete', period: '30 days', priority: 1, messages: 4, expiringIn30Days: 1 },
      ],
    });

    const ledgerSeq = (id: string) => (archive.db.prepare("SELECT seq FROM ledger WHERE kind = 'deleted' AND message_id = ?").get(id) as { seq: number }).seq;
    assert.deepEqual(data.tables.deletions, {
      rows: [
        { deletedAt: '2026-02-01T00:00:00.000Z', archiveId: deletedAtFrom, policy: 'short', cause: 'retention', receivedAt: '2026-01-01T00:00:00.000Z', size: 100, ledgerSeq: ledgerSeq(deletedAtFrom) },
        { deletedAt: '2026-02-28T23:59:59.999Z', archiveId: erased, policy: null, cause: 'erasure request er-1, approved by olga-officer', receivedAt: '2019-01-01T00:00:00.000Z', size: 100, ledgerSeq: ledgerSeq(erased) },
      ],
    });

    const placed = async (id: string) => (await archive.holds.getHold(id))?.placedAt;
    assert.deepEqual(data.tables.blockingHolds, {
      rows: [
        { caseName: 'Matter 1', holdId: first, placedAt: await placed(first), placedBy: 'olga-officer', expiredHeldMessages: 2 },
        { caseName: 'Matter 2', holdId: second, placedAt: await placed(second), placedBy: 'olga-officer', expiredHeldMessages: 1 },
      ],
    });

    // 2026-02-01 is a Sunday: its ISO week starts on Monday 2026-01-26; 02-28 is in the week of 02-23.
    assert.deepEqual(data.series.deletionsByWeek, [
      { label: '2026-01-26', value: 1 },
      { label: '2026-02-02', value: 0 },
      { label: '2026-02-09', value: 0 },
      { label: '2026-02-16', value: 0 },
      { label: '2026-02-23', value: 1 },
    ]);
    assert.deepEqual(data.series.expiriesByMonth, [
      { label: '2026-03', value: 2 }, { label: '2026-04', value: 1 }, { label: '2026-05', value: 0 }, { label: '2026-06', value: 1 },
      { label: '2026-07', value: 0 }, { label: '2026-08', value: 0 }, { label: '2026-09', value: 0 }, { label: '2026-10', value: 0 },
      { label: '2026-11', value: 0 }, { label: '2026-12', value: 0 }, { label: '2027-01', value: 0 }, { label: '2027-02', value: 0 },
    ]);
  });

  it('cuts the deletions table at 1000 rows and says how many there were', async (t) => {
    const archive = await retentionArchive(t);
    // Tombstones written straight into their table: 1001 deletions through the deleter would only slow the test.
    const insert = archive.db.prepare(
      `INSERT INTO tombstones (message_id, size, received_at, reason, policy_id, request_id, actor, deleted_at)
       VALUES (?, 10, 0, 'retention', 'short', NULL, 'retention', ?)`,
    );
    archive.db.transaction(() => {
      for (let i = 0; i < 1001; i++) insert.run(i.toString(16).padStart(64, '0'), PERIOD.from.getTime() + i);
    })();
    const data = await createRetentionSource({ db: archive.db, policies: archive.policies }).load({ period: PERIOD, now: NOW });
    assert.equal(data.figures.deletionsInPeriod, 1001);
    assert.equal(data.tables.deletions?.rows.length, 1000);
    assert.equal(data.tables.deletions?.totalRows, 1001);
    assert.equal(data.tables.deletions?.rows[999]?.deletedAt, new Date(PERIOD.from.getTime() + 999).toISOString());
    assert.equal(data.tables.deletions?.rows[0]?.ledgerSeq, null, 'no ledger entry was written for these');
  });

  it('describes retention periods in words', () => {
    assert.equal(describePeriod({ unit: 'years', count: 1 }), '1 year');
    assert.equal(describePeriod({ unit: 'days', count: 30 }), '30 days');
    assert.equal(describePeriod({ unit: 'forever' }), 'forever');
  });
});
