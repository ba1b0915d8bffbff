import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { CaseReview } from '../../discovery/case-review/case-review.js';
import { caseCriteriaOf, newCaseSchema, reasonSchema } from '../../holds/case-request-schemas.js';
import { CaseNotFoundError, HoldAlreadyReleasedError, HoldNotFoundError, InvalidCaseError } from '../../holds/holds-errors.js';
import type { LegalHolds } from '../../holds/legal-holds.js';
import { validateCase } from '../../holds/validate-case.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface CasesRouteDeps {
  holds: LegalHolds;
  /** The case timeline: opening a case, placing and releasing holds are recorded there once done. */
  caseReview: Pick<CaseReview, 'recordEvent'>;
  audit: AuditLog;
  requireRole: RequireRole;
}

export const idParamsSchema = z.strictObject({ id: z.uuid() });

export const listCasesQuerySchema = z.strictObject({
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** Rows to skip. Default 0. */
  offset: z.coerce.number().int().min(0).default(0),
});

export const heldMessagesQuerySchema = z.strictObject({
  /** Page size. Default 500. */
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  /** `nextCursor` of the previous page: an archive id. */
  after: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters').optional(),
});

/**
 * Cases and legal holds: officers open cases and place and release holds; officers and auditors
 * read them. Every change is audited before it is applied (an entry means "an officer asked"; a
 * 4xx answer after it means nothing changed). Reads are audited after the read, before the answer,
 * with the ids returned, as searches are.
 */
export function createCasesRouter(deps: CasesRouteDeps): Router {
  const { holds, caseReview, audit, requireRole } = deps;
  const router = Router();

  router.post('/cases', requireRole('officer'), async (req, res) => {
    const body = newCaseSchema.parse(req.body);
    const criteria = caseCriteriaOf(body);
    try {
      validateCase(criteria);
    } catch (error) {
      if (error instanceof InvalidCaseError) throw new AppError('invalid_request', error.message);
      throw error;
    }
    const actor = principalOf(req).name;
    const id = randomUUID();
    const input = { id, name: body.name, description: body.description, ...criteria, createdBy: actor };
    await audit.append({ actor, action: 'case.create', source: requestSource(req), detail: { caseId: id, name: input.name, description: input.description, ...criteria } });
    const created = await holds.createCase(input);
    await caseReview.recordEvent({ caseId: id, actor, action: 'case.create', detail: { name: input.name, ...criteria } });
    res.status(201).json(created);
  });

  router.get('/cases', requireRole('officer', 'auditor'), async (req, res) => {
    const { limit, offset } = listCasesQuerySchema.parse(req.query);
    const cases = await holds.listCases({ limit, offset });
    await audit.append({ actor: principalOf(req).name, action: 'case.list', source: requestSource(req), detail: { limit, offset, returnedIds: cases.map((c) => c.id) } });
    res.json({ items: cases, limit, offset });
  });

  router.get('/cases/:id', requireRole('officer', 'auditor'), async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const detail = await holds.getCase(id);
    if (detail === null) throw new AppError('not_found', 'No such case.');
    await audit.append({ actor: principalOf(req).name, action: 'case.read', source: requestSource(req), detail: { caseId: id } });
    res.json(detail);
  });

  router.post('/cases/:id/holds', requireRole('officer'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { reason } = reasonSchema.parse(req.body);
    if ((await holds.getCase(caseId)) === null) throw new AppError('not_found', 'No such case.');
    const actor = principalOf(req).name;
    const holdId = randomUUID();
    await audit.append({ actor, action: 'hold.place', source: requestSource(req), detail: { holdId, caseId, reason } });
    let hold;
    try {
      hold = await holds.placeHold({ id: holdId, caseId, placedBy: actor, reason });
    } catch (error) {
      if (error instanceof CaseNotFoundError) throw new AppError('not_found', 'No such case.');
      throw error;
    }
    await caseReview.recordEvent({ caseId, actor, action: 'hold.place', detail: { holdId, reason } });
    res.status(201).json(hold);
  });

  router.post('/holds/:id/release', requireRole('officer'), async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const { reason } = reasonSchema.parse(req.body);
    const hold = await holds.getHold(id);
    if (hold === null) throw new AppError('not_found', 'No such hold.');
    if (hold.releasedAt !== null) throw alreadyReleased(hold.releasedAt);
    const actor = principalOf(req).name;
    await audit.append({ actor, action: 'hold.release', source: requestSource(req), detail: { holdId: id, caseId: hold.caseId, reason } });
    let released;
    try {
      released = await holds.releaseHold({ id, releasedBy: actor, reason });
    } catch (error) {
      if (error instanceof HoldAlreadyReleasedError) throw alreadyReleased(error.releasedAt);
      throw error;
    }
    await caseReview.recordEvent({ caseId: hold.caseId, actor, action: 'hold.release', detail: { holdId: id, reason } });
    res.json(released);
  });

  router.get('/holds/:id/messages', requireRole('officer', 'auditor'), async (req, res) => {
    const { id } = idParamsSchema.parse(req.params);
    const { limit, after } = heldMessagesQuerySchema.parse(req.query);
    const page = await holds.heldMessages(id, { limit, after: after ?? null }).catch((error: unknown) => {
      throw error instanceof HoldNotFoundError ? new AppError('not_found', 'No such hold.') : error;
    });
    await audit.append({
      actor: principalOf(req).name,
      action: 'hold.messages',
      source: requestSource(req),
      detail: { holdId: id, limit, after: after ?? null, returnedIds: page.ids },
    });
    res.json(page);
  });

  return router;
}

/** A second release changes nothing: the first release and its reason stand. */
function alreadyReleased(releasedAt: string): AppError {
  return new AppError('invalid_state', 'The hold was already released.', { details: { releasedAt } });
}
