import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../db/group-commit.js';
import type { AddressEntry, ArchiveDocument, JournalEnvelope, JournalEvent } from '../../domain/archive-record.js';
import { notClassified } from '../../domain/classification.js';
import type { SubjectResolver } from '../subject-resolver.js';
import { createSqliteSubjectResolver } from './sqlite-subject-resolver.js';
import { testEnvelope } from '../../../test/support/test-envelope.js';

const SUBJECT = 'dana@example.com';

/** Where a message mentions its addresses: its own headers, and the journal report that carried it. */
interface Mentions {
  headers?: AddressEntry[];
  journal?: Partial<JournalEnvelope>;
}

/** Archives one message through the real SQLite index; returns its archive id. */
async function archive(index: SqliteArchiveIndex, label: string, mentions: Mentions): Promise<string> {
  const id = createHash('sha256').update(label).digest('hex');
  const receivedAt = '2024-03-01T10:00:00.000Z';
  const document: ArchiveDocument = {
    id, size: 100, messageId: `${label}@example.com`, subject: label, sentAt: receivedAt, receivedAt,
    addresses: mentions.headers ?? [{ field: 'from', address: 'someone@example.org', name: '' }],
    bodyText: `mentions ${SUBJECT} only in the text`, attachments: [], flags: [], decryptedCopyOf: null,
    classification: notClassified('not needed here'),
  };
  const event: JournalEvent = {
    spoolId: `spool-${label}`, receivedSha256: id, role: 'primary',
    envelope: testEnvelope(receivedAt, { rcptTo: ['archive@example.com'], clientAddress: '192.0.2.1', clientHostname: 'mx' }),
    journal: { source: 'exchange-envelope', sender: null, onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [], ...mentions.journal },
  };
  await index.record(document, event);
  return id;
}

function setUp(t: TestContext): { index: SqliteArchiveIndex; resolver: SubjectResolver } {
  const { db } = freshDatabase(t, 'erasure-resolver');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  return { index: new SqliteArchiveIndex(db, writer), resolver: createSqliteSubjectResolver(db) };
}

async function resolveAll(resolver: SubjectResolver, address: string, snapshot: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page = await resolver.page(address, { snapshot, after, limit });
    assert.ok(page.messageIds.length <= limit);
    ids.push(...page.messageIds);
    after = page.next;
    pages++;
  } while (after !== null);
  return { ids, pages };
}

test('a subject is found in every role an address can play, in headers and in journal reports', async (t) => {
  const { index, resolver } = setUp(t);
  const header = (field: AddressEntry['field']) => ({ headers: [{ field, address: SUBJECT, name: 'Dana' }] });
  const expected = new Map<string, string>([
    ['from', await archive(index, 'from', header('from'))],
    ['sender', await archive(index, 'sender', header('sender'))],
    ['reply-to', await archive(index, 'reply-to', header('reply-to'))],
    ['to', await archive(index, 'to', header('to'))],
    ['cc', await archive(index, 'cc', header('cc'))],
    ['bcc', await archive(index, 'bcc', header('bcc'))],
    ['journal-sender', await archive(index, 'journal-sender', { journal: { sender: 'Dana@Example.com' } })],
    ['on-behalf-of', await archive(index, 'on-behalf-of', { journal: { onBehalfOf: SUBJECT } })],
    ['journal bcc', await archive(index, 'journal bcc', { journal: { recipients: [{ address: SUBJECT, kind: 'bcc' }] } })],
    ['envelope', await archive(index, 'envelope', { journal: { recipients: [{ address: SUBJECT, kind: 'envelope' }] } })],
    ['expanded list', await archive(index, 'expanded list', { journal: { recipients: [{ address: 'all@example.com', kind: 'to', expandedFrom: SUBJECT }] } })],
    ['forwarded', await archive(index, 'forwarded', { journal: { recipients: [{ address: 'x@example.com', kind: 'to', forwardedFrom: SUBJECT }] } })],
  ]);
  await archive(index, 'body only', {});
  await archive(index, 'look-alikes', { headers: [
    { field: 'from', address: 'xdana@example.com', name: '' },
    { field: 'to', address: 'dana@example.com.evil', name: '' },
  ] });

  const { ids } = await resolveAll(resolver, SUBJECT, await resolver.snapshot(), 1000);
  assert.deepEqual(new Set(ids), new Set(expected.values()));
  assert.equal(ids.length, expected.size);
});

test('pages are bounded, together list each role of each message once, and leave out messages archived after the snapshot', async (t) => {
  const { index, resolver } = setUp(t);
  const ids: string[] = [];
  for (let n = 0; n < 7; n++) {
    ids.push(await archive(index, `m${n}`, { headers: [{ field: 'from', address: SUBJECT, name: '' }, { field: 'cc', address: SUBJECT, name: '' }] }));
  }
  const snapshot = await resolver.snapshot();
  await archive(index, 'later', { headers: [{ field: 'to', address: SUBJECT, name: '' }] });

  const all = await resolveAll(resolver, SUBJECT, snapshot, 3);
  assert.equal(all.ids.length, 14);
  assert.equal(all.pages, 5);
  assert.deepEqual(new Set(all.ids), new Set(ids));
  assert.deepEqual((await resolveAll(resolver, 'nobody@example.com', snapshot, 3)).ids, []);
});
