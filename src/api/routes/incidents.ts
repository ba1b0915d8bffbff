import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import { SEVERITIES } from '../../domain/classification.js';
import { INCIDENT_STATUSES, type IncidentStore } from '../../incidents/incident-store.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface IncidentsRouteDeps {
  incidents: IncidentStore;
  audit: AuditLog;
  requireRole: RequireRole;
}

const isoDateTime = z.iso.datetime({ offset: true });

/** `GET /incidents`: strict, so a misspelt filter is an error rather than silently ignored. */
export const incidentsQuerySchema = z.strictObject({
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  ruleId: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(200).optional(),
  /** Archive id of the message. */
  messageId: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters').optional(),
  /** ISO-8601 with offset, inclusive. */
  createdFrom: isoDateTime.optional(),
  /** ISO-8601 with offset, exclusive. */
  createdTo: isoDateTime.optional(),
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** `nextCursor` of the previous page. */
  after: z.string().min(1).max(512).optional(),
});

/** An incident id: 32 lower-case hex characters. */
export const incidentParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex characters'),
});

/** `PATCH /incidents/:id`: a new status, a note, or both, based on the `version` the reviewer read. */
export const incidentPatchSchema = z
  .strictObject({
    /** The incident's `version` as last read; a newer one answers 409 `version_conflict`. */
    version: z.number().int().min(1),
    status: z.enum(INCIDENT_STATUSES).optional(),
    note: z.string().trim().min(1).max(4000).optional(),
  })
  .refine((body) => body.status !== undefined || body.note !== undefined, { message: 'give a status, a note, or both' });

/**
 * DLP incidents: officers and auditors read them, officers review them. Reads are audited like
 * searches (filter and every returned id), after the read and before the response. A review is
 * audited before it is attempted, as a queue retry is, so no change can happen without a record.
 */
export function createIncidentsRouter(deps: IncidentsRouteDeps): Router {
  const { incidents, audit, requireRole } = deps;
  const router = Router();

  router.get('/incidents', requireRole('officer', 'auditor'), async (req, res) => {
    const { limit, after, ...filter } = incidentsQuerySchema.parse(req.query);
    const page = await incidents.list({ filter, limit, after: after ?? null });
    await audit.append({
      actor: principalOf(req).name,
      source: requestSource(req),
      action: 'incident.list',
      detail: { filter, limit, after: after ?? null, total: page.total, returnedIds: page.incidents.map((i) => i.id) },
    });
    res.json(page);
  });

  router.get('/incidents/:id', requireRole('officer', 'auditor'), async (req, res) => {
    const { id } = incidentParamsSchema.parse(req.params);
    const incident = await incidents.get(id);
    if (incident === null) throw new AppError('not_found', 'No such incident.');
    await audit.append({ actor: principalOf(req).name, source: requestSource(req), action: 'incident.read', detail: { id } });
    res.json(incident);
  });

  router.patch('/incidents/:id', requireRole('officer'), async (req, res) => {
    const { id } = incidentParamsSchema.parse(req.params);
    const body = incidentPatchSchema.parse(req.body);
    const actor = principalOf(req).name;
    await audit.append({ actor, source: requestSource(req), action: 'incident.update', detail: { id, ...body } });
    const updated = await incidents.update(id, { expectedVersion: body.version, actor, status: body.status, note: body.note });
    if (updated === null) throw new AppError('not_found', 'No such incident.');
    res.json(updated);
  });

  return router;
}
