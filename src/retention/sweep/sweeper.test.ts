import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../../db/open-database.js';
import type { ExpiredBatchRequest, ExpiredMessage, ExpiredMessages } from '../expiry/expired-messages.js';
import { deletionFixture, type DeletionFixture } from '../deletion/deletion-fixture.js';
import { SqliteSweepStore } from './sqlite-sweep-store.js';
import { Sweeper } from './sweeper.js';

/**
 * Expiries as retention keeps them, in (expiresAt, messageId) order, for messages still archived
 * (a deleted message's assignment goes with it). Records every request, to check batch sizes.
 */
class ListedExpiries implements ExpiredMessages {
  readonly requests: ExpiredBatchRequest[] = [];
  private readonly entries: ExpiredMessage[] = [];

  constructor(private readonly db: Db) {}

  add(messageId: string, expiresAt: string, policyId = 'mail-7y'): void {
    this.entries.push({ messageId, policyId, expiresAt });
    this.entries.sort((a, b) => (a.expiresAt === b.expiresAt ? a.messageId.localeCompare(b.messageId) : a.expiresAt.localeCompare(b.expiresAt)));
  }

  async expiredBatch(request: ExpiredBatchRequest): Promise<ExpiredMessage[]> {
    this.requests.push(request);
    const { after } = request;
    const archived = this.db.prepare('SELECT 1 FROM messages WHERE id = ?');
    return this.entries
      .filter((e) => e.expiresAt <= request.now && archived.get(e.messageId) !== undefined)
      .filter((e) => after === undefined || e.expiresAt > after.expiresAt || (e.expiresAt === after.expiresAt && e.messageId > after.messageId))
      .slice(0, request.limit);
  }
}

const NOW = new Date('2030-01-01T00:00:00.000Z');

function sweeperOf(f: DeletionFixture, expired: ListedExpiries, batchSize: number): Sweeper {
  return new Sweeper({ expired, deleter: f.deleter, holds: f.holds, expiriesCurrent: async () => undefined, store: new SqliteSweepStore(f.db, f.writer), audit: f.audit, batchSize, now: () => NOW });
}

/** Seven archived messages: 1–2 from a custodian under hold, 7 not yet expired, the rest expired. */
async function archiveSeven(f: DeletionFixture, expired: ListedExpiries): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; n <= 7; n++) {
    const id = await f.archive(n, n <= 2 ? 'custodian@example.com' : `sender${n}@example.com`);
    expired.add(id, n === 7 ? '2031-01-01T00:00:00.000Z' : `2029-0${n}-01T00:00:00.000Z`, n % 2 === 0 ? 'mail-7y' : 'chat-1y');
    ids.push(id);
  }
  await f.hold('custodian@example.com');
  return ids;
}

async function allCandidates(sweeper: Sweeper, id: string, filter: 'deletable' | 'held'): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const page = await sweeper.candidates(id, filter, 2, after);
    seen.push(...page.candidates.map((c) => c.messageId));
    after = page.nextCursor;
  } while (after !== null);
  return seen;
}

test('a dry run lists exactly what the real sweep then deletes, and counts held messages apart', async (t) => {
  const f = deletionFixture(t);
  const expired = new ListedExpiries(f.db);
  const ids = await archiveSeven(f, expired);
  const sweeper = sweeperOf(f, expired, 2);

  const dry = await sweeper.runSweep({ dryRun: true });
  assert.deepEqual([dry.status, dry.examined, dry.deleted, dry.held, dry.refusedOther], ['finished', 6, 4, 2, 0]);
  const wouldDelete = await allCandidates(sweeper, dry.id, 'deletable');
  assert.deepEqual(wouldDelete, ids.slice(2, 6));
  assert.deepEqual(await allCandidates(sweeper, dry.id, 'held'), ids.slice(0, 2));
  assert.equal(await f.index.count(), 7, 'a dry run deletes nothing');

  const real = await sweeper.runSweep({ dryRun: false });
  assert.deepEqual([real.status, real.examined, real.deleted, real.held, real.refusedOther], ['finished', 6, 4, 2, 0]);
  const tombstones = (await f.tombstones.list({}, 100, null)).tombstones;
  assert.deepEqual(tombstones.map((x) => x.messageId).sort(), [...wouldDelete].sort());
  assert.deepEqual(tombstones.map((x) => x.policyId).sort(), ['chat-1y', 'chat-1y', 'mail-7y', 'mail-7y']);
  assert.equal(await f.index.count(), 3);

  // The held messages stay and are checked again by the next sweep.
  const next = await sweeper.runSweep({ dryRun: false });
  assert.deepEqual([next.examined, next.deleted, next.held], [2, 0, 2]);
  const audited = f.db.prepare(`SELECT action, detail FROM audit_log WHERE action LIKE 'retention.sweep%' ORDER BY seq`).all() as Array<{ action: string; detail: string }>;
  assert.deepEqual(audited.map((a) => a.action), ['retention.sweep', 'retention.sweep.finished', 'retention.sweep', 'retention.sweep.finished', 'retention.sweep', 'retention.sweep.finished']);
});

