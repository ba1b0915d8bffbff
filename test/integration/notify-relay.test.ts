import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { pino } from 'pino';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { SqliteArchiveIndex } from '../../src/archive/sqlite/sqlite-archive-index.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { ArchiveDocument } from '../../src/domain/archive-record.js';
import { FIXTURE_BODY_SNIPPET, FIXTURE_CARD_NUMBER, notifiedDocumentFixture, pciHitFixture } from '../../src/notify/notice-fixture.js';
import { createNotifyHandler } from '../../src/notify/notify-handler.js';
import type { RelaySettings } from '../../src/notify/notify-settings.js';
import { createSmtpNoticeTransport } from '../../src/notify/smtp-notice-transport.js';
import type { JobOf } from '../../src/queue/catalogue.js';
import { UnrecoverableJobError } from '../../src/queue/errors.js';
import { tempDir } from '../support/temp-dir.js';
import { testEnvelope } from '../support/test-envelope.js';
import { makeTestCertificate } from '../support/test-certificate.js';

const silent = pino({ level: 'silent' });
const FROM = 'custodian@corp.example';
const DEFAULT_TO = 'compliance@corp.example';

interface ReceivedNotice {
  mailFrom: string;
  rcptTo: string[];
  secure: boolean;
  user: string | null;
  mail: ParsedMail;
}

interface Relay {
  port: number;
  received: ReceivedNotice[];
  close(): Promise<void>;
}

/**
 * A real SMTP relay on a free port that keeps what it is sent. `refuse` answers RCPT TO for a
 * recipient with that SMTP code instead of 250.
 */
