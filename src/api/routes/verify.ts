import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { VerificationService } from '../../integrity/verify/verification-service.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface VerifyRouteDeps {
  verifications: Pick<VerificationService, 'start' | 'get' | 'findings' | 'list'>;
  audit: AuditLog;
  requireRole: RequireRole;
}

export const startVerificationBodySchema = z.strictObject({
  /** Skip re-hashing every blob and walking the blob store (index, ledger, chains and checkpoints only). Default false. */
  skipBlobs: z.boolean().default(false),
});

export const verificationParamsSchema = z.strictObject({
  id: z.uuid(),
});

export const verificationQuerySchema = z.strictObject({
  /** Findings per page. Default 100. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Only findings numbered after this (the `nextAfterSeq` of the previous page). Default: from the first. */
  afterSeq: z.coerce.number().int().min(0).default(0),
});

export const verificationListQuerySchema = z.strictObject({
  /** Runs, newest first. Default 20. */
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

/**
 * Archive verification: admins start a run (`POST /integrity/verifications`, audited before it
 * starts; it runs in the background and the answer is its id), admins and auditors follow its
 * progress and page through its findings. Reads are not audited: a run's record names message
 * ids and hashes, never content, and clients poll it for progress.
 */
export function createVerifyRouter(deps: VerifyRouteDeps): Router {
  const { verifications, audit, requireRole } = deps;
  const router = Router();

  router.post('/integrity/verifications', requireRole('admin'), async (req, res) => {
    const { skipBlobs } = startVerificationBodySchema.parse(req.body ?? {});
    const actor = principalOf(req).name;
    await audit.append({ actor, source: requestSource(req), action: 'integrity.verify', detail: { skipBlobs } });
    const { id, alreadyRunning } = await verifications.start({ trigger: 'api', actor, skipBlobs });
    res.status(202).location(`${req.baseUrl}/integrity/verifications/${id}`).json({ id, state: 'running', alreadyRunning });
  });

  router.get('/integrity/verifications', requireRole('admin', 'auditor'), (req, res) => {
    const { limit } = verificationListQuerySchema.parse(req.query);
    res.json({ runs: verifications.list(limit) });
  });

  router.get('/integrity/verifications/:id', requireRole('admin', 'auditor'), (req, res) => {
    const { id } = verificationParamsSchema.parse(req.params);
    const { limit, afterSeq } = verificationQuerySchema.parse(req.query);
    const run = verifications.get(id);
    if (run === null) throw new AppError('not_found', 'No such verification run.');
    const findings = verifications.findings(id, { afterSeq, limit });
    const last = findings[findings.length - 1];
    res.json({ ...run, findings, nextAfterSeq: findings.length === limit && last ? last.findingSeq : null });
  });

  return router;
}