test('a sweep takes bounded batches and moves past a batch that is entirely held instead of taking it again', async (t) => {
  const f = deletionFixture(t);
  const expired = new ListedExpiries(f.db);
  await archiveSeven(f, expired);
  const sweeper = sweeperOf(f, expired, 2);
  const run = await sweeper.runSweep({ dryRun: false });
  // 6 expired in batches of 2 (the first wholly held), then an empty page ends it.
  assert.deepEqual(expired.requests.map((r) => [r.limit, r.action, r.now]), Array.from({ length: 4 }, () => [2, 'delete', NOW.toISOString()]));
  assert.equal(expired.requests[0]?.after, undefined);
  assert.equal(new Set(expired.requests.map((r) => JSON.stringify(r.after ?? null))).size, 4, 'every batch starts after the last one');
  assert.equal(run.deleted, 4);
});

test('a sweep a crash interrupted is resumed from its last saved batch', async (t) => {
  const f = deletionFixture(t);
  const expired = new ListedExpiries(f.db);
  const ids = await archiveSeven(f, expired);
  const store = new SqliteSweepStore(f.db, f.writer);
  // What the crash left: a running sweep whose first two batches (messages 1–4) were done.
  await store.create({ id: 'interrupted', dryRun: false, actor: 'scheduler', now: NOW.toISOString(), requestedAt: NOW.toISOString() });
  await store.started('interrupted', NOW.toISOString());
  await store.progress('interrupted', JSON.stringify({ expiresAt: '2029-04-01T00:00:00.000Z', messageId: ids[3] }), { examined: 4, deleted: 2, held: 2, refusedOther: 0 }, []);

  const [resumed, ...others] = await sweeperOf(f, expired, 2).resume();
  assert.equal(others.length, 0);
  const run = await resumed?.done;
  assert.deepEqual([run?.id, run?.status, run?.examined, run?.deleted, run?.held], ['interrupted', 'finished', 6, 4, 2]);
  assert.deepEqual((await f.tombstones.list({}, 10, null)).tombstones.map((x) => x.messageId).sort(), ids.slice(4, 6).sort());
});

test('a real sweep asked for while one is queued joins it; dry runs each get their own run', async (t) => {
  const f = deletionFixture(t);
  const expired = new ListedExpiries(f.db);
  await archiveSeven(f, expired);
  const sweeper = sweeperOf(f, expired, 2);
  const first = await sweeper.start({ dryRun: false, actor: 'ada-admin', source: '127.0.0.1' });
  const second = await sweeper.start({ dryRun: false, actor: 'scheduler', source: 'system' });
  const dry = await sweeper.start({ dryRun: true, actor: 'ada-admin', source: '127.0.0.1' });
  assert.equal(second.joined, true);
  assert.equal(second.run.id, first.run.id);
  assert.notEqual(dry.run.id, first.run.id);
  assert.equal((await first.done).deleted, 4);
  assert.equal((await dry.done).deleted, 0, 'queued behind the real sweep, the dry run finds only held messages');
  assert.equal((await dry.done).held, 2);
});

test('a dry run drops the lists of all but the three latest dry runs, so old lists do not pile up', async (t) => {
  const f = deletionFixture(t);
  const expired = new ListedExpiries(f.db);
  await archiveSeven(f, expired);
  const sweeper = sweeperOf(f, expired, 2);
  const runs: string[] = [];
  for (let i = 0; i < 4; i++) runs.push((await sweeper.runSweep({ dryRun: true })).id);
  const listed = await Promise.all(runs.map(async (id) => (await sweeper.candidates(id, 'all', 100, null)).candidates.length));
  assert.deepEqual(listed, [0, 6, 6, 6]);
});

test('a sweep stopped for shutdown ends after its batch and the next start resumes it to the end', async (t) => {
  const f = deletionFixture(t);
  const expired = new ListedExpiries(f.db);
  const ids = await archiveSeven(f, expired);
  const first = sweeperOf(f, expired, 2);
  const started = await first.start({ dryRun: false, actor: 'scheduler', source: 'system' });
  const queued = await first.start({ dryRun: true, actor: 'scheduler', source: 'system' });
  await first.stop();
  const stopped = await started.done;
  assert.equal(stopped.status, 'running');
  assert.equal((await queued.done).status, 'queued');
  assert.ok(stopped.examined < 6, 'it stopped before the end');

  const resumed = await sweeperOf(f, expired, 2).resume();
  assert.deepEqual(resumed.map((r) => r.run.id), [started.run.id, queued.run.id]);
  const [real, dry] = await Promise.all(resumed.map((r) => r.done));
  assert.deepEqual([real?.status, real?.examined, real?.deleted, real?.held], ['finished', 6, 4, 2]);
  assert.deepEqual([dry?.status, dry?.deleted, dry?.held], ['finished', 0, 2]);
  assert.deepEqual((await f.tombstones.list({}, 10, null)).tombstones.map((x) => x.messageId).sort(), ids.slice(2, 6).sort());
});
