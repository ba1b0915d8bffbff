import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { auditRows } from '../api/test-support/harness.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { createScheduler } from '../scheduler/scheduler.js';
import { InvalidReportRequestError, UnknownReportError } from './report-errors.js';
import { createSmtpReportMailer } from './report-mailer.js';
import { scheduleReports, type ScheduledReport } from './schedule-reports.js';
import { verifyDetachedReportSignature } from './signed-report-file.js';
import { reportServiceFixture, silentLogger } from './test-support/report-service-fixture.js';

interface Received {
  rcptTo: string[];
  mail: ParsedMail;
}

/** A real SMTP relay on a free port; `next()` resolves with the next message it accepts. */
async function startRelay(t: TestContext): Promise<{ port: number; next(): Promise<Received> }> {
  const waiting: Array<(received: Received) => void> = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        waiting.shift()?.({ rcptTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.server.address();
  assert.ok(address !== null && typeof address === 'object');
  return { port: address.port, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('a scheduled report renders the period before it into the reports directory and mails the PDF and its signature through the relay', async (t) => {
  const f = await reportServiceFixture(t);
  const relay = await startRelay(t);
  const mailer = createSmtpReportMailer({ relay: { host: '127.0.0.1', port: relay.port, secure: false, requireTls: false }, from: 'custodian@corp.example' });
  t.after(() => mailer.close());
  const scheduler = createScheduler({ logger: silentLogger() });
  t.after(() => scheduler.stop());
  const now = new Date('2024-05-15T06:00:00Z');
  // Every second: the test waits for the mail, not for a time.
  const schedules: ScheduledReport[] = [{ report: 'audit', cron: '* * * * * *', period: 'previous-month', mailTo: ['auditor@corp.example', 'counsel@corp.example'] }];
  scheduleReports({ scheduler, service: f.service, schedules, mailer, audit: createSqliteAuditLog(f.db), logger: silentLogger(), now: () => now });
  const arrived = relay.next();
  scheduler.start();
  const { rcptTo, mail } = await arrived;
  await scheduler.stop();

  assert.deepEqual(rcptTo, ['auditor@corp.example', 'counsel@corp.example']);
  assert.match(mail.subject ?? '', /2024-04-01 to 2024-05-01/);
  assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
  const [run] = await f.service.list({ limit: 10, offset: 0 });
  assert.ok(run !== undefined);
  assert.deepEqual([run.state, run.requestedBy, run.period], ['done', 'scheduler', { from: '2024-04-01T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' }]);
  const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
  const signature = mail.attachments.find((a) => a.filename?.endsWith('.sig.json'));
  assert.equal(pdf?.filename, run.file);
  assert.equal(sha256(pdf.content), run.sha256);
  assert.deepEqual(verifyDetachedReportSignature(pdf.content, JSON.parse(signature?.content.toString('utf8') ?? 'null'), f.key.publicKeyPem), []);
  assert.match(mail.text ?? '', new RegExp(run.sha256 ?? 'missing'));

  const rows = auditRows(f.db).filter((row) => row.detail.runId === run.id);
  assert.deepEqual(rows.map((row) => [row.actor, row.action]), [['scheduler', 'report.generate'], ['scheduler', 'report.mail']]);
  assert.deepEqual(rows[1]?.detail.to, ['auditor@corp.example', 'counsel@corp.example']);
  const source = f.db.prepare<[], { source: string }>(`SELECT source FROM audit_log WHERE action = 'report.mail'`).get();
  assert.equal(source?.source, 'system');
});

test('a schedule that cannot run stops start-up: an unknown report, a case report without its case, mail without a relay', async (t) => {
  const f = await reportServiceFixture(t);
  const scheduler = createScheduler({ logger: silentLogger() });
  t.after(() => scheduler.stop());
  const deps = { scheduler, service: f.service, mailer: null, audit: createSqliteAuditLog(f.db), logger: silentLogger() };
  const base = { cron: '0 6 * * 1', period: 'previous-week', mailTo: [] } as const;
  assert.throws(() => scheduleReports({ ...deps, schedules: [{ ...base, report: 'weekly-gossip' }] }), UnknownReportError);
  assert.throws(() => scheduleReports({ ...deps, schedules: [{ ...base, report: 'case' }] }), InvalidReportRequestError);
  assert.throws(() => scheduleReports({ ...deps, schedules: [{ ...base, report: 'audit', mailTo: ['auditor@corp.example'] }] }), /mailTo needs the notify section/);
});
