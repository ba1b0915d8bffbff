import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { test } from 'node:test';
import { verifyLedger } from '../ledger-verifier.js';
import { MerkleFrontier } from '../merkle.js';
import { integrityFixture } from '../test-support/integrity-fixture.js';
import { verifyTreeHeadSignature } from '../tree-head.js';

test('no checkpoint is made while the ledger is empty or has nothing new', async (t) => {
  const fx = integrityFixture(t);
  assert.equal(await fx.checkpoints.createCheckpoint(), null);
  await fx.archive(0, 3);
  assert.equal((await fx.checkpoints.createCheckpoint())?.treeSize, 3);
  assert.equal(await fx.checkpoints.createCheckpoint(), null);
  assert.equal(fx.checkpoints.list().length, 1);
});

test('a checkpoint signs the root over every entry with the appliance key', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 5);
  const checkpoint = await fx.checkpoints.createCheckpoint();
  assert.ok(checkpoint !== null);
  assert.equal(checkpoint.applianceKeyId, fx.key.keyId);
  assert.equal(checkpoint.tsaToken, null);
  assert.equal(checkpoint.timestampPending, false);
  assert.ok(verifyTreeHeadSignature(checkpoint, Buffer.from(checkpoint.signature, 'base64'), createPublicKey(checkpoint.publicKey)));
  assert.ok(!verifyTreeHeadSignature({ ...checkpoint, treeSize: 4 }, Buffer.from(checkpoint.signature, 'base64'), fx.key.publicKey));
  const expected = new MerkleFrontier();
  for await (const batch of fx.ledger.batches()) for (const row of batch) expected.append(Buffer.from(row.entryHash, 'hex'));
  assert.equal(checkpoint.rootHash, expected.root().toString('hex'));
});

test('checkpoints resumed from the previous frontier agree with a recomputation from scratch', async (t) => {
  const fx = integrityFixture(t);
  for (const [from, to] of [[0, 200], [200, 300], [300, 700]] as const) {
    await fx.archive(from, to);
    await fx.checkpoints.createCheckpoint();
  }
  assert.deepEqual(fx.checkpoints.claims().map((c) => c.treeSize), [200, 300, 700]);
  assert.deepEqual(await verifyLedger(fx.ledger.batches({ batchSize: 97 }), fx.checkpoints.claims()), { entries: 700, findings: [] });
  // Subtrees of 256 leaves and more are kept for proofs: [0,256), [256,512) and [0,512).
  const nodes = fx.db.prepare('SELECT level, idx FROM ledger_merkle_nodes ORDER BY level, idx').all();
  assert.deepEqual(nodes, [{ level: 8, idx: 0 }, { level: 8, idx: 1 }, { level: 9, idx: 0 }]);
  assert.throws(() => fx.db.prepare('DELETE FROM ledger_checkpoints').run(), /append-only/);
});

test('a checkpoint with no TSA configured is never pending', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 2);
  await fx.checkpoints.createCheckpoint();
  assert.deepEqual(await fx.checkpoints.timestampPending(), { stamped: 0, pending: 0 });
});
