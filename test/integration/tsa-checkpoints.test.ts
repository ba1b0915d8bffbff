import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integrityFixture } from '../../src/integrity/test-support/integrity-fixture.js';
import { verifyCheckpoint } from '../../src/integrity/verify-checkpoint.js';
import { verifyProofBundle } from '../../src/integrity/verify-proof-bundle.js';
import type { ProofBundle } from '../../src/integrity/proof-bundle.js';
import { startLocalTsa } from '../support/local-tsa.js';

test('a checkpoint is time-stamped by a real RFC 3161 TSA and its proof verifies with the TSA CA', async (t) => {
  const tsa = await startLocalTsa();
  t.after(() => tsa.close());
  const fx = integrityFixture(t, { tsa: { url: tsa.url, caPem: tsa.caPem, timeoutMs: 5000 } });
  await fx.archive(0, 3);
  const checkpoint = await fx.checkpoints.createCheckpoint();
  assert.ok(checkpoint?.tsaToken);
  assert.equal(checkpoint.timestampPending, false);
  assert.ok(checkpoint.tsaGenTime !== null && Math.abs(Date.parse(checkpoint.tsaGenTime) - Date.now()) < 60_000);

  const result = await fx.proofs.proofFor(fx.original(1).id);
  const bundle = (result as { bundle: ProofBundle }).bundle;
  const verified = await verifyProofBundle(bundle, { originalBytes: fx.original(1).bytes, trustedPublicKey: fx.key.publicKeyPem, tsaCaPem: tsa.caPem });
  assert.ok(verified.ok, JSON.stringify(verified.checks));
  assert.deepEqual(verified.skipped, []);
  assert.match(verified.checks.find((c) => c.name === 'timestamp')?.detail ?? '', /time-stamped at .* by CN=Custodian Test TSA \(chains to the given CA\)/);
});

test('a time-stamp does not verify against another CA, nor for another tree head', async (t) => {
  const tsa = await startLocalTsa();
  const other = await startLocalTsa();
  t.after(() => Promise.all([tsa.close(), other.close()]));
  const fx = integrityFixture(t, { tsa: { url: tsa.url, caPem: tsa.caPem, timeoutMs: 5000 } });
  await fx.archive(0, 2);
  const checkpoint = await fx.checkpoints.createCheckpoint();
  assert.ok(checkpoint !== null);
  const foreign = await verifyCheckpoint(checkpoint, { tsaCaPem: other.caPem });
  assert.match(foreign.checks.find((c) => c.name === 'timestamp')?.detail ?? '', /does not (chain|verify)/);
  const moved = await verifyCheckpoint({ ...checkpoint, treeSize: 1 }, { tsaCaPem: tsa.caPem });
  assert.match(moved.checks.find((c) => c.name === 'timestamp')?.detail ?? '', /imprint does not match/);
});

test('a TSA outage keeps the checkpoint signed and pending, and a later retry stamps it', async (t) => {
  const tsa = await startLocalTsa();
  t.after(() => tsa.close());
  const fx = integrityFixture(t, { tsa: { url: tsa.url, caPem: tsa.caPem, timeoutMs: 2000 } });
  await tsa.stop();
  await fx.archive(0, 4);
  const checkpoint = await fx.checkpoints.createCheckpoint();
  assert.ok(checkpoint !== null);
  assert.equal(checkpoint.tsaToken, null);
  assert.equal(checkpoint.timestampPending, true);
  assert.deepEqual(await fx.checkpoints.timestampPending(), { stamped: 0, pending: 1 });

  await tsa.start();
  assert.deepEqual(await fx.checkpoints.timestampPending(), { stamped: 1, pending: 0 });
  const stamped = fx.checkpoints.latest();
  assert.ok(stamped?.tsaToken);
  assert.equal(stamped.timestampPending, false);
  assert.equal(stamped.signature, checkpoint.signature);
  const verified = await verifyCheckpoint(stamped, { trustedPublicKey: fx.key.publicKeyPem, tsaCaPem: tsa.caPem });
  assert.ok(verified.checks.every((c) => c.ok), JSON.stringify(verified.checks));
});
