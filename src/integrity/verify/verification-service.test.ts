import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { scheduledVerification } from './scheduled-verification.js';
import { smallArchive } from './test-support/small-archive.js';
import { createVerificationService } from './verification-service.js';

test('the scheduled task audits and runs a full verification as the scheduler', async (t) => {
  const archive = smallArchive(t);
  await archive.archive('one');
  const verifications = createVerificationService({ ...archive.deps, logger: pino({ level: 'silent' }) });
  await scheduledVerification({ verifications, audit: archive.audit })();
  const [run] = verifications.list(1);
  assert.equal(run?.trigger, 'schedule');
  assert.equal(run?.actor, 'scheduler');
  assert.equal(run?.state, 'clean');
  assert.deepEqual(run?.options, { skipBlobs: false });
  const [entry] = await archive.audit.list({ limit: 10, action: 'integrity.verify' });
  assert.deepEqual([entry?.actor, entry?.source, entry?.detail], ['scheduler', 'system', { skipBlobs: false }]);
});

test('findings are logged as an archive-integrity alert', async (t) => {
  const archive = smallArchive(t);
  const id = await archive.archive('unledgered', 'index');
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const summary = await createVerificationService({ ...archive.deps, logger }).run({ trigger: 'schedule', actor: 'scheduler' });
  assert.equal(summary?.state, 'findings');
  const alert = lines.find((line) => line.alert === 'archive-integrity');
  assert.equal(alert?.runId, summary?.id);
  assert.equal(alert?.findings, 1);
  assert.deepEqual(archive.store.findings(summary?.id ?? '', { afterSeq: 0, limit: 5 }).map((f) => f.messageId), [id]);
});

test('closing the service cancels the run in progress, which is recorded as abandoned', async (t) => {
  const archive = smallArchive(t);
  for (let i = 0; i < 3; i++) await archive.archive(`message ${i}`);
  const verifications = createVerificationService({ ...archive.deps, logger: pino({ level: 'silent' }) });
  const { id } = await verifications.start({ trigger: 'api', actor: 'ada' });
  assert.equal(await verifications.run({ trigger: 'schedule', actor: 'scheduler' }), null, 'no second run beside it');
  await verifications.close();
  assert.equal(verifications.get(id)?.state, 'abandoned');
});
