import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { ProofBundle } from '../proof-bundle.js';
import { integrityFixture, type IntegrityFixture } from '../test-support/integrity-fixture.js';
import { verifyProofBundle } from '../verify-proof-bundle.js';

async function bundleFor(fx: IntegrityFixture, i: number): Promise<ProofBundle> {
  const result = await fx.proofs.proofFor(fx.original(i).id);
  assert.equal(result.status, 'ok', `message ${i}`);
  return (result as { bundle: ProofBundle }).bundle;
}

test('every message of every ledger of 1 to 17 entries has a proof that verifies offline', async (t) => {
  const fx = integrityFixture(t);
  for (let n = 1; n <= 17; n++) {
    await fx.archive(n - 1, n);
    await fx.checkpoints.createCheckpoint();
    for (let i = 0; i < n; i++) {
      const bundle = await bundleFor(fx, i);
      assert.equal(bundle.treeSize, n);
      // Through JSON, as a bundle travels.
      const result = await verifyProofBundle(JSON.parse(JSON.stringify(bundle)), { originalBytes: fx.original(i).bytes, trustedPublicKey: fx.key.publicKeyPem });
      assert.ok(result.ok, `message ${i} of ${n}: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`);
      assert.deepEqual(result.checks.map((c) => c.name), ['bundle', 'original', 'ledger-entry', 'inclusion', 'signature', 'trusted-key']);
    }
  }
});

test('proofs in a large ledger use the stored subtrees and still verify', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 300);
  await fx.checkpoints.createCheckpoint();
  await fx.archive(300, 777);
  await fx.checkpoints.createCheckpoint();
  for (const i of [0, 255, 256, 511, 512, 600, 767, 768, 776]) {
    const result = await verifyProofBundle(await bundleFor(fx, i), { originalBytes: fx.original(i).bytes });
    assert.ok(result.ok, `message ${i}`);
    assert.equal(result.checks.find((c) => c.name === 'inclusion')?.detail.includes(`leaf ${i} of the tree of 777`), true);
  }
});

test('an altered original, entry, path or signature fails, and says which check', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 6);
  await fx.checkpoints.createCheckpoint();
  const bundle = await bundleFor(fx, 2);
  const failed = async (candidate: unknown, options: Parameters<typeof verifyProofBundle>[1] = {}) =>
    (await verifyProofBundle(candidate, options)).checks.filter((c) => !c.ok).map((c) => c.name);

  const altered = Buffer.from(fx.original(2).bytes);
  altered.writeUInt8(altered.readUInt8(altered.length - 3) ^ 1, altered.length - 3);
  assert.deepEqual(await failed(bundle, { originalBytes: altered }), ['original']);
  assert.deepEqual(await failed({ ...bundle, ledgerEntry: { ...bundle.ledgerEntry, size: bundle.ledgerEntry.size + 1 } }), ['inclusion']);
  assert.deepEqual(await failed({ ...bundle, auditPath: [...bundle.auditPath].reverse() }), ['inclusion']);
  assert.deepEqual(await failed({ ...bundle, checkpoint: { ...bundle.checkpoint, createdAt: '2020-01-01T00:00:00.000Z' } }), ['signature']);
  const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.deepEqual(await failed(bundle, { trustedPublicKey: stranger }), ['trusted-key']);
  assert.deepEqual(await failed({ ...bundle, leafIndex: 3 }), ['ledger-entry', 'inclusion']);
  assert.deepEqual(await failed({ nonsense: true }), ['bundle']);
});

test('what was not checked is said, and a missing time-stamp fails when a TSA CA is given', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 1);
  await fx.checkpoints.createCheckpoint();
  const bundle = await bundleFor(fx, 0);
  const plain = await verifyProofBundle(bundle);
  assert.ok(plain.ok);
  assert.deepEqual(plain.skipped.map((s) => s.split(':')[0]), ['original', 'trusted-key', 'timestamp']);
  const withCa = await verifyProofBundle(bundle, { tsaCaPem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' });
  assert.equal(withCa.ok, false);
  assert.equal(withCa.checks.find((c) => c.name === 'timestamp')?.ok, false);
});

test('there is no proof for an unknown message, nor before a checkpoint covers it', async (t) => {
  const fx = integrityFixture(t);
  assert.deepEqual(await fx.proofs.proofFor(fx.original(0).id), { status: 'not-archived' });
  await fx.archive(0, 2);
  await fx.checkpoints.createCheckpoint();
  await fx.archive(2, 3);
  assert.deepEqual(await fx.proofs.proofFor(fx.original(2).id), { status: 'not-checkpointed', seq: 3 });
});
