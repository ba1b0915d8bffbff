import type { AuditLog } from '../../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../../audit/audit-source.js';
import type { VerificationService } from './verification-service.js';

/** The actor of scheduled runs, in the run record and the audit log. */
export const SCHEDULER_ACTOR = 'scheduler';

/**
 * The task the scheduler runs on `integrity.verifySchedule`: a full verification (blobs
 * included), audited as it starts. When a run is already going (one started through the API),
 * it is not started twice. Resolves when the run ends; findings are logged by the service with
 * `alert: 'archive-integrity'` and kept with the run.
 */
export function scheduledVerification(deps: { verifications: Pick<VerificationService, 'run'>; audit: AuditLog }): () => Promise<void> {
  return async () => {
    await deps.audit.append({ actor: SCHEDULER_ACTOR, source: SYSTEM_SOURCE, action: 'integrity.verify', detail: { skipBlobs: false } });
    await deps.verifications.run({ trigger: 'schedule', actor: SCHEDULER_ACTOR });
  };
}
