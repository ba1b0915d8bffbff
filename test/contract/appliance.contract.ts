import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { SearchResult, StoredMessage } from '../../src/archive/archive-index.js';
import type { DeadLetter } from '../../src/queue/job-queue.js';
import type { ApplianceHarness } from '../support/appliance-harness.js';
import { smtpClient, spoolIdOf, wireForm } from '../support/smtp-client.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/mail/journal/${name}`, import.meta.url));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const JOURNAL = 'journal@archive.example';

/** Every journal fixture, with the envelope its journaling server would use. */
const deliveries: Array<{ file: string; from: string; to: string[] }> = [
  { file: 'exchange-plain.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-dl-expansion.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-bcc.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-forwarded.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-no-message-id.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-html-report.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-irm-decrypted-copy.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-non-ascii-subject.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-latin1-report.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-base64-original.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-malformed-no-original.eml', from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] },
  { file: 'exchange-2003.eml', from: 'alice@contoso.com', to: [JOURNAL] },
  { file: 'exchange-2003-misspelt.eml', from: 'alice@contoso.com', to: [JOURNAL] },
  { file: 'postfix-bcc-copy.eml', from: 'bob@example.org', to: ['archive+alice=example.com@archive.example'] },
  { file: 'google-bcc-copy.eml', from: 'erin@partner.example', to: ['archive@archive.example'] },
];

/** A message with a private key in it: the shipped `secrets-private-key` rule fires and asks for a notice. */
const PRIVATE_KEY_MESSAGE = Buffer.from([
  'From: Alex Dev <alex.dev@contoso.com>',
  'To: contractor@devshop.example.net',
  'Subject: deploy key',
  'Message-ID: <deploy-key-1@contoso.com>',
  'Date: Tue, 04 Jun 2024 10:00:00 +0000',
  '',
  'Here is the deploy key for the staging box:',
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBub3QgYSByZWFsIGtleSwgYSBydWxlIGV4YW1wbGUgb25seSAgICAgIA==',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\r\n'));

/** A local port nothing listens on: the notice relay every contract run points at, so each notice job dead-letters. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The settings every backend runs the contract with: the archive addresses of the fixtures, a
 * notice relay that refuses connections, and two quick attempts per job.
 */
export async function applianceContractEnv(): Promise<Record<string, string>> {
  return {
    CUSTODIAN_SMTP__ARCHIVE_ADDRESSES: `[${JOURNAL}, archive@archive.example]`,
    CUSTODIAN_NOTIFY__RELAY__HOST: '127.0.0.1',
    CUSTODIAN_NOTIFY__RELAY__PORT: String(await closedPort()),
    CUSTODIAN_NOTIFY__FROM: 'custodian@archive.example',
    CUSTODIAN_NOTIFY__TO: '[security@contoso.com]',
    CUSTODIAN_PIPELINE__RETRY__MAX_ATTEMPTS: '2',
    CUSTODIAN_PIPELINE__RETRY__BACKOFF_MS: '50',
  };
}

/**
 * The appliance contract: the same journal fixtures in over SMTP, the same table of searches,
 * dedup merges, dead letters and audit entries, whichever profile and adapters run the appliance.
 * `start` must start it with {@link applianceContractEnv}.
 */
