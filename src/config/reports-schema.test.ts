import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { z } from 'zod';
import { applianceNameOf, checkReportMailing, exportsSchema, reportsDirectoryOf, reportsSchema } from './reports-schema.js';

/** The two sections as the lead wires them: beside an optional `notify`, with the mailing check. */
const wired = z.strictObject({
  dataDir: z.string().default('./data'),
  notify: z.strictObject({ from: z.email() }).optional(),
  reports: reportsSchema.prefault({}),
  exports: exportsSchema.prefault({}),
}).superRefine(checkReportMailing);

test('an empty reports section gets its defaults: the data directory, the host name and no schedules', () => {
  const config = wired.parse({ dataDir: '/var/lib/custodian' });
  assert.deepEqual(config.reports.schedules, []);
  assert.equal(reportsDirectoryOf(config), '/var/lib/custodian/reports');
  assert.equal(applianceNameOf(config), hostname());
  assert.equal(config.exports.directory, undefined);
});

test('a schedule is read with its period, case and recipients, mailTo defaulting to none', () => {
  const config = wired.parse({
    notify: { from: 'custodian@corp.example' },
    reports: {
      schedules: [
        { report: 'audit', cron: '0 6 * * 1', period: 'previous-week', mailTo: ['auditor@corp.example'] },
        { report: 'case', cron: '0 7 1 * *', period: 'previous-month', caseId: '8a1c3d53-6b0f-4a5e-9a7e-1f2b3c4d5e6f' },
      ],
    },
  });
  assert.deepEqual(config.reports.schedules.map((s) => [s.report, s.period, s.mailTo]), [['audit', 'previous-week', ['auditor@corp.example']], ['case', 'previous-month', []]]);
});

test('a bad cron expression, an unknown period, a bad address and an unknown key are all reported at once, by path', () => {
  const result = wired.safeParse({
    reports: {
      schedules: [{ report: 'audit', cron: 'every monday', period: 'last-week', mailTo: ['not an address'] }],
      colour: 'blue',
    },
  });
  assert.equal(result.success, false);
  const paths = result.error.issues.map((issue) => issue.path.join('.')).sort();
  assert.deepEqual(paths, ['reports', 'reports.schedules.0.cron', 'reports.schedules.0.mailTo.0', 'reports.schedules.0.period']);
});

test('a schedule that mails without a notify section is refused at its mailTo', () => {
  const result = wired.safeParse({ reports: { schedules: [{ report: 'audit', cron: '0 6 * * 1', period: 'previous-week', mailTo: ['auditor@corp.example'] }] } });
  assert.equal(result.success, false);
  assert.deepEqual(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]), [['reports.schedules.0.mailTo', 'mailing a report needs the notify section (notify.relay and notify.from)']]);
  assert.equal(wired.safeParse({ reports: { schedules: [{ report: 'audit', cron: '0 6 * * 1', period: 'previous-week' }] } }).success, true);
});
