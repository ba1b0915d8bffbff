import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditChain } from '../../audit/audit-chain-port.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { auditRangeSchema } from '../../audit/audit-range-schema.js';
import { toAuditNdjson } from '../../audit/audit-ndjson.js';
import { requestSource } from '../../audit/audit-source.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface AuditRouteDeps {
  audit: AuditLog;
  auditChain: AuditChain;
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
 * `GET /audit` (a page of the trail) and `GET /audit/export` (NDJSON with the hash chain), for
 * admins and auditors. Who read or exported the trail is itself recorded: the range is fixed
 * first (so it never contains its own record), then the read is appended before it is sent.
 */
export function createAuditRouter(deps: AuditRouteDeps): Router {
  const { audit, auditChain, requireRole } = deps;
  const router = Router();

  router.get('/audit', requireRole('admin', 'auditor'), async (req, res) => {
    const options = auditQuerySchema.parse(req.query);
    const records = await audit.list(options);
    await audit.append({
      actor: principalOf(req).name,
      action: 'audit.read',
      source: requestSource(req),
      detail: { limit: options.limit, afterSeq: options.afterSeq ?? null, action: options.action ?? null, returned: records.length },
    });
    res.json({ records });
  });

  /**
   * One JSON object per line, `{seq, at, actor, action, source, detail, prevHash, entryHash}`,
   * streamed batch by batch with backpressure (memory stays bounded whatever the range). Verify
   * it offline with `custodian audit verify <file>`.
   */
  router.get('/audit/export', requireRole('admin', 'auditor'), async (req, res) => {
    const range = auditRangeSchema.parse(req.query);
    const exported = await auditChain.export(range);
    await audit.append({
      actor: principalOf(req).name,
      action: 'audit.export',
      source: requestSource(req),
      detail: {
        from: range.from?.toISOString() ?? null,
        to: range.to?.toISOString() ?? null,
        firstSeq: exported.firstSeq,
        lastSeq: exported.lastSeq,
      },
    });
    // attachment() sets a type from the file extension, so the NDJSON type is set after it.
    res.attachment(`audit-${exported.firstSeq ?? 0}-${exported.lastSeq ?? 0}.ndjson`).type('application/x-ndjson');
    await pipeline(Readable.from(toAuditNdjson(exported.lines)), res);
  });

  return router;
}

