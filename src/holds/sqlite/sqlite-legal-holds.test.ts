import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { deferred } from '../../../test/support/deferred.js';
import { QuerySyntaxError } from '../../query/query-syntax-error.js';
import { HoldAlreadyReleasedError, InvalidCaseError } from '../holds-errors.js';
import type { LegalCase, NewCase } from '../legal-holds.js';
import { holdsArchive, type HoldsArchive } from '../test-support/holds-archive.js';
import type { HoldProgress } from './hold-background.js';
import type { SqliteLegalHolds } from './sqlite-legal-holds.js';

const CUSTODIAN = 'carol@corp.example';

function newCase(overrides: Partial<NewCase> = {}): NewCase {
  return {
    id: randomUUID(), name: 'Acme v. Corp', description: 'supplier dispute', scope: 'criteria',
    custodians: [CUSTODIAN], query: null, sentFrom: null, sentBefore: null, createdBy: 'olga', ...overrides,
  };
}

async function placeOn(holds: SqliteLegalHolds, legalCase: LegalCase, reason = 'litigation expected') {
  return holds.placeHold({ id: randomUUID(), caseId: legalCase.id, placedBy: 'olga', reason });
}

/** The ids among `ids` that some hold keeps, in the order asked. */
async function heldIds(archive: HoldsArchive, ids: string[], holds = archive.holds): Promise<string[]> {
  const held = await holds.heldAmong(ids);
  return ids.filter((id) => held.has(id));
}

test('a custodian is matched in every address role, from headers to journal and envelope recipients', async (t) => {
  const archive = holdsArchive(t);
  const other = { field: 'to' as const, address: 'someone@else.example', name: '' };
  const roles = ['from', 'sender', 'reply-to', 'to', 'cc', 'bcc'] as const;
  const byHeader = await Promise.all(
    roles.map((field) => archive.record({ name: `header-${field}`, addresses: [other, { field, address: CUSTODIAN, name: 'Carol' }] })),
  );
  const byJournal = await Promise.all([
    archive.record({ name: 'journal-sender', addresses: [other], journalSender: CUSTODIAN }),
    archive.record({ name: 'journal-bcc', addresses: [other], journalRecipients: [{ address: CUSTODIAN, kind: 'bcc' }] }),
    archive.record({ name: 'envelope-only', addresses: [other], journalRecipients: [{ address: CUSTODIAN, kind: 'envelope' }] }),
    archive.record({
      name: 'via-list', addresses: [other],
      journalRecipients: [{ address: 'dave@corp.example', kind: 'to', expandedFrom: CUSTODIAN }],
    }),
  ]);
  const unrelated = await archive.record({ name: 'unrelated', addresses: [other] });
  const legalCase = await archive.holds.createCase(newCase());
  const hold = await placeOn(archive.holds, legalCase);
  await archive.holds.idle();

  const all = [...byHeader, ...byJournal, unrelated];
  assert.deepEqual(await heldIds(archive, all), [...byHeader, ...byJournal]);
  const page = await archive.holds.heldMessages(hold.id, { limit: 100, after: null });
  assert.deepEqual(page.ids, [...byHeader, ...byJournal].sort());
  const detail = await archive.holds.getCase(legalCase.id);
  assert.equal(detail?.heldMessageCount, 10);
  assert.equal(detail?.holds[0]?.backfillComplete, true);
});

test('a query and a sent-date range narrow a case, the date falling back to the receive time', async (t) => {
  const archive = holdsArchive(t);
  const from = { field: 'from' as const, address: CUSTODIAN, name: 'Carol' };
  const inside = await archive.record({ name: 'inside', addresses: [from], subject: 'Merger terms', sentAt: '2024-02-10T00:00:00Z' });
  const noDate = await archive.record({
    name: 'no-date', addresses: [from], subject: 'merger call', sentAt: null, receivedAt: '2024-02-11T00:00:00Z',
  });
  const before = await archive.record({ name: 'before', addresses: [from], subject: 'merger', sentAt: '2023-12-31T23:59:59Z' });
  const atEnd = await archive.record({ name: 'at-end', addresses: [from], subject: 'merger', sentAt: '2024-03-01T00:00:00Z' });
  const offTopic = await archive.record({ name: 'off-topic', addresses: [from], subject: 'lunch', sentAt: '2024-02-10T00:00:00Z' });
  const notCustodian = await archive.record({ name: 'not-custodian', subject: 'merger', sentAt: '2024-02-10T00:00:00Z' });
  const legalCase = await archive.holds.createCase(
    newCase({ query: 'subject:merger', sentFrom: '2024-01-01T00:00:00Z', sentBefore: '2024-03-01T00:00:00Z' }),
  );
  await placeOn(archive.holds, legalCase);
  await archive.holds.idle();
  assert.deepEqual(await heldIds(archive, [inside, noDate, before, atEnd, offTopic, notCustodian]), [inside, noDate]);
});

