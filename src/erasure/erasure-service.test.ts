import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { pino } from 'pino';
import type { DeletionOutcome } from '../domain/deletion.js';
import { deletionFixture, type DeletionFixture } from '../retention/deletion/deletion-fixture.js';
import type { DeletionContext, MessageDeleter } from '../retention/message-deleter.js';
import { ErasureError } from './erasure-error.js';
import type { Officer } from './erasure-request.js';
import { ErasureService } from './erasure-service.js';
import { SqliteErasureStore } from './sqlite/sqlite-erasure-store.js';
import { createSqliteSubjectResolver } from './sqlite/sqlite-subject-resolver.js';

const OLGA: Officer = { name: 'olga-officer', tokenId: 'token-olga' };
const OTTO: Officer = { name: 'otto-officer', tokenId: 'token-otto' };
const SOURCE = '198.51.100.7';
const DANA = 'dana@example.com';

/**
 * The real deleter, recording each batch it is handed. `failOnCall` makes that call fail as a
 * crash would, before anything is deleted; `onCall` runs as each batch is handed over.
 */
class RecordingDeleter implements MessageDeleter {
  readonly calls: Array<{ ids: string[]; context: DeletionContext }> = [];

  constructor(
    private readonly inner: MessageDeleter,
    private readonly failOnCall: number | null = null,
    private readonly onCall: () => void = () => {},
  ) {}

  async delete(messageIds: readonly string[], context: DeletionContext): Promise<DeletionOutcome> {
    this.calls.push({ ids: [...messageIds], context });
    this.onCall();
    if (this.calls.length === this.failOnCall) throw new Error('blob volume went away');
    return this.inner.delete(messageIds, context);
  }
}

interface Setup {
  f: DeletionFixture;
  deleter: RecordingDeleter;
  service: ErasureService;
  store: SqliteErasureStore;
  logs: Array<Record<string, unknown>>;
  /** A second service on the same database, as after a restart. */
  restart(deleter?: MessageDeleter): ErasureService;
}

function setUp(t: TestContext, options: { batchSize?: number; failOnCall?: number; onCall?: () => void } = {}): Setup {
  const f = deletionFixture(t);
  const deleter = new RecordingDeleter(f.deleter, options.failOnCall ?? null, options.onCall);
  const store = new SqliteErasureStore(f.db, f.writer);
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const make = (d: MessageDeleter) =>
    new ErasureService({ store, resolver: createSqliteSubjectResolver(f.db), deleter: d, audit: f.audit, logger, batchSize: options.batchSize });
  const service = make(deleter);
  t.after(() => service.stop());
  return { f, deleter, service, store, logs, restart: (d = f.deleter) => make(d) };
}

