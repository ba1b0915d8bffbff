import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { smtpSchema } from '../../src/config/schema.js';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { SqliteJobQueue } from '../../src/queue/sqlite/sqlite-job-queue.js';
import { startJournalSink, type JournalSink } from '../../src/smtp/journal-sink.js';
import { hashPassword } from '../../src/smtp/password-hash.js';
import { spoolIdFromReply } from '../../src/smtp/spooled-reply.js';
import { SqliteSpool } from '../../src/spool/sqlite-spool.js';
import { SmtpDialog } from '../support/smtp-dialog.js';
import { tempDir } from '../support/temp-dir.js';

const silent = pino({ level: 'silent' });
const MESSAGE = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nhello\r\n.leading dot line\r\n';

interface Fixture {
  sink: JournalSink;
  spool: SqliteSpool;
  db: Db;
  stop(): Promise<void>;
}

async function startSink(smtp: Record<string, unknown>): Promise<Fixture> {
  const dir = tempDir('smtp');
  const db = openDatabase(join(dir.path, 'test.db'));
  const writer = new GroupCommit(db);
  const queue = new SqliteJobQueue({ db, writer, retry: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 }, logger: silent });
  const spool = new SqliteSpool(db, writer, queue);
  const sink = await startJournalSink({ config: smtpSchema.parse({ port: 0, ...smtp }), spool, logger: silent });
  return {
    sink, spool, db,
    stop: async () => {
      await sink.close();
      db.close();
      dir.remove();
    },
  };
}

describe('the journaling SMTP sink', () => {
  let f: Fixture;
  before(async () => (f = await startSink({ maxMessageBytes: 2000, maxRecipients: 2 })));
  after(() => f.stop());

  it('advertises SIZE, 8BITMIME, SMTPUTF8 and PIPELINING', async () => {
    const { dialog, greeting } = await SmtpDialog.open(f.sink.port);
    assert.match(greeting, /^220 /);
    const ehlo = await dialog.command('EHLO client.example');
    for (const ext of ['SIZE 2000', '8BITMIME', 'SMTPUTF8', 'PIPELINING']) assert.match(ehlo, new RegExp(`250[- ]${ext}`));
    dialog.close();
  });

  it('answers 250 only once the bytes and envelope are spooled, exactly as sent', async () => {
    const { dialog } = await SmtpDialog.open(f.sink.port);
    await dialog.command('EHLO client.example');
    assert.match(await dialog.command('MAIL FROM:<journal@example.com>'), /^250/);
    assert.match(await dialog.command('RCPT TO:<archive@archive.example>'), /^250/);
    const reply = await dialog.data(MESSAGE);
    dialog.close();
    const id = spoolIdFromReply(reply);
    assert.ok(id, reply);
    const spooled = await f.spool.read(id);
    assert.equal(spooled?.raw.toString('latin1'), MESSAGE);
    assert.equal(spooled?.envelope.mailFrom, 'journal@example.com');
    assert.deepEqual(spooled?.envelope.rcptTo, ['archive@archive.example']);
    assert.equal(spooled?.envelope.helo, 'client.example');
    assert.equal(spooled?.envelope.clientAddress, '127.0.0.1');
    assert.equal(f.db.prepare('SELECT count(*) AS n FROM jobs WHERE id = ?').get(id) !== undefined, true);
  });

  it('refuses a declared size over the limit with 552', async () => {
    const { dialog } = await SmtpDialog.open(f.sink.port);
    await dialog.command('EHLO client.example');
    assert.match(await dialog.command('MAIL FROM:<a@example.com> SIZE=5000'), /^552/);
    dialog.close();
  });

  it('refuses an undeclared message over the limit with 552 and spools nothing', async () => {
    const before = await f.spool.size();
    const { dialog } = await SmtpDialog.open(f.sink.port);
    await dialog.command('EHLO client.example');
    await dialog.command('MAIL FROM:<a@example.com>');
    await dialog.command('RCPT TO:<b@example.com>');
    assert.match(await dialog.data(`Subject: big\r\n\r\n${'x'.repeat(3000)}\r\n`), /^552 5\.3\.4/);
    dialog.close();
    assert.equal(await f.spool.size(), before);
  });

  it('refuses recipients past the maximum with 452', async () => {
    const { dialog } = await SmtpDialog.open(f.sink.port);
    await dialog.command('EHLO client.example');
    await dialog.command('MAIL FROM:<a@example.com>');
    assert.match(await dialog.command('RCPT TO:<b1@example.com>'), /^250/);
    assert.match(await dialog.command('RCPT TO:<b2@example.com>'), /^250/);
    assert.match(await dialog.command('RCPT TO:<b3@example.com>'), /^452 4\.5\.3/);
    dialog.close();
  });

  it('answers 451 when the spool cannot store the message, and 250 again once it can', async () => {
    f.db.pragma('query_only = ON'); // the database refuses writes, as a full or failed disk would
    const { dialog } = await SmtpDialog.open(f.sink.port);
    await dialog.command('EHLO client.example');
    await dialog.command('MAIL FROM:<a@example.com>');
    await dialog.command('RCPT TO:<b@example.com>');
    assert.match(await dialog.data(MESSAGE), /^451 4\.3\.0/);
    f.db.pragma('query_only = OFF');
    await dialog.command('MAIL FROM:<a@example.com>');
    await dialog.command('RCPT TO:<b@example.com>');
    assert.match(await dialog.data(MESSAGE), /^250 /);
    dialog.close();
  });
});

