import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import { InvalidTombstoneCursorError } from '../../retention/deletion/sqlite-tombstone-store.js';
import type { TombstoneStore } from '../../retention/deletion/tombstone-store.js';
import { InvalidCandidateCursorError } from '../../retention/sweep/sqlite-sweep-store.js';
import type { Sweeper } from '../../retention/sweep/sweeper.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface SweepsRouteDeps {
  sweeper: Pick<Sweeper, 'start' | 'get' | 'candidates'>;
  tombstones: Pick<TombstoneStore, 'list'>;
  audit: AuditLog;
  requireRole: RequireRole;
}

const isoDateTime = z.iso.datetime({ offset: true });
const seqCursor = z.string().regex(/^[0-9]{1,15}$/, 'must be a nextCursor from the previous page');

/** `POST /retention/sweeps`. */
export const sweepRequestSchema = z.strictObject({
  /** List what would be deleted instead of deleting. Default false. */
  dryRun: z.boolean().default(false),
});

export const sweepParamsSchema = z.strictObject({ id: z.uuid() });

/** `GET /retention/sweeps/:id/candidates`. */
export const candidatesQuerySchema = z.strictObject({
  /** `deletable` (default): what the sweep would delete; `held`: what holds would keep; `all`. */
  include: z.enum(['deletable', 'held', 'all']).default('deletable'),
  /** Page size. Default 500. */
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  /** `nextCursor` of the previous page. */
  after: seqCursor.optional(),
});

/** `GET /tombstones`: strict, so a misspelt filter is an error rather than silently ignored. */
export const tombstonesQuerySchema = z.strictObject({
  reason: z.enum(['retention', 'erasure']).optional(),
  policyId: z.string().min(1).max(200).optional(),
  requestId: z.string().min(1).max(200).optional(),
  /** Archive id of the message. */
  messageId: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters').optional(),
  /** ISO-8601 with offset, inclusive. */
  deletedFrom: isoDateTime.optional(),
  /** ISO-8601 with offset, exclusive. */
  deletedTo: isoDateTime.optional(),
  /** Page size. Default 100. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** `nextCursor` of the previous page. */
  after: seqCursor.optional(),
});

/** A cursor the store refused is the client's mistake, like any other bad parameter. */
function badCursor(error: unknown): never {
  if (error instanceof InvalidTombstoneCursorError || error instanceof InvalidCandidateCursorError) {
    throw new AppError('invalid_request', 'The cursor is not one this list returned.');
  }
  throw error;
}

/**
 * Retention sweeps and tombstones. Admins start sweeps (real or dry run) and follow them; the
 * start is audited before the sweep is queued, and each batch's deletions are audited by the
 * deleter. A dry run's list and the tombstones are records of people's mail: reading them is
 * audited with every returned id, like a search. Auditors and officers read tombstones.
 */
export function createSweepsRouter(deps: SweepsRouteDeps): Router {
  const { sweeper, tombstones, audit, requireRole } = deps;
  const router = Router();

  router.post('/retention/sweeps', requireRole('admin'), async (req, res) => {
    const { dryRun } = sweepRequestSchema.parse(req.body ?? {});
    const started = await sweeper.start({ dryRun, actor: principalOf(req).name, source: requestSource(req) });
    res.status(202).json({ id: started.run.id, dryRun: started.run.dryRun, status: started.run.status, joined: started.joined });
  });

  router.get('/retention/sweeps/:id', requireRole('admin', 'auditor'), async (req, res) => {
    const { id } = sweepParamsSchema.parse(req.params);
    const run = await sweeper.get(id);
    if (run === null) throw new AppError('not_found', 'No such sweep.');
    res.json(run);
  });

  router.get('/retention/sweeps/:id/candidates', requireRole('admin', 'auditor'), async (req, res) => {
    const { id } = sweepParamsSchema.parse(req.params);
    const { include, limit, after } = candidatesQuerySchema.parse(req.query);
    const run = await sweeper.get(id);
    if (run === null) throw new AppError('not_found', 'No such sweep.');
    if (!run.dryRun) throw new AppError('invalid_request', 'Only a dry run keeps a list of candidates; a real sweep left tombstones (GET /tombstones).');
    const page = await sweeper.candidates(id, include, limit, after ?? null).catch(badCursor);
    await audit.append({
      actor: principalOf(req).name,
      action: 'retention.sweep.candidates',
      source: requestSource(req),
      detail: { id, include, limit, after: after ?? null, returnedIds: page.candidates.map((c) => c.messageId) },
    });
    res.json({ run, ...page });
  });

  router.get('/tombstones', requireRole('admin', 'officer', 'auditor'), async (req, res) => {
    const { limit, after, ...filter } = tombstonesQuerySchema.parse(req.query);
    const page = await tombstones.list(filter, limit, after ?? null).catch(badCursor);
    await audit.append({
      actor: principalOf(req).name,
      action: 'tombstone.list',
      source: requestSource(req),
      detail: { filter, limit, after: after ?? null, returnedIds: page.tombstones.map((x) => x.messageId) },
    });
    res.json(page);
  });

  return router;
}
