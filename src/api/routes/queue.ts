import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { JobQueue } from '../../queue/job-queue.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface QueueRouteDeps {
  queue: JobQueue;
  audit: AuditLog;
  requireRole: RequireRole;
}

export const deadLettersQuerySchema = z.strictObject({
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** Rows to skip. Default 0. */
  offset: z.coerce.number().int().min(0).default(0),
});

export const deadLetterParamsSchema = z.strictObject({
  id: z.string().min(1).max(256),
});

/**
 * Pipeline queue operations, admin only: counts, the dead letters and moving one back to waiting.
 * A retry is audited before it is attempted, so no retry can happen without a record; an entry
 * therefore means "an admin asked", and a 404 answer means the request changed nothing.
 */
export function createQueueRouter(deps: QueueRouteDeps): Router {
  const { queue, audit, requireRole } = deps;
  const router = Router();

  router.get('/queue', requireRole('admin'), async (_req, res) => {
    res.json(await queue.counts());
  });

  router.get('/queue/dead-letters', requireRole('admin'), async (req, res) => {
    const { limit, offset } = deadLettersQuerySchema.parse(req.query);
    res.json({ items: await queue.deadLetters(limit, offset), limit, offset });
  });

  router.post('/queue/dead-letters/:id/retry', requireRole('admin'), async (req, res) => {
    const { id } = deadLetterParamsSchema.parse(req.params);
    await audit.append({ actor: principalOf(req).name, source: requestSource(req), action: 'queue.retry', detail: { id } });
    if (!(await queue.retryDead(id))) throw new AppError('not_found', 'No such dead letter.');
    res.status(202).json({ id, state: 'waiting' });
  });

  return router;
}