describe('the sink with a per-client connection limit', () => {
  it('refuses a client past its connection limit with 421', async () => {
    const f = await startSink({ maxConnectionsPerIp: 2 });
    const first = await SmtpDialog.open(f.sink.port);
    const second = await SmtpDialog.open(f.sink.port);
    const third = await SmtpDialog.open(f.sink.port);
    assert.match(third.greeting, /^421 4\.7\.0/);
    first.dialog.close();
    second.dialog.close();
    third.dialog.close();
    await f.stop();
  });
});

describe('the sink with an allow-list', () => {
  it('refuses clients outside the allowed ranges with 554', async () => {
    const f = await startSink({ allowedClients: ['10.0.0.0/8'] });
    const { dialog, greeting } = await SmtpDialog.open(f.sink.port);
    assert.match(greeting, /^554 5\.7\.1/);
    dialog.close();
    await f.stop();
  });

  it('accepts clients inside them', async () => {
    const f = await startSink({ allowedClients: ['127.0.0.0/8', '::1'] });
    const { dialog, greeting } = await SmtpDialog.open(f.sink.port);
    assert.match(greeting, /^220/);
    dialog.close();
    await f.stop();
  });
});

/** A self-signed certificate for localhost, made with the openssl CLI; null when it is missing. */
function makeCertificate(dir: string): boolean {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('openssl is needed to make a test certificate');
    return false;
  }
}

const certDir = tempDir('tls');
const haveCertificate = makeCertificate(certDir.path);

describe('the sink with STARTTLS and AUTH', { skip: haveCertificate ? false : 'openssl not installed; STARTTLS tests skipped' }, () => {
  let f: Fixture;
  let cert: Buffer;
  before(async () => {
    const dir = certDir;
    cert = readFileSync(join(dir.path, 'cert.pem'));
    f = await startSink({
      tls: { certFile: join(dir.path, 'cert.pem'), keyFile: join(dir.path, 'key.pem') },
      requireTls: true,
      auth: { required: true, users: [{ username: 'exchange', passwordHash: await hashPassword('s3cret') }] },
    });
  });
  after(async () => {
    await f?.stop();
    certDir.remove();
  });

  it('refuses mail before STARTTLS and accepts it after TLS and AUTH, recording both', async () => {
    const { dialog } = await SmtpDialog.open(f.sink.port);
    assert.match(await dialog.command('EHLO client.example'), /250[- ]STARTTLS/);
    assert.match(await dialog.command('MAIL FROM:<a@example.com>'), /^530/);
    assert.match(await dialog.command('STARTTLS'), /^220/);
    await dialog.startTls(cert);
    assert.match(await dialog.command('EHLO client.example'), /250[- ]AUTH .*PLAIN/);
    assert.match(await dialog.command('MAIL FROM:<a@example.com>'), /^530/, 'authentication is required');
    const wrong = Buffer.from('\0exchange\0nope').toString('base64');
    assert.match(await dialog.command(`AUTH PLAIN ${wrong}`), /^535/);
    const right = Buffer.from('\0exchange\0s3cret').toString('base64');
    assert.match(await dialog.command(`AUTH PLAIN ${right}`), /^235/);
    await dialog.command('MAIL FROM:<a@example.com>');
    await dialog.command('RCPT TO:<b@example.com>');
    const reply = await dialog.data(MESSAGE);
    dialog.close();
    const id = spoolIdFromReply(reply) as string;
    const spooled = await f.spool.read(id);
    assert.equal(spooled?.envelope.authUser, 'exchange');
    assert.match(spooled?.envelope.tls?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.equal(spooled?.envelope.transmissionType, 'ESMTPSA');
  });
});
