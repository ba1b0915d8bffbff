import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { computeEntryHash, type LedgerRecord } from '../ledger-entry.js';
import { createCheckpointReader } from '../sqlite/checkpoint-reader.js';
import { defaultChecks } from './default-checks.js';
import { runVerification } from './run-verification.js';
import { smallArchive, type SmallArchive } from './test-support/small-archive.js';

/** Three archived messages under one signed checkpoint (tree size 3). */
async function checkpointed(archive: SmallArchive): Promise<void> {
  for (let i = 0; i < 3; i++) await archive.archive(`message ${i}`);
  assert.equal((await archive.checkpoints.createCheckpoint())?.treeSize, 3);
}

async function findings(archive: SmallArchive, checks = archive.deps.checks) {
  const summary = await runVerification({ ...archive.deps, checks }, { trigger: 'cli', actor: 'cli:test', skipBlobs: true });
  return archive.store.findings(summary.id, { afterSeq: 0, limit: 50 }).map(({ check, kind, seq }) => ({ check, kind, seq }));
}

test('a rewritten checkpoint signature is a bad signature at its tree size', async (t) => {
  const archive = smallArchive(t);
  await checkpointed(archive);
  archive.db.exec(`DROP TRIGGER ledger_checkpoints_no_update; UPDATE ledger_checkpoints SET signature = zeroblob(64) WHERE tree_size = 3`);
  assert.deepEqual(await findings(archive), [{ check: 'checkpoints', kind: 'bad-signature', seq: 3 }]);
});

test('a checkpoint signed by a key other than the appliance key is a bad signature', async (t) => {
  const archive = smallArchive(t);
  await checkpointed(archive);
  const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const checks = defaultChecks({ ledger: archive.ledger, checkpoints: createCheckpointReader(archive.db), trustedPublicKey: otherKey });
  assert.deepEqual(await findings(archive, checks), [{ check: 'checkpoints', kind: 'bad-signature', seq: 3 }]);
});

test('a forged time-stamp on a checkpoint is a bad time-stamp', async (t) => {
  const archive = smallArchive(t);
  await checkpointed(archive);
  archive.db.prepare('INSERT INTO ledger_checkpoint_timestamps (tree_size, token, gen_time, stamped_at) VALUES (3, ?, 0, 0)').run(Buffer.from('not a time-stamp token'));
  assert.deepEqual(await findings(archive), [{ check: 'checkpoints', kind: 'bad-timestamp', seq: 3 }]);
});

test('an edited ledger entry breaks the chain at that entry', async (t) => {
  const archive = smallArchive(t);
  await checkpointed(archive);
  archive.db.exec(`DROP TRIGGER ledger_no_update; UPDATE ledger SET size = size + 1 WHERE seq = 2`);
  assert.deepEqual(await findings(archive), [{ check: 'ledger-chain', kind: 'broken-chain', seq: 2 }]);
});

test('a ledger rewritten with consistent hashes still contradicts the signed checkpoint', async (t) => {
  const archive = smallArchive(t);
  await checkpointed(archive);
  // Edit entry 2, re-hash it and re-link entry 3: the chain alone now looks intact.
  archive.db.exec('DROP TRIGGER ledger_no_update; UPDATE ledger SET size = size + 1 WHERE seq = 2');
  let prevHash = (archive.ledger.archivedEntry(archive.db.prepare('SELECT message_id FROM ledger WHERE seq = 1').pluck().get() as string) as LedgerRecord).entryHash;
  for (const seq of [2, 3]) {
    const id = archive.db.prepare('SELECT message_id FROM ledger WHERE seq = ?').pluck().get(seq) as string;
    const entry = archive.ledger.archivedEntry(id) as LedgerRecord;
    const entryHash = computeEntryHash(prevHash, entry);
    archive.db.prepare('UPDATE ledger SET prev_hash = ?, entry_hash = ? WHERE seq = ?').run(Buffer.from(prevHash, 'hex'), Buffer.from(entryHash, 'hex'), seq);
    prevHash = entryHash;
  }
  assert.deepEqual(await findings(archive), [{ check: 'ledger-chain', kind: 'checkpoint-mismatch', seq: 3 }]);
});
