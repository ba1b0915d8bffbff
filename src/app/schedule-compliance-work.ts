import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../audit/audit-source.js';
import type { Config } from '../config/schema.js';
import { scheduledVerification } from '../integrity/verify/scheduled-verification.js';
import { createScheduler } from '../scheduler/scheduler.js';
import type { ComplianceServices } from './compliance-services.js';

/**
 * The scheduler role's work: retention sweeps, signed (and time-stamped) checkpoints, and
 * integrity verification, each on its cron schedule from the config. A run still going when its
 * next time comes is skipped; a failure is logged and the next run goes ahead.
 */
export function scheduleComplianceWork(deps: { config: Readonly<Config>; compliance: ComplianceServices; audit: AuditLog; logger: Logger }) {
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
  scheduler.start();
  return scheduler;
}
