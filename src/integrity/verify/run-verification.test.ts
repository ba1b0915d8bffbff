import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RecordedFinding } from './finding.js';
import { runVerification } from './run-verification.js';
import { smallArchive, type SmallArchive } from './test-support/small-archive.js';
import type { VerificationCheck } from './verification-check.js';

const findingsOf = (archive: SmallArchive, id: string) =>
  archive.store.findings(id, { afterSeq: 0, limit: 1000 }).map(({ kind, messageId, seq, check }: RecordedFinding) => ({ kind, messageId, seq, check }));

test('a consistent archive verifies clean, every check reporting what it went through', async (t) => {
  const archive = smallArchive(t);
  for (let i = 0; i < 3; i++) await archive.archive(`message ${i}`);
  await archive.checkpoints.createCheckpoint();
  await archive.audit.append({ actor: 'ada', source: 'test', action: 'search', detail: { q: 'x' } });
  const seen: string[] = [];
  const summary = await runVerification(archive.deps, { trigger: 'cli', actor: 'cli:test', onProgress: (p) => seen.push(...p.filter((c) => c.state === 'running').map((c) => c.check)) });
  assert.equal(summary.state, 'clean');
  assert.equal(summary.findings, 0);
  assert.deepEqual(
    summary.progress.map(({ check, state, checked, findings }) => ({ check, state, checked, findings })),
    [
      { check: 'ledger-chain', state: 'done', checked: 3, findings: 0 },
      { check: 'checkpoints', state: 'done', checked: 1, findings: 0 },
      { check: 'audit-chain', state: 'done', checked: 1, findings: 0 },
      { check: 'index-ledger', state: 'done', checked: 6, findings: 0 },
      { check: 'index-blobs', state: 'done', checked: 3, findings: 0 },
      { check: 'orphan-blobs', state: 'done', checked: 3, findings: 0 },
    ],
  );
  assert.ok(seen.includes('index-blobs'), 'progress is reported while checks run');
  const run = archive.store.get(summary.id);
  assert.equal(run?.state, 'clean');
  assert.equal(run?.trigger, 'cli');
  assert.notEqual(run?.finishedAt, null);
});

test('an altered blob, a missing blob and an orphan blob are each found by message id', async (t) => {
  const archive = smallArchive(t);
  const altered = await archive.archive('altered');
  const missing = await archive.archive('missing');
  await archive.archive('intact');
  const stored = readFileSync(archive.blobPath(altered));
  stored.writeUInt8(stored.readUInt8(stored.length - 1) ^ 0xff, stored.length - 1);
  writeFileSync(archive.blobPath(altered), stored);
  rmSync(archive.blobPath(missing));
  const orphan = await archive.archive('never indexed', 'blob');

  const summary = await runVerification(archive.deps, { trigger: 'api', actor: 'ada' });
  assert.equal(summary.state, 'findings');
  assert.deepEqual(findingsOf(archive, summary.id), [
    { kind: 'altered-blob', messageId: altered, seq: undefined, check: 'index-blobs' },
    { kind: 'missing-blob', messageId: missing, seq: undefined, check: 'index-blobs' },
    { kind: 'orphan-blob', messageId: orphan, seq: undefined, check: 'orphan-blobs' },
  ]);
  assert.match(archive.store.findings(summary.id, { afterSeq: 0, limit: 1 })[0]?.detail ?? '', /gzip data is corrupted|does not match its SHA-256/);
});

test('a file that is not a blob at its place in the store is a stray file; half-written blobs are not', async (t) => {
  const archive = smallArchive(t);
  await archive.archive('one');
  mkdirSync(join(archive.blobRoot, 'tmp'), { recursive: true });
  writeFileSync(join(archive.blobRoot, 'tmp', 'abandoned.123'), 'half');
  mkdirSync(join(archive.blobRoot, 'ab', 'cd'), { recursive: true });
  writeFileSync(join(archive.blobRoot, 'ab', 'cd', 'notes.txt'), 'hello');
  const summary = await runVerification(archive.deps, { trigger: 'cli', actor: 'cli:test' });
  const findings = archive.store.findings(summary.id, { afterSeq: 0, limit: 10 });
  assert.deepEqual(findings.map((f) => f.kind), ['stray-file']);
  assert.match(findings[0]?.detail ?? '', /ab\/cd\/notes\.txt/);
});

