import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../audit/audit-source.js';
import type { Config } from '../config/schema.js';
import { scheduledVerification } from '../integrity/verify/scheduled-verification.js';
import type { ReportMailer } from '../reports/report-mailer.js';
import { scheduleReports } from '../reports/schedule-reports.js';
import { createScheduler } from '../scheduler/scheduler.js';
import type { ComplianceServices } from './compliance-services.js';
import type { DiscoveryServices } from './discovery-services.js';

/**
 * The scheduler role's work: retention sweeps, signed (and time-stamped) checkpoints, integrity
 * verification and the configured reports (mailed through `mailer` when a schedule has
 * recipients), each on its cron schedule from the config. A run still going when its next time
 * comes is skipped; a failure is logged and the next run goes ahead.
 */
export function scheduleComplianceWork(deps: {
  config: Readonly<Config>;
  compliance: ComplianceServices;
  discovery: DiscoveryServices;
  mailer: ReportMailer | null;
  audit: AuditLog;
  logger: Logger;
}) {
  const { config, compliance } = deps;
  const scheduler = createScheduler({ logger: deps.logger.child({ component: 'scheduler' }) });
  scheduler.add('retention-sweep', config.retention.sweepSchedule, async () => {
    await (await compliance.sweeper.start({ dryRun: false, actor: 'retention', source: SYSTEM_SOURCE })).done;
  });
  scheduler.add('integrity-checkpoint', config.integrity.checkpointSchedule, async () => {
    await compliance.checkpoints.createCheckpoint();
    await compliance.checkpoints.timestampPending();
  });
  scheduler.add('integrity-verify', config.integrity.verifySchedule, scheduledVerification({ verifications: compliance.verifications, audit: deps.audit }));
  scheduleReports({ scheduler, service: deps.discovery.reports, schedules: config.reports.schedules, mailer: deps.mailer, audit: deps.audit, logger: deps.logger });
  scheduler.start();
  return scheduler;
}
