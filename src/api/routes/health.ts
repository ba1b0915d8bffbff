import { Router } from 'express';
import type { Logger } from 'pino';

export interface HealthRouteDeps {
  /** Checks every dependency (database, blob store, search backend, queue). */
  health: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  logger: Logger;
}

/**
 * `GET /health`, unauthenticated so load balancers and orchestrators can probe it:
 * 200 `{ status: 'ok', checks }` or 503 `{ status: 'unavailable', checks }`. A check that throws
 * is itself a failed check (503), not an internal error, since the prober only reads the status.
 */
export function createHealthRouter(deps: HealthRouteDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    let result: { ok: boolean; checks: Record<string, string> };
    try {
      result = await deps.health();
    } catch (err) {
      deps.logger.error({ err }, 'health check threw');
      result = { ok: false, checks: { health: 'check failed' } };
    }
    res.status(result.ok ? 200 : 503).json({ status: result.ok ? 'ok' : 'unavailable', checks: result.checks });
  });
  return router;
}