test('a query alone scopes a case, and scope all holds every message', async (t) => {
  const archive = holdsArchive(t);
  const pricing = await archive.record({ name: 'pricing', body: 'the price fixing plan' });
  const other = await archive.record({ name: 'other', body: 'weather' });
  const byQuery = await archive.holds.createCase(newCase({ custodians: [], query: '"price fixing"' }));
  const everything = await archive.holds.createCase(newCase({ custodians: [], scope: 'all' }));
  const queryHold = await placeOn(archive.holds, byQuery);
  const allHold = await placeOn(archive.holds, everything);
  await archive.holds.idle();
  const held = await archive.holds.heldAmong([pricing, other]);
  assert.deepEqual(held.get(pricing)?.sort(), [queryHold.id, allHold.id].sort());
  assert.deepEqual(held.get(other), [allHold.id]);
});

test('a case that would hold everything by accident, or whose query does not parse, is refused', async (t) => {
  const { holds } = holdsArchive(t);
  await assert.rejects(holds.createCase(newCase({ custodians: [] })), InvalidCaseError);
  await assert.rejects(holds.createCase(newCase({ scope: 'all' })), InvalidCaseError);
  await assert.rejects(holds.createCase(newCase({ custodians: ['Carol@Corp.example'] })), InvalidCaseError);
  await assert.rejects(holds.createCase(newCase({ sentFrom: '2024-02-01T00:00:00Z', sentBefore: '2024-01-01T00:00:00Z' })), InvalidCaseError);
  await assert.rejects(holds.createCase(newCase({ query: 'subject:(merger' })), QuerySyntaxError);
  assert.deepEqual(await holds.listCases({ limit: 10, offset: 0 }), []);
});

test('a message arriving after the hold is held, and so is an archived one a later copy reveals in Bcc', async (t) => {
  const archive = holdsArchive(t);
  const hidden = await archive.record({ name: 'hidden', spoolId: 'first-copy' });
  const legalCase = await archive.holds.createCase(newCase());
  const hold = await placeOn(archive.holds, legalCase);
  await archive.holds.idle();
  assert.deepEqual(await heldIds(archive, [hidden]), []);

  const later = await archive.record({ name: 'later', addresses: [{ field: 'to', address: CUSTODIAN, name: '' }] });
  assert.deepEqual(await archive.holds.evaluateNewMessage(later), [hold.id]);
  assert.deepEqual(await archive.holds.evaluateNewMessage(later), [hold.id], 'evaluating again changes nothing');
  await archive.record({ name: 'hidden', spoolId: 'journal-copy', journalRecipients: [{ address: CUSTODIAN, kind: 'bcc' }] });
  assert.deepEqual(await archive.holds.evaluateNewMessage(hidden), [hold.id]);
  assert.deepEqual(await heldIds(archive, [hidden, later]), [hidden, later]);
  assert.equal((await archive.holds.getCase(legalCase.id))?.heldMessageCount, 2);
});

test('while the backfill is under way, messages past its cursor are already held', async (t) => {
  const paused = deferred();
  const firstBatch = deferred<HoldProgress>();
  const archive = holdsArchive(t, {
    backfillWindow: 2,
    onProgress: async (progress) => {
      if (progress.phase !== 'backfill' || progress.cursor !== 2) return;
      firstBatch.resolve(progress);
      await paused.promise;
    },
  });
  const to = (name: string) => ({ name, addresses: [{ field: 'to' as const, address: CUSTODIAN, name: '' }] });
  const early = await archive.record(to('early'));
  await archive.record({ name: 'filler' });
  const late = await archive.record(to('late'));
  const lateOther = await archive.record({ name: 'late-other' });
  const last = await archive.record(to('last'));
  const hold = await placeOn(archive.holds, await archive.holds.createCase(newCase()));

  assert.deepEqual(await firstBatch.promise, { holdId: hold.id, phase: 'backfill', cursor: 2, done: false });
  assert.deepEqual(await archive.holds.heldMessages(hold.id, { limit: 10, after: null }), { ids: [early], nextCursor: null });
  const held = await archive.holds.heldAmong([early, late, lateOther, last]);
  assert.deepEqual([...held.keys()], [early, late, last]);
  assert.deepEqual(held.get(late), [hold.id]);
  const insideWrite = await archive.writer.run(() => archive.holds.heldAmongNow([late, lateOther]));
  assert.deepEqual([...insideWrite.keys()], [late], 'the same answer inside a deleting transaction');

  paused.resolve();
  await archive.holds.idle();
  assert.equal((await archive.holds.getHold(hold.id))?.backfillComplete, true);
  assert.deepEqual((await archive.holds.heldMessages(hold.id, { limit: 10, after: null })).ids, [early, late, last].sort());
  assert.deepEqual(await heldIds(archive, [early, late, lateOther, last]), [early, late, last]);
});

