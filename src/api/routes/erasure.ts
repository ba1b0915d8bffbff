import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import { ErasureError } from '../../erasure/erasure-error.js';
import { ERASURE_STATES } from '../../erasure/erasure-request.js';
import type { ErasureService } from '../../erasure/erasure-service.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface ErasureRouteDeps {
  erasure: ErasureService;
  audit: AuditLog;
  requireRole: RequireRole;
}

const archiveId = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters');
const reason = z.string().trim().min(1, 'a reason is required').max(2000);
const cursor = z.string().regex(/^[0-9]{1,15}$/, 'must be a nextCursor this server returned');

/**
 * `POST /erasure-requests`: named messages or a data subject's address, never both, and a reason.
 * At most 200 ids: the API's 16 KiB body limit holds about 240, and a clear 400 beats a 413.
 */
export const erasureCreateSchema = z
  .strictObject({
    /** Archive ids of the messages to erase. */
    messageIds: z.array(archiveId).min(1).max(200).optional(),
    /** The data subject's address: every message where it appears in any role, resolved at approval. */
    subject: z.string().trim().toLowerCase().max(320).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address').optional(),
    reason,
  })
  .refine((body) => (body.messageIds === undefined) !== (body.subject === undefined), { message: 'give either messageIds or subject' });

/** `GET /erasure-requests`: strict, so a misspelt filter is an error rather than silently ignored. */
export const erasureListQuerySchema = z.strictObject({
  state: z.enum(ERASURE_STATES).optional(),
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  after: cursor.optional(),
});

/** `GET /erasure-requests/:id`: the page of its listed messages to include. */
export const erasureReadQuerySchema = z.strictObject({
  /** Only messages with this outcome, e.g. `refused` for the refusals and their reasons. */
  outcome: z.enum(['pending', 'deleted', 'refused']).optional(),
  /** Messages per page. Default 100. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** `nextCursor` of the previous page of messages. */
  after: cursor.optional(),
});

/** An erasure request id: 32 lower-case hex characters. */
export const erasureParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex characters'),
});

/** `POST /erasure-requests/:id/reject`. */
export const erasureRejectSchema = z.strictObject({ reason });

/** `POST /erasure-requests/:id/cancel`: the reason is optional; so is the body. */
export const erasureCancelSchema = z.strictObject({ reason: reason.optional() }).optional();

/**
 * Erasure requests (GDPR Art. 17) with four eyes: officers request, approve, reject and cancel;
 * officers and auditors read. Every change is audited by the erasure service before it is
 * applied; reads are audited here like searches (filter and returned ids), before the response.
 * Approval answers 202: the request is approved and its execution runs in the background (its
 * progress and refusals show in `GET /erasure-requests/:id`).
 */
export function createErasureRouter(deps: ErasureRouteDeps): Router {
  const { erasure, audit, requireRole } = deps;
  const router = Router();

  router.post('/erasure-requests', requireRole('officer'), async (req, res) => {
    const body = erasureCreateSchema.parse(req.body);
    const target = body.subject !== undefined
      ? { kind: 'subject' as const, address: body.subject }
      : { kind: 'messages' as const, messageIds: body.messageIds ?? [] };
    const created = await erasure.request(principalOf(req), requestSource(req), { target, reason: body.reason });
    res.status(201).json(created);
  });

  router.get('/erasure-requests', requireRole('officer', 'auditor'), async (req, res) => {
    const { limit, after, state } = erasureListQuerySchema.parse(req.query);
    const page = await erasure.list({ state, limit, after: after ?? null });
    await audit.append({
      actor: principalOf(req).name,
      action: 'erasure.list',
      source: requestSource(req),
      detail: { state: state ?? null, limit, after: after ?? null, returnedIds: page.requests.map((r) => r.id) },
    });
    res.json(page);
  });

  router.get('/erasure-requests/:id', requireRole('officer', 'auditor'), async (req, res) => {
    const { id } = erasureParamsSchema.parse(req.params);
    const { outcome, limit, after } = erasureReadQuerySchema.parse(req.query);
    const request = await erasure.get(id);
    const page = request === null ? null : await erasure.messages(id, { outcome, limit, after: after ?? null });
    if (request === null || page === null) throw new AppError('not_found', 'No such erasure request.');
    await audit.append({
      actor: principalOf(req).name,
      action: 'erasure.read',
      source: requestSource(req),
      detail: { requestId: id, outcome: outcome ?? null, limit, after: after ?? null, returned: page.messages.length },
    });
    res.json({ request, messages: page.messages, nextCursor: page.nextCursor });
  });

  router.post('/erasure-requests/:id/approve', requireRole('officer'), async (req, res) => {
    const { id } = erasureParamsSchema.parse(req.params);
    res.status(202).json(await decided(() => erasure.approve(id, principalOf(req), requestSource(req))));
  });

  router.post('/erasure-requests/:id/reject', requireRole('officer'), async (req, res) => {
    const { id } = erasureParamsSchema.parse(req.params);
    const body = erasureRejectSchema.parse(req.body);
    res.json(await decided(() => erasure.reject(id, principalOf(req), requestSource(req), body.reason)));
  });

  router.post('/erasure-requests/:id/cancel', requireRole('officer'), async (req, res) => {
    const { id } = erasureParamsSchema.parse(req.params);
    const body = erasureCancelSchema.parse(req.body);
    res.json(await decided(() => erasure.cancel(id, principalOf(req), requestSource(req), body?.reason ?? null)));
  });

  return router;
}

/** Runs an officer's step, answering a refused one with its code: 404, 403 (`details.rule`) or 409 (`details.state`). */
async function decided<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ErasureError)) throw error;
    switch (error.code) {
      case 'not-found':
        throw new AppError('not_found', error.message);
      case 'four-eyes':
      case 'requester-only':
        throw new AppError('four_eyes', error.message, { details: { rule: error.code } });
      case 'not-pending':
        throw new AppError('invalid_state', error.message, { details: { state: error.state } });
    }
  }
}