export function describeApplianceContract(name: string, start: () => Promise<ApplianceHarness>, options: { skip: string | false } = { skip: false }): void {
describe(`${name}: a journaled message goes in over SMTP and comes out of search byte-exact`, options, () => {
  let harness: ApplianceHarness;
  const search = async (q: string) => (await harness.api<SearchResult>(`/messages?q=${encodeURIComponent(q)}&limit=100`)).body;
  const subjectsFor = async (q: string) => (await search(q)).hits.map((h) => h.subject).sort();

  before(async () => {
    harness = await start();
    const client = smtpClient({ port: harness.smtpPort });
    for (const d of deliveries) {
      const reply = await client.send(fixture(d.file), { from: d.from, to: d.to });
      assert.match(reply, /^250 /);
      spoolIdOf(reply);
    }
    assert.match(await client.send(PRIVATE_KEY_MESSAGE, { from: 'alex.dev@contoso.com', to: ['archive@archive.example'] }), /^250 /);
    client.close();
    await harness.drained();
  });
  after(() => harness.stop());

  it('archives every delivery, and dead-letters only the notice the relay refused, with its reason', async () => {
    const { body } = await harness.api<{ dead: number; completed: number }>('/queue');
    assert.equal(body.dead, 1);
    assert.equal(body.completed, deliveries.length + 1);
    const dead = (await harness.api<{ items: DeadLetter[] }>('/queue/dead-letters?limit=10')).body.items;
    assert.equal(dead.length, 1);
    assert.equal(dead[0]?.name, 'notify');
    assert.equal(dead[0]?.attempts, 2);
    assert.match(dead[0]?.reason ?? '', /ECONNREFUSED|connect/i);
    const [keyMessage] = (await search('rule:secrets-private-key')).hits;
    assert.equal(keyMessage?.subject, 'deploy key');
    assert.equal(keyMessage?.dlpSeverity, 'critical');
    assert.deepEqual(dead[0]?.payload, { messageId: keyMessage?.id, ruleId: 'secrets-private-key', to: [] });
  });

  it('keeps the original inside a journal report as the exact bytes received', async () => {
    const wire = wireForm(fixture('exchange-plain.eml'));
    const [hit] = (await search('subject:"Quarterly numbers"')).hits;
    assert.ok(hit);
    const raw = Buffer.from(await (await harness.apiRaw(`/messages/${hit.id}/raw`)).arrayBuffer());
    assert.equal(sha256(raw), hit.id);
    assert.ok(wire.includes(raw), 'the archived original is a slice of what was received');
    assert.match(raw.toString('latin1'), /^Received: from EX01/);
  });

  it('keeps a BCC copy whole, as received', async () => {
    const wire = wireForm(fixture('postfix-bcc-copy.eml'));
    const { hits } = await search('message-id:20240604110208.GA1234@example.org');
    assert.deepEqual(hits.map((h) => h.id), [sha256(wire)]);
  });

  it('reveals BCC recipients and list members the headers do not show', async () => {
    assert.deepEqual(await subjectsFor('bcc:hr-records@contoso.com'), ['Offer letter']);
    assert.deepEqual(await subjectsFor('to:grace@contoso.com'), ['Sales kickoff']);
    assert.deepEqual(await subjectsFor('participants:sales-emea@contoso.com'), ['Sales kickoff']);
    assert.deepEqual(await subjectsFor('participants:judy@contoso.com'), ['Contract draft']);
  });

  it('decodes plus-addressed archive recipients and Gmail original recipients', async () => {
    assert.deepEqual(await subjectsFor('participants:alice@example.com'), ['Lunch on Friday?']);
    assert.deepEqual(await subjectsFor('participants:dan@example.com'), ['Signed NDA']);
    assert.equal((await search('participants:archive@archive.example')).total, 0);
  });

  it('reads Exchange 2003 reports, including the misspelt header', async () => {
    const { hits } = await search('participants:frank@contoso.com subject:"Pricing 2005"');
    assert.ok(hits.length >= 1);
    const message = (await harness.api<StoredMessage>(`/messages/${hits[0]?.id}`)).body;
    assert.equal(message.events[0]?.journal.source, 'exchange-2003');
  });

  it('finds non-ASCII subjects by their words', async () => {
    assert.equal((await search('subject:überweisung')).total, 1);
    assert.equal((await search('東京')).total, 1);
  });

  it('archives both originals of a rights-protected report and links the decrypted copy', async () => {
    const { hits } = await search('subject:"Merger terms"');
    assert.equal(hits.length, 2);
    const stored = await Promise.all(hits.map(async (h) => (await harness.api<StoredMessage>(`/messages/${h.id}`)).body));
    const copy = stored.find((m) => m.document.decryptedCopyOf !== null);
    const primary = stored.find((m) => m.document.decryptedCopyOf === null);
    assert.ok(copy && primary);
    assert.equal(copy.document.decryptedCopyOf, primary.document.id);
    assert.equal(copy.events[0]?.role, 'decrypted-copy');
  });

  it('archives a broken journal report whole and flags it', async () => {
    const wire = wireForm(fixture('exchange-malformed-no-original.eml'));
    const message = (await harness.api<StoredMessage>(`/messages/${sha256(wire)}`)).body;
    assert.deepEqual(message.document.flags.map((f) => f.flag), ['journal-report-malformed']);
  });

  it('merges a second journal copy of the same original instead of storing it twice', async () => {
    const report = fixture('exchange-plain.eml').toString('latin1');
    const second = Buffer.from(report.replace('Recipient: Dave@Northwind.example', 'Bcc: zoe@contoso.com'), 'latin1');
    const client = smtpClient({ port: harness.smtpPort });
    await client.send(second, { from: 'MicrosoftExchange@contoso.com', to: [JOURNAL] });
    client.close();
    await harness.drained();
    const { hits } = await search('subject:"Quarterly numbers"');
    assert.equal(hits.length, 1);
    const message = (await harness.api<StoredMessage>(`/messages/${hits[0]?.id}`)).body;
    assert.equal(message.events.length, 2);
    assert.deepEqual(await subjectsFor('bcc:zoe@contoso.com'), ['Quarterly numbers']);
    assert.deepEqual(await subjectsFor('participants:dave@northwind.example'), ['Quarterly numbers']);
  });

  it('records every search and message read in the audit trail', async () => {
    const { body } = await harness.api<{ records: Array<{ action: string; detail: { query?: string } }> }>('/audit?limit=1000');
    const actions = new Set(body.records.map((r) => r.action));
    assert.ok(actions.has('search') && actions.has('message.read') && actions.has('message.raw'));
    assert.ok(body.records.some((r) => r.detail.query === 'bcc:hr-records@contoso.com'));
  });
});
}
