import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import { startLocalTsa } from '../../../test/support/local-tsa.js';
import { GroupCommit } from '../../db/group-commit.js';
import { loadOrCreateSigningKey } from '../../integrity/signing-key.js';
import { createLedgerCheckpoints } from '../../integrity/sqlite/ledger-checkpoints.js';
import { createSqliteLedger } from '../../integrity/sqlite/sqlite-ledger.js';
import { SqliteVerificationStore } from '../../integrity/verify/sqlite-verification-store.js';
import type { RecordedFinding } from '../../integrity/verify/finding.js';
import { createIntegritySource, NO_RUN } from './integrity-source.js';

const PERIOD = { from: new Date('2026-02-01T00:00:00.000Z'), to: new Date('2026-03-01T00:00:00.000Z') };
const at = (iso: string) => Date.parse(iso);

describe('integrity report data', () => {
  it('reports the last ended run, the period runs and findings, checkpoints with time-stamps and the ledger by week', async (t) => {
    const { db, dir } = freshDatabase(t, 'report-integrity');
    const writer = new GroupCommit(db);
    t.after(() => writer.close());
    const tsa = await startLocalTsa();
    t.after(() => tsa.close());
    const clock = { value: 0 };
    const now = () => new Date(clock.value);
    const key = loadOrCreateSigningKey(join(dir, 'keys', 'appliance-ed25519.pem'));
    const ledger = createSqliteLedger(db, writer, now);
    const signedOnly = createLedgerCheckpoints({ db, writer, ledger, key, clock: now });
    const stamped = createLedgerCheckpoints({ db, writer, ledger, key, clock: now, tsa: { url: tsa.url, caPem: tsa.caPem, timeoutMs: 5000 } });
    let n = 0;
    const append = async (iso: string) => {
      clock.value = at(iso);
      await ledger.recordArchived({ messageId: (++n).toString(16).padStart(64, '0'), size: 10, receivedAt: iso });
    };

    await append('2026-01-20T00:00:00.000Z');
    await append('2026-01-31T23:59:59.999Z');
    await signedOnly.createCheckpoint(); // before the period
    await append('2026-02-01T00:00:00.000Z'); // Sunday: week of 2026-01-26
    await append('2026-02-02T00:00:00.000Z');
    await append('2026-02-03T12:00:00.000Z');
    await stamped.createCheckpoint(); // in the period, time-stamped
    await append('2026-02-28T23:59:59.999Z');
    clock.value = at('2026-02-28T23:59:59.999Z');
    await signedOnly.createCheckpoint(); // last moment of the period, signed only
    await append('2026-03-01T00:00:00.000Z'); // the period's end: outside
    await signedOnly.createCheckpoint();

    const store = new SqliteVerificationStore(db, writer);
    const finding = (findingSeq: number, f: Omit<RecordedFinding, 'findingSeq'>): RecordedFinding => ({ findingSeq, ...f });
    const run = async (id: string, startedAt: string, findings: RecordedFinding[], end: 'clean' | 'findings' | null) => {
      await store.create({ id, trigger: 'schedule', actor: 'scheduler', options: { skipBlobs: false }, startedAt: new Date(startedAt), progress: [] });
      if (findings.length > 0) await store.record(id, findings, [], findings.length);
      if (end !== null) await store.finish(id, { state: end, progress: [], findings: findings.length, error: null });
    };
    await run('run-before', '2026-01-31T23:59:59.999Z', [finding(1, { kind: 'missing-blob', messageId: 'a'.repeat(64), detail: 'gone', check: 'index-blobs' })], 'findings');
    await run('run-first', '2026-02-01T00:00:00.000Z', [
      finding(1, { kind: 'missing-blob', messageId: 'b'.repeat(64), detail: 'no file', check: 'index-blobs' }),
      finding(2, { kind: 'broken-chain', seq: 7, detail: 'hash differs', check: 'audit-chain' }),
    ], 'findings');
    await run('run-clean', '2026-02-15T00:00:00.000Z', [], 'clean');
    await run('run-last', '2026-03-01T00:00:00.000Z', [finding(1, { kind: 'bad-timestamp', seq: 5, detail: 'bad token', check: 'checkpoints' })], 'findings');
    await run('run-going', '2026-03-01T06:00:00.000Z', [], null);

    const source = createIntegritySource({ db, signingKeyId: key.keyId });
    const data = await source.load({ period: PERIOD, now: new Date('2026-03-02T00:00:00.000Z') });

    assert.deepEqual(data.figures, {
      lastRunId: 'run-last',
      lastRunStatus: 'findings',
      lastRunStartedAt: '2026-03-01T00:00:00.000Z',
      lastRunFindings: 1,
      ledgerEntries: 6,
      checkpointsInPeriod: 2,
      timestampedCheckpoints: 1,
      signingKeyId: key.keyId,
    });
    const runs = data.tables.runs?.rows ?? [];
    assert.deepEqual(runs.map(({ finishedAt: _finishedAt, ...rest }) => rest), [
      { runId: 'run-first', startedAt: '2026-02-01T00:00:00.000Z', status: 'findings', findings: 2 },
      { runId: 'run-clean', startedAt: '2026-02-15T00:00:00.000Z', status: 'clean', findings: 0 },
    ]);
    assert.ok(runs.every((r) => typeof r.finishedAt === 'string'));
    assert.deepEqual(data.tables.findings, {
      rows: [
        { runId: 'run-first', kind: 'missing-blob', subject: `message ${'b'.repeat(64)}`, detail: 'no file' },
        { runId: 'run-first', kind: 'broken-chain', subject: 'audit-chain #7', detail: 'hash differs' },
        { runId: 'run-last', kind: 'bad-timestamp', subject: 'checkpoints #5', detail: 'bad token' },
      ],
    });

    const stored = db.prepare<[], { tree_size: number; root: string; gen_time: number | null }>(
      `SELECT c.tree_size, lower(hex(c.root_hash)) AS root, ts.gen_time FROM ledger_checkpoints c
       LEFT JOIN ledger_checkpoint_timestamps ts USING (tree_size) WHERE c.tree_size IN (5, 6) ORDER BY c.tree_size`,
    ).all();
    assert.equal(stored[0]?.gen_time !== null && stored[1]?.gen_time === null, true, 'the first in the period is stamped, the second not');
    assert.deepEqual(data.tables.checkpoints, {
      rows: [
        { treeSize: 5, rootHash: stored[0]?.root, signedAt: '2026-02-03T12:00:00.000Z', timestampedAt: new Date(stored[0]?.gen_time ?? 0).toISOString() },
        { treeSize: 6, rootHash: stored[1]?.root, signedAt: '2026-02-28T23:59:59.999Z', timestampedAt: null },
      ],
    });
    assert.deepEqual(data.series.ledgerEntriesByWeek, [
      { label: '2026-01-26', value: 1 },
      { label: '2026-02-02', value: 2 },
      { label: '2026-02-09', value: 0 },
      { label: '2026-02-16', value: 0 },
      { label: '2026-02-23', value: 1 },
    ]);
  });

  it('says so when no verification run has ended yet', async (t) => {
    const { db } = freshDatabase(t, 'report-integrity-empty');
    const data = await createIntegritySource({ db, signingKeyId: 'k' }).load({ period: PERIOD, now: PERIOD.to });
    assert.equal(data.figures.lastRunId, NO_RUN);
    assert.equal(data.figures.lastRunStatus, NO_RUN);
    assert.equal(data.figures.lastRunFindings, 0);
    assert.equal(data.figures.ledgerEntries, 0);
    assert.deepEqual(data.tables.findings, { rows: [] });
    assert.equal(data.series.ledgerEntriesByWeek?.length, 5);
  });
});