async function startRelay(options: { refuse?: (recipient: string) => number | null } & Partial<SMTPServerOptions> = {}): Promise<Relay> {
  const received: ReceivedNotice[] = [];
  const { refuse, ...serverOptions } = options;
  const server = new SMTPServer({
    disabledCommands: serverOptions.key ? [] : ['STARTTLS', 'AUTH'],
    logger: false,
    ...serverOptions,
    onRcptTo(address, _session, callback) {
      const code = refuse?.(address.address) ?? null;
      if (code === null) return callback();
      callback(Object.assign(new Error(code >= 500 ? '5.1.1 No such user here' : '4.2.1 Mailbox busy, try again later'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
          mail,
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  assert.ok(address && typeof address === 'object');
  return { port: address.port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A real SqliteArchiveIndex holding `document`, and the handler wired to it and a relay. */
async function notifierFor(document: ArchiveDocument, relay: RelaySettings) {
  const dir = tempDir('notify');
  const db = openDatabase(join(dir.path, 'custodian.db'));
  const writer = new GroupCommit(db);
  const index = new SqliteArchiveIndex(db, writer);
  await index.record(document, {
    spoolId: 'spool-1',
    receivedSha256: 'b'.repeat(64),
    role: 'primary',
    envelope: testEnvelope(document.receivedAt, { mailFrom: 'journal@corp.example' }),
    journal: { source: 'bcc-copy', sender: 'alice@example.com', onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] },
  });
  const transport = createSmtpNoticeTransport(relay);
  return {
    handler: createNotifyHandler({ index, transport, settings: { from: FROM, to: [DEFAULT_TO] }, logger: silent }),
    close: async () => {
      await transport.close();
      await writer.close();
      db.close();
      dir.remove();
    },
  };
}

const plainRelay = (port: number): RelaySettings => ({ host: '127.0.0.1', port, secure: false, requireTls: false });

function notifyJob(document: ArchiveDocument, to: string[], ruleId = 'pci-card-number-high'): JobOf<'notify'> {
  return { id: `notify:${document.id}:${ruleId}`, name: 'notify', payload: { messageId: document.id, ruleId, to }, attempt: 1 };
}

describe('notices through a real SMTP relay', () => {
  let relay: Relay;
  const document = notifiedDocumentFixture();
  before(async () => {
    relay = await startRelay({ refuse: (rcpt) => (rcpt.startsWith('busy') ? 450 : rcpt.startsWith('gone') ? 550 : null) });
  });
  after(() => relay.close());

  const send = async (job: JobOf<'notify'>, doc = document) => {
    const notifier = await notifierFor(doc, plainRelay(relay.port));
    try {
      await notifier.handler(job);
    } finally {
      await notifier.close();
    }
  };

  it('sends the rule, its redacted evidence and the archive id to the rule\'s recipients, never the card number', async () => {
    const before = relay.received.length;
    await send(notifyJob(document, ['dpo@example.com']));
    const got = relay.received[before];
    assert.ok(got);
    assert.equal(got.mailFrom, FROM);
    assert.deepEqual(got.rcptTo, ['dpo@example.com']);
    assert.equal(got.mail.subject, '[Custodian] DLP rule pci-card-number-high fired (severity high)');
    assert.equal(got.mail.messageId, `<custodian-notice.${document.id}.pci-card-number-high@corp.example>`);
    assert.equal(got.mail.headers.get('auto-submitted'), 'auto-generated');
    const text = got.mail.text ?? '';
    assert.match(text, /Id: +pci-card-number-high/);
    assert.match(text, /credit-card in body \(1 found, confidence high, test values only\): \*\*\*\* \*\*\*\* \*\*\*\* 1111/);
    assert.match(text, new RegExp(`Archive id: +${document.id}`));
    assert.match(text, new RegExp(`GET /api/v1/messages/${document.id}`));
    assert.match(text, /Subject: +Card details for the order/);
    assert.ok(!text.includes(FIXTURE_CARD_NUMBER) && !text.includes('4111111111111111'));
    assert.ok(!text.includes(FIXTURE_BODY_SNIPPET));
  });

  it('sends to notify.to when the rule names no recipients', async () => {
    const before = relay.received.length;
    await send(notifyJob(document, []));
    assert.deepEqual(relay.received[before]?.rcptTo, [DEFAULT_TO]);
  });

  it('completes when some recipients are refused, having sent to the others', async () => {
    const before = relay.received.length;
    await send(notifyJob(document, ['gone@example.com', 'dpo@example.com']));
    assert.deepEqual(relay.received[before]?.rcptTo, ['dpo@example.com']);
  });

  it('throws a retryable error when the relay answers 4xx, and sends nothing', async () => {
    const before = relay.received.length;
    await assert.rejects(send(notifyJob(document, ['busy@example.com'])), (error: Error) => {
      assert.ok(!(error instanceof UnrecoverableJobError), error.message);
      assert.match(error.message, /450/);
      return true;
    });
    assert.equal(relay.received.length, before);
  });

  it('retries when one recipient is deferred and the others refused for good', async () => {
    await assert.rejects(send(notifyJob(document, ['gone@example.com', 'busy@example.com'])), (error: Error) => !(error instanceof UnrecoverableJobError));
  });

  it('dead-letters the job with the relay\'s reply when it refuses every recipient with 550', async () => {
    await assert.rejects(send(notifyJob(document, ['gone@example.com', 'gone2@example.com'])), (error: Error) => {
      assert.ok(error instanceof UnrecoverableJobError);
      assert.match(error.message, /550 5\.1\.1 No such user here/);
      return true;
    });
  });

  it('dead-letters a notice about a message or rule hit that is not in the archive', async () => {
    const missing = { ...notifyJob(document, []), payload: { messageId: 'f'.repeat(64), ruleId: 'pci-card-number-high', to: [] } };
    await assert.rejects(send(missing), UnrecoverableJobError);
    await assert.rejects(send(notifyJob(document, [], 'no-such-rule')), UnrecoverableJobError);
  });

  it('names the spam rule by score when a spam rule notifies', async () => {
    const spam = notifiedDocumentFixture([pciHitFixture({ ruleId: 'gtube', kind: 'spam', pack: 'core', severity: undefined, score: 1000, evidence: [] })]);
    const before = relay.received.length;
    await send(notifyJob(spam, [], 'gtube'), spam);
    assert.equal(relay.received[before]?.mail.subject, '[Custodian] Spam rule gtube fired (score 1000)');
  });
});

describe('a relay that cannot be reached', () => {
  it('makes the job throw a retryable error', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const document = notifiedDocumentFixture();
    const notifier = await notifierFor(document, plainRelay(port));
    try {
      await assert.rejects(notifier.handler(notifyJob(document, [])), (error: Error) => {
        assert.ok(!(error instanceof UnrecoverableJobError));
        assert.match(error.message, /ECONNREFUSED/);
        return true;
      });
    } finally {
      await notifier.close();
    }
  });
});


const certDir = tempDir('notify-tls');
const haveCertificate = makeTestCertificate(certDir.path);

describe('notices over STARTTLS with AUTH', { skip: haveCertificate ? false : 'openssl not installed; STARTTLS tests skipped' }, () => {
  let relay: Relay;
  const document = notifiedDocumentFixture();
  const passwordFile = join(certDir.path, 'relay-password');
  const caFile = join(certDir.path, 'cert.pem');
  before(async () => {
    writeFileSync(passwordFile, ' s3cret with spaces \n');
    relay = await startRelay({
      key: readFileSync(join(certDir.path, 'key.pem')),
      cert: readFileSync(caFile),
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'custodian' && auth.password === ' s3cret with spaces ') return callback(null, { user: auth.username });
        callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
    });
  });
  after(async () => {
    await relay?.close();
    certDir.remove();
  });

  it('verifies the relay against caFile, upgrades and authenticates with the password file', async () => {
    const notifier = await notifierFor(document, {
      host: 'localhost', port: relay.port, secure: false, requireTls: true, caFile, auth: { user: 'custodian', passwordFile },
    });
    try {
      await notifier.handler(notifyJob(document, []));
    } finally {
      await notifier.close();
    }
    const got = relay.received.at(-1);
    assert.equal(got?.secure, true);
    assert.equal(got?.user, 'custodian');
  });

  it('refuses a relay whose certificate it cannot verify, sending nothing (retryable)', async () => {
    const before = relay.received.length;
    const notifier = await notifierFor(document, { host: 'localhost', port: relay.port, secure: false, requireTls: false, auth: { user: 'custodian', passwordFile } });
    try {
      await assert.rejects(notifier.handler(notifyJob(document, [])), (error: Error) => {
        assert.ok(!(error instanceof UnrecoverableJobError));
        assert.match(error.message, /certificate/i);
        return true;
      });
    } finally {
      await notifier.close();
    }
    assert.equal(relay.received.length, before);
  });

  it('stops start-up naming the option when the password file cannot be read', () => {
    assert.throws(
      () => createSmtpNoticeTransport({ host: 'localhost', port: relay.port, secure: false, requireTls: true, auth: { user: 'u', passwordFile: join(certDir.path, 'absent') } }),
      /notify\.relay\.auth\.passwordFile: cannot read/,
    );
  });
});