test('an index entry the ledger never recorded is found, and a ledger entry without its index entry too', async (t) => {
  const archive = smallArchive(t);
  await archive.archive('kept');
  const dropped = await archive.archive('dropped');
  const unledgered = await archive.archive('unledgered', 'index');
  await archive.index.delete(dropped);
  rmSync(archive.blobPath(dropped));

  const summary = await runVerification(archive.deps, { trigger: 'cli', actor: 'cli:test' });
  assert.deepEqual(findingsOf(archive, summary.id), [
    { kind: 'index-without-ledger', messageId: unledgered, seq: undefined, check: 'index-ledger' },
    { kind: 'ledger-without-index', messageId: dropped, seq: 2, check: 'index-ledger' },
  ]);
});

test('--skip-blobs leaves the blob checks out and says so', async (t) => {
  const archive = smallArchive(t);
  const id = await archive.archive('missing but skipped');
  rmSync(archive.blobPath(id));
  const summary = await runVerification(archive.deps, { trigger: 'cli', actor: 'cli:test', skipBlobs: true });
  assert.equal(summary.state, 'clean');
  assert.deepEqual(summary.progress.filter((p) => p.state === 'skipped').map((p) => p.check), ['index-blobs', 'orphan-blobs']);
  assert.deepEqual(archive.store.get(summary.id)?.options, { skipBlobs: true });
});

test('a blob whose index entry commits while the run goes on is re-examined and not reported', async (t) => {
  const archive = smallArchive(t);
  await archive.archive('first');
  // The archive stage stores the blob, then records the index entry: catch a message in between.
  await archive.archive('in flight', 'blob');
  let completed = false;
  let finishing: Promise<string> | null = null;
  // Stands in for the time a real run spends after the walk: the pipeline's commits land before the re-examination.
  const catchUp: VerificationCheck = {
    name: 'catch-up', description: 'waits for the pipeline', readsBlobs: false, total: () => null,
    run: async () => void (await finishing),
  };
  const summary = await runVerification({ ...archive.deps, checks: [...archive.deps.checks, catchUp] }, {
    trigger: 'cli', actor: 'cli:test',
    onProgress: (progress) => {
      const orphans = progress.find((p) => p.check === 'orphan-blobs');
      if (completed || orphans?.findings !== 1) return;
      completed = true;
      // The pipeline goes on with the in-flight message: index entry, then ledger entry.
      finishing = archive.archive('in flight');
    },
  });
  assert.ok(completed, 'the orphan was seen while the run went on');
  assert.equal(summary.state, 'clean');
  assert.deepEqual(findingsOf(archive, summary.id), []);
  assert.equal(summary.progress.find((p) => p.check === 'orphan-blobs')?.findings, 0);
});

test('a check that fails with an error fails the run, recorded with the reason', async (t) => {
  const archive = smallArchive(t);
  const broken: VerificationCheck = {
    name: 'broken', description: 'fails', readsBlobs: false, total: () => null,
    run: async () => Promise.reject(new Error('EIO: i/o error, read')),
  };
  await assert.rejects(runVerification({ ...archive.deps, checks: [broken] }, { trigger: 'cli', actor: 'cli:test' }), /EIO/);
  const [run] = archive.store.list(1);
  assert.equal(run?.state, 'failed');
  assert.equal(run?.error, 'EIO: i/o error, read');
});

test('a cancelled run stops at the next batch and is recorded as abandoned', async (t) => {
  const archive = smallArchive(t);
  for (let i = 0; i < 2; i++) await archive.archive(`message ${i}`);
  const abort = new AbortController();
  const summary = await runVerification(archive.deps, {
    trigger: 'api', actor: 'ada', signal: abort.signal,
    onProgress: () => abort.abort(),
  });
  assert.equal(summary.state, 'abandoned');
  assert.equal(archive.store.get(summary.id)?.state, 'abandoned');
  assert.ok(summary.progress.some((p) => p.state === 'pending'), 'later checks never started');
});

test('runs left running by a process that is gone are marked abandoned', async (t) => {
  const archive = smallArchive(t);
  archive.db.prepare(`INSERT INTO verification_runs (id, trigger, actor, options, pid, state, started_at, progress)
    VALUES ('00000000-0000-4000-8000-000000000001', 'api', 'ada', '{"skipBlobs":false}', ?, 'running', 0, '[]')`).run(process.pid);
  assert.equal(await archive.store.abandonInterrupted(), 1);
  assert.equal(archive.store.get('00000000-0000-4000-8000-000000000001')?.state, 'abandoned');
});
