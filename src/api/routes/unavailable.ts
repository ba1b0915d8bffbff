import { Router } from 'express';
import { ROLES } from '../../auth/token-store.js';
import { AppError } from '../app-error.js';
import type { RequireRole } from '../auth-middleware.js';

/** The paths of the compliance routes (cases, holds, retention, exports, reports, erasure, integrity, proofs). */
export const COMPLIANCE_PATHS = [
  '/cases', '/holds', '/exports', '/reports', '/report-runs', '/erasure-requests', '/retention', '/tombstones', '/integrity',
  '/messages/:id/proof',
] as const;

/**
 * Answers every request under `paths` with `501 not_available` and the reason, after the usual
 * authentication (so an anonymous caller learns nothing, not even that the route exists).
 */
export function createUnavailableRouter(deps: { requireRole: RequireRole; paths: readonly string[]; reason: string }): Router {
  const router = Router();
  for (const path of deps.paths) {
    router.use([path, `${path}/*rest`], deps.requireRole(...ROLES), () => {
      throw new AppError('not_available', `${path} is not available: ${deps.reason}.`);
    });
  }
  return router;
}