/** Every erasure and deletion audit entry, oldest first. */
function trail(f: DeletionFixture): Array<{ actor: string; action: string; source: string; detail: Record<string, unknown> }> {
  const rows = f.db
    .prepare(`SELECT actor, action, source, detail FROM audit_log WHERE action LIKE 'erasure.%' OR action LIKE 'deletion.%' OR action = 'message.delete' ORDER BY seq`)
    .all() as Array<{ actor: string; action: string; source: string; detail: string }>;
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

const isErasureError = (code: ErasureError['code']) => (error: unknown) => error instanceof ErasureError && error.code === code;

test('the requester can never approve or reject their own request, not even with another token under their name', async (t) => {
  const { f, service } = setUp(t);
  const id = await f.archive(1);
  const request = await service.request(OLGA, SOURCE, { target: { kind: 'messages', messageIds: [id] }, reason: 'Art. 17 request of 2024-05-02' });

  await assert.rejects(service.approve(request.id, OLGA, SOURCE), isErasureError('four-eyes'));
  await assert.rejects(service.approve(request.id, { name: ' Olga-Officer ', tokenId: 'token-olga-2' }, SOURCE), isErasureError('four-eyes'));
  await assert.rejects(service.reject(request.id, OLGA, SOURCE, 'changed my mind'), isErasureError('four-eyes'));

  assert.equal((await service.get(request.id))?.state, 'pending');
  assert.ok(await f.index.get(id), 'nothing was deleted');
  assert.deepEqual(trail(f).map((e) => [e.action, e.actor, e.detail.attempted ?? null, e.detail.rule ?? null]), [
    ['erasure.request', 'olga-officer', null, null],
    ['erasure.denied', 'olga-officer', 'approve', 'four-eyes'],
    ['erasure.denied', ' Olga-Officer ', 'approve', 'four-eyes'],
    ['erasure.denied', 'olga-officer', 'reject', 'four-eyes'],
  ]);
});

test('the database itself refuses a decision by the requester, whatever the caller checks', async (t) => {
  const { store } = setUp(t);
  await store.create({ id: 'a'.repeat(32), target: { kind: 'subject', address: DANA }, reason: 'erase', requestedBy: OLGA });
  await assert.rejects(store.decide('a'.repeat(32), { state: 'approved', by: { name: 'someone', tokenId: OLGA.tokenId }, snapshot: '0' }), /CHECK constraint failed/);
  await assert.rejects(store.decide('a'.repeat(32), { state: 'rejected', by: { name: 'OLGA-OFFICER', tokenId: 'other' }, reason: 'no' }), /CHECK constraint failed/);
  assert.equal((await store.get('a'.repeat(32)))?.state, 'pending');
});

test('an approval by a second officer erases through the deleter, and held, protected and unknown messages are refused with their reasons', async (t) => {
  const { f, deleter, service } = setUp(t);
  const erased = await f.archive(1, 'alice@example.com');
  const held = await f.archive(2, 'carol@example.com');
  const kept = await f.archive(3, 'alice@example.com');
  const holdId = await f.hold('carol@example.com');
  f.protection.protectedIds.set(kept, 'policy sec-17a-4 keeps it until 2030-01-01');
  const unknown = 'f'.repeat(64);
  const request = await service.request(OLGA, SOURCE, {
    target: { kind: 'messages', messageIds: [erased, held, kept, unknown, erased] },
    reason: 'Art. 17 request, ticket 4711',
  });
  assert.deepEqual(request.progress, { resolved: true, messages: 4, processed: 0, deleted: 0, refused: 0 });

  const approved = await service.approve(request.id, OTTO, SOURCE);
  assert.equal(approved.state, 'approved');
  assert.equal(approved.decidedBy, 'otto-officer');
  await service.drain();

  assert.deepEqual(deleter.calls, [{ ids: [erased, held, kept, unknown], context: { reason: 'erasure', actor: 'otto-officer', requestId: request.id } }]);
  const done = await service.get(request.id);
  assert.equal(done?.state, 'partially-executed');
  assert.deepEqual(done?.progress, { resolved: true, messages: 4, processed: 4, deleted: 1, refused: 3 });
  assert.equal(await f.index.get(erased), null);
  assert.ok(await f.index.get(held));
  assert.ok(await f.index.get(kept));
  const page = await service.messages(request.id, { limit: 10, after: null });
  assert.deepEqual(page?.messages, [
    { messageId: erased, outcome: 'deleted', refusal: null },
    { messageId: held, outcome: 'refused', refusal: { reason: 'held', detail: `under legal hold ${holdId}` } },
    { messageId: kept, outcome: 'refused', refusal: { reason: 'policy-protected', detail: 'policy sec-17a-4 keeps it until 2030-01-01' } },
    { messageId: unknown, outcome: 'refused', refusal: { reason: 'not-found', detail: 'not in the archive' } },
  ]);
  assert.deepEqual((await service.messages(request.id, { outcome: 'refused', limit: 2, after: null }))?.messages.map((m) => m.messageId), [held, kept]);
  const tombstones = await f.tombstones.list({ requestId: request.id }, 10, null);
  assert.deepEqual(tombstones.tombstones.map((x) => [x.messageId, x.reason, x.actor]), [[erased, 'erasure', 'otto-officer']]);

  assert.deepEqual(trail(f).map((e) => [e.action, e.actor, e.source]), [
    ['erasure.request', 'olga-officer', SOURCE],
    ['erasure.approve', 'otto-officer', SOURCE],
    ['erasure.execute', 'otto-officer', 'system'],
    ['deletion.refused', 'otto-officer', 'system'],
    ['message.delete', 'otto-officer', 'system'],
    ['erasure.complete', 'otto-officer', 'system'],
  ]);
  const [requested, , executed, , , completed] = trail(f);
  assert.deepEqual(requested?.detail, {
    requestId: request.id, tokenId: 'token-olga', target: 'messages', messageIds: [erased, held, kept, unknown], count: 4, reason: 'Art. 17 request, ticket 4711',
  });
  assert.deepEqual(executed?.detail, { requestId: request.id, fromSeq: 1, toSeq: 4, count: 4, messageIds: [erased, held, kept, unknown] });
  assert.deepEqual(completed?.detail, { requestId: request.id, state: 'partially-executed', messages: 4, deleted: 1, refused: 3 });
});

test("a subject's messages are resolved at approval, in batches, and messages archived later are left alone", async (t) => {
  const { f, deleter, service } = setUp(t, { batchSize: 2 });
  const danas = [await f.archive(1, DANA), await f.archive(2, DANA), await f.archive(3, DANA)];
  const others = [await f.archive(4, 'alice@example.com')];
  const request = await service.request(OLGA, SOURCE, { target: { kind: 'subject', address: ' Dana@Example.COM ' }, reason: 'Data subject request DSR-88' });
  assert.equal(request.subject, DANA);
  assert.deepEqual(request.progress, { resolved: false, messages: 0, processed: 0, deleted: 0, refused: 0 });

  await service.approve(request.id, OTTO, SOURCE);
  const later = await f.archive(5, DANA);
  await service.drain();

  const done = await service.get(request.id);
  assert.equal(done?.state, 'executed');
  assert.deepEqual(done?.progress, { resolved: true, messages: 3, processed: 3, deleted: 3, refused: 0 });
  assert.deepEqual(deleter.calls.map((c) => c.ids.length), [2, 1]);
  assert.deepEqual(new Set(deleter.calls.flatMap((c) => c.ids)), new Set(danas));
  for (const id of danas) assert.equal(await f.index.get(id), null);
  for (const id of [...others, later]) assert.ok(await f.index.get(id));
  assert.deepEqual(trail(f).filter((e) => e.action.startsWith('erasure.')).map((e) => e.action), [
    'erasure.request', 'erasure.approve', 'erasure.execute', 'erasure.execute', 'erasure.complete',
  ]);
});

test('a subject found nowhere is executed at once, with nothing deleted', async (t) => {
  const { f, deleter, service } = setUp(t);
  await f.archive(1, 'alice@example.com');
  const request = await service.request(OLGA, SOURCE, { target: { kind: 'subject', address: 'nobody@example.com' }, reason: 'DSR-89' });
  await service.approve(request.id, OTTO, SOURCE);
  await service.drain();
  const done = await service.get(request.id);
  assert.equal(done?.state, 'executed');
  assert.deepEqual(done?.progress, { resolved: true, messages: 0, processed: 0, deleted: 0, refused: 0 });
  assert.deepEqual(deleter.calls, []);
});

test('a failed batch leaves the request approved with its error, and resume() carries on from the last batch recorded', async (t) => {
  const { f, deleter, service, logs, restart } = setUp(t, { batchSize: 2, failOnCall: 2 });
  const ids: string[] = [];
  for (let n = 1; n <= 5; n++) ids.push(await f.archive(n, DANA));
  const request = await service.request(OLGA, SOURCE, { target: { kind: 'subject', address: DANA }, reason: 'DSR-90' });
  await service.approve(request.id, OTTO, SOURCE);
  await service.drain();

  const stopped = await service.get(request.id);
  assert.equal(stopped?.state, 'approved');
  assert.equal(stopped?.lastError, 'blob volume went away');
  assert.deepEqual(stopped?.progress, { resolved: true, messages: 5, processed: 2, deleted: 2, refused: 0 });
  assert.ok(logs.some((line) => line.requestId === request.id && line.level === 50));

  const afterRestart = new RecordingDeleter(f.deleter);
  const resumed = restart(afterRestart);
  t.after(() => resumed.stop());
  assert.equal(await resumed.resume(), 1);
  await resumed.drain();

  const done = await resumed.get(request.id);
  assert.equal(done?.state, 'executed');
  assert.equal(done?.lastError, null);
  assert.deepEqual(done?.progress, { resolved: true, messages: 5, processed: 5, deleted: 5, refused: 0 });
  assert.deepEqual(deleter.calls.map((c) => c.ids), [ids.slice(0, 2), ids.slice(2, 4)]);
  assert.deepEqual(afterRestart.calls.map((c) => c.ids), [ids.slice(2, 4), ids.slice(4)]);
  for (const id of ids) assert.equal(await f.index.get(id), null);
  const tombstones = await f.tombstones.list({ requestId: request.id }, 10, null);
  assert.deepEqual(tombstones.tombstones.map((x) => x.messageId).sort(), [...ids].sort(), 'each message deleted exactly once');
  assert.equal(await resumed.resume(), 0);
});

test('a stop lets the batch in flight finish and be recorded, and leaves the rest for resume() at the next start', async (t) => {
  let stopped: Promise<void> | null = null;
  const { f, deleter, service, restart } = setUp(t, { batchSize: 1, onCall: () => void (stopped ??= service.stop()) });
  const ids: string[] = [];
  for (let n = 1; n <= 3; n++) ids.push(await f.archive(n, DANA));
  const request = await service.request(OLGA, SOURCE, { target: { kind: 'subject', address: DANA }, reason: 'DSR-91' });
  await service.approve(request.id, OTTO, SOURCE);
  await service.drain();
  await stopped;

  assert.deepEqual(deleter.calls.map((c) => c.ids), [ids.slice(0, 1)]);
  const halted = await service.get(request.id);
  assert.equal(halted?.state, 'approved');
  assert.deepEqual(halted?.progress, { resolved: true, messages: 3, processed: 1, deleted: 1, refused: 0 });

  const resumed = restart();
  t.after(() => resumed.stop());
  assert.equal(await resumed.resume(), 1);
  await resumed.drain();
  assert.deepEqual((await resumed.get(request.id))?.progress, { resolved: true, messages: 3, processed: 3, deleted: 3, refused: 0 });
  assert.equal((await resumed.get(request.id))?.state, 'executed');
});

test('a rejection needs a second officer and a reason, and erases nothing; the requester alone may cancel', async (t) => {
  const { f, deleter, service } = setUp(t);
  const id = await f.archive(1);
  const target = { kind: 'messages' as const, messageIds: [id] };

  const rejected = await service.request(OLGA, SOURCE, { target, reason: 'erase' });
  const after = await service.reject(rejected.id, OTTO, SOURCE, '  Kept under Art. 17(3)(e): pending claim  ');
  assert.equal(after.state, 'rejected');
  assert.equal(after.decisionReason, 'Kept under Art. 17(3)(e): pending claim');
  await assert.rejects(service.approve(rejected.id, OTTO, SOURCE), (e: unknown) => e instanceof ErasureError && e.code === 'not-pending' && e.state === 'rejected');

  const cancelled = await service.request(OLGA, SOURCE, { target, reason: 'erase' });
  await assert.rejects(service.cancel(cancelled.id, OTTO, SOURCE, null), isErasureError('requester-only'));
  assert.equal((await service.cancel(cancelled.id, OLGA, SOURCE, 'filed twice')).state, 'cancelled');
  await assert.rejects(service.cancel(cancelled.id, OLGA, SOURCE, null), isErasureError('not-pending'));
  await assert.rejects(service.approve('0'.repeat(32), OTTO, SOURCE), isErasureError('not-found'));

  await service.drain();
  assert.deepEqual(deleter.calls, []);
  assert.ok(await f.index.get(id));
  assert.deepEqual((await service.list({ limit: 10, after: null })).requests.map((r) => r.state), ['cancelled', 'rejected']);
  assert.deepEqual((await service.list({ state: 'rejected', limit: 10, after: null })).requests.map((r) => r.id), [rejected.id]);
});