test('a backfill cut short by a crash is resumed from its cursor by the next process', async (t) => {
  const crashed = deferred<HoldProgress>();
  const archive = holdsArchive(t, {
    backfillWindow: 3,
    // The first process dies after its first batch: its next batch never comes.
    onProgress: (progress) => {
      crashed.resolve(progress);
      return new Promise<void>(() => undefined);
    },
  });
  const ids: string[] = [];
  for (let n = 0; n < 10; n++) ids.push(await archive.record({ name: `m${n}`, addresses: [{ field: 'cc', address: CUSTODIAN, name: '' }] }));
  const hold = await placeOn(archive.holds, await archive.holds.createCase(newCase()));
  assert.equal((await crashed.promise).cursor, 3);

  const restarted = archive.reopen({ backfillWindow: 3 });
  assert.deepEqual(await heldIds(archive, ids, restarted), ids, 'held by direct evaluation before the resume');
  restarted.resume();
  await restarted.idle();
  assert.equal((await restarted.getHold(hold.id))?.backfillComplete, true);
  const page = await restarted.heldMessages(hold.id, { limit: 4, after: null });
  assert.equal(page.ids.length, 4);
  const rest = await restarted.heldMessages(hold.id, { limit: 100, after: page.nextCursor });
  assert.deepEqual([...page.ids, ...rest.ids], [...ids].sort());
  assert.equal(rest.nextCursor, null);
});

test('a release with its reason frees the messages of that hold only, once', async (t) => {
  const archive = holdsArchive(t, { purgeBatch: 2 });
  const ids: string[] = [];
  for (let n = 0; n < 5; n++) ids.push(await archive.record({ name: `r${n}`, addresses: [{ field: 'from', address: CUSTODIAN, name: '' }] }));
  const legalCase = await archive.holds.createCase(newCase());
  const first = await placeOn(archive.holds, legalCase);
  const second = await placeOn(archive.holds, await archive.holds.createCase(newCase({ custodians: [], query: 'subject:r0' })));
  await archive.holds.idle();

  const released = await archive.holds.releaseHold({ id: first.id, releasedBy: 'olga', reason: 'case settled' });
  assert.equal(released.releaseReason, 'case settled');
  assert.equal(released.releasedBy, 'olga');
  assert.deepEqual(Object.fromEntries(await archive.holds.heldAmong(ids)), { [ids[0] ?? '']: [second.id] });
  await archive.holds.idle();
  assert.deepEqual((await archive.holds.heldMessages(first.id, { limit: 10, after: null })).ids, []);
  assert.equal((await archive.holds.getCase(legalCase.id))?.heldMessageCount, 0);
  await assert.rejects(archive.holds.releaseHold({ id: first.id, releasedBy: 'ada', reason: 'again' }), HoldAlreadyReleasedError);
  assert.equal((await archive.holds.getHold(first.id))?.releaseReason, 'case settled');

  const newcomer = await archive.record({ name: 'newcomer', addresses: [{ field: 'to', address: CUSTODIAN, name: '' }] });
  assert.deepEqual(await archive.holds.evaluateNewMessage(newcomer), [], 'a released hold takes no new messages');
});

test('a hold placed by another process (the CLI) is honoured by the appliance at once', async (t) => {
  const archive = holdsArchive(t);
  const cc = { field: 'cc' as const, address: CUSTODIAN, name: '' };
  const before = await archive.record({ name: 'before', addresses: [cc] });
  const cli = archive.reopen({ onProgress: () => new Promise<void>(() => undefined) });
  const hold = await placeOn(cli, await cli.createCase(newCase()));
  assert.deepEqual(await heldIds(archive, [before]), [before]);
  const after = await archive.record({ name: 'after', addresses: [cc] });
  assert.deepEqual(await archive.holds.evaluateNewMessage(after), [hold.id]);
  assert.deepEqual(await heldIds(archive, [before, after]), [before, after]);
});
