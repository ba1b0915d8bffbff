import { Router } from 'express';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { ProofSource } from '../../integrity/proof-bundle.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';
import { messageParamsSchema } from './messages.js';

export interface ProofsRouteDeps {
  proofs: ProofSource;
  audit: AuditLog;
  requireRole: RequireRole;
}

/**
 * `GET /messages/:id/proof`: the inclusion proof bundle of an archived message against the newest
 * signed checkpoint, for `custodian proof verify` or any third-party verifier. Audited as
 * `proof.read` before it is served. 404 `not_found` when the ledger has no archiving of the id,
 * or (`details.reason: "not-checkpointed"`) when it is archived but no checkpoint covers it yet.
 */
export function createProofsRouter(deps: ProofsRouteDeps): Router {
  const { proofs, audit, requireRole } = deps;
  const router = Router();

  router.get('/messages/:id/proof', requireRole('officer', 'auditor', 'admin'), async (req, res) => {
    const { id } = messageParamsSchema.parse(req.params);
    const result = await proofs.proofFor(id);
    if (result.status === 'not-archived') throw new AppError('not_found', 'The ledger has no archiving of this message.');
    if (result.status === 'not-checkpointed') {
      throw new AppError('not_found', 'The message is archived but no signed checkpoint covers it yet; the next checkpoint will.', {
        details: { reason: 'not-checkpointed', seq: result.seq },
      });
    }
    await audit.append({
      actor: principalOf(req).name,
      source: requestSource(req),
      action: 'proof.read',
      detail: { id, treeSize: result.bundle.treeSize, leafIndex: result.bundle.leafIndex },
    });
    res.json(result.bundle);
  });

  return router;
}
