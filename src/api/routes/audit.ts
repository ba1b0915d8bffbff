import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface AuditRouteDeps {
  audit: AuditLog;
  requireRole: RequireRole;
}

export const auditQuerySchema = z.strictObject({
  /** Page size. Default 100. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Only records after this `seq` (the last `seq` of the previous page). Default: from the start. */
  afterSeq: z.coerce.number().int().min(0).optional(),
  /** Only records with exactly this action, e.g. `message.read`. */
  action: z.string().min(1).max(100).optional(),
});

/**
 * `GET /audit`, for admins and auditors. Who read the audit trail is itself recorded: the page is
 * fetched first (so it never contains its own read), then the read is appended before it is sent.
 */
export function createAuditRouter(deps: AuditRouteDeps): Router {
  const { audit, requireRole } = deps;
  const router = Router();

  router.get('/audit', requireRole('admin', 'auditor'), async (req, res) => {
    const options = auditQuerySchema.parse(req.query);
    const records = await audit.list(options);
    await audit.append({
      actor: principalOf(req).name,
      action: 'audit.read',
      detail: { limit: options.limit, afterSeq: options.afterSeq ?? null, action: options.action ?? null, returned: records.length },
    });
    res.json({ records });
  });

  return router;
}
