import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { validate as isCronExpression } from 'node-cron';
import { SCHEDULE_PERIODS } from '../reports/report-period.js';

const cron = z.string().refine((value) => isCronExpression(value), 'must be a cron expression such as "0 6 1 * *" (minute hour day month weekday)');

export const reportScheduleSchema = z.strictObject({
  /** The report definition's id, e.g. `retention` (checked against the loaded definitions at start-up). */
  report: z.string().min(1),
  /** When it runs (node-cron: five fields, or six with seconds first), in UTC like the periods it reports. */
  cron,
  /** What it covers, in UTC: the day, ISO week, month or quarter before the run. */
  period: z.enum(SCHEDULE_PERIODS),
  /** The case of a case report (required for it, refused for the others). */
  caseId: z.uuid().optional(),
  /** Recipients the PDF and its signature are mailed to through the `notify` relay; empty: only written to `reports.directory`. Default []. */
  mailTo: z.array(z.email()).default([]),
});

export const reportsSchema = z.strictObject({
  /** Where requested and scheduled reports are written. Default `<dataDir>/reports`. */
  directory: z.string().min(1).optional(),
  /** Site report definitions (`*.yaml`); a definition here replaces a shipped one of the same id. Default: the shipped `reports/` only. */
  definitionsDirectory: z.string().min(1).optional(),
  /** The appliance's name printed and signed in every report. Default: the machine's host name. */
  applianceName: z.string().min(1).max(200).optional(),
  /** Reports rendered on a schedule (and optionally mailed). Default []. */
  schedules: z.array(reportScheduleSchema).default([]),
});

export const exportsSchema = z.strictObject({
  /** Where export files (ZIP, mbox, manifests, chain-of-custody records) are written. Default `<dataDir>/exports`. */
  directory: z.string().min(1).optional(),
});

export type ReportsConfig = z.infer<typeof reportsSchema>;
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

/**
 * The cross-section check for the config's `superRefine`: a schedule that mails needs the
 * `notify` section (its relay and From address). Reported at `reports.schedules.<i>.mailTo`, with
 * every other config error, so start-up fails naming the option.
 */
export function checkReportMailing(config: { reports: { schedules: ReadonlyArray<{ mailTo: readonly string[] }> }; notify?: unknown }, ctx: z.RefinementCtx): void {
  if (config.notify !== undefined) return;
  config.reports.schedules.forEach((schedule, index) => {
    if (schedule.mailTo.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['reports', 'schedules', index, 'mailTo'], message: 'mailing a report needs the notify section (notify.relay and notify.from)' });
    }
  });
}

/** `reports.directory`, or its default `<dataDir>/reports`. */
export function reportsDirectoryOf(config: { dataDir: string; reports: { directory?: string | undefined } }): string {
  return config.reports.directory ?? join(config.dataDir, 'reports');
}

/** `exports.directory`, or its default `<dataDir>/exports`. */
export function exportsDirectoryOf(config: { dataDir: string; exports: { directory?: string | undefined } }): string {
  return config.exports.directory ?? join(config.dataDir, 'exports');
}

/** `reports.applianceName`, or its default, the host name. */
export function applianceNameOf(config: { reports: { applianceName?: string | undefined } }): string {
  return config.reports.applianceName ?? hostname();
}
