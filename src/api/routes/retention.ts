import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { RetentionService } from '../../retention/retention-service.js';
import { InvalidReviewCursorError, type ReviewDecision, type ReviewQueue } from '../../retention/review/review-queue.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface RetentionRouteDeps {
  /** The policy set in force and its latest recompute. */
  retention: Pick<RetentionService, 'policies' | 'latestChange'>;
  reviews: ReviewQueue;
  audit: AuditLog;
  requireRole: RequireRole;
}

/** `GET /retention/review`. */
export const reviewListQuerySchema = z.strictObject({
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** `nextCursor` of the previous page. */
  after: z.string().min(1).max(100).optional(),
});

/** An archive id: 64 lower-case hex characters. */
export const reviewParamsSchema = z.strictObject({
  messageId: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters'),
});

/** `POST /retention/review/:messageId`: delete it, or keep it `keepDays` more days (from now) or for ever. */
export const reviewDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('delete'), reason: z.string().trim().min(1).max(4000) }),
  z.strictObject({
    decision: z.literal('keep'),
    keepDays: z.number().int().min(1).max(36_500).optional(),
    forever: z.literal(true).optional(),
    reason: z.string().trim().min(1).max(4000),
  }).refine((body) => (body.keepDays === undefined) !== (body.forever === undefined), { message: 'a keep gives keepDays or forever: true, not both' }),
]);

/**
 * Retention policies (read by every role) and the review list of expired `review` messages
 * (officers). Listing the review queue is audited with every returned id, after the read and before
 * the response; a decision is audited before it is applied, so no deletion or extension happens
 * without a record.
 */
export function createRetentionRouter(deps: RetentionRouteDeps): Router {
  const { retention, reviews, audit, requireRole } = deps;
  const router = Router();

  router.get('/retention/policies', requireRole('admin', 'officer', 'auditor'), async (_req, res) => {
    const set = retention.policies();
    res.json({
      version: set.version,
      policies: set.policies.map((p) => ({ ...p, scope: { ...p.scope, query: p.scope.query?.text } })),
      recompute: await retention.latestChange(),
    });
  });

  router.get('/retention/review', requireRole('officer'), async (req, res) => {
    const { limit, after } = reviewListQuerySchema.parse(req.query);
    let page;
    try {
      page = await reviews.list({ limit, after: after ?? null });
    } catch (error) {
      if (error instanceof InvalidReviewCursorError) throw new AppError('invalid_request', 'The cursor is not one this list returned.');
      throw error;
    }
    await audit.append({
      actor: principalOf(req).name,
      source: requestSource(req),
      action: 'retention.review.list',
      detail: { limit, after: after ?? null, returnedIds: page.items.map((i) => i.messageId) },
    });
    res.json(page);
  });

  router.post('/retention/review/:messageId', requireRole('officer'), async (req, res) => {
    const { messageId } = reviewParamsSchema.parse(req.params);
    const body = reviewDecisionSchema.parse(req.body);
    const actor = principalOf(req).name;
    await audit.append({ actor, source: requestSource(req), action: 'retention.review.decide', detail: { messageId, ...body } });
    const decision: ReviewDecision = body.decision === 'delete'
      ? { decision: 'delete', reason: body.reason, actor }
      : body.forever
        ? { decision: 'keep', forever: true, reason: body.reason, actor }
        : { decision: 'keep', keepDays: body.keepDays ?? 0, reason: body.reason, actor };
    const result = await reviews.decide(messageId, decision);
    if (result === null) throw new AppError('not_found', 'That message is not awaiting review.');
    res.json(result);
  });

  return router;
}
