import { Router } from 'express';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';
import type { RulesDeps } from './rules-deps.js';

export interface RulesRouteDeps {
  rules: RulesDeps;
  audit: AuditLog;
  requireRole: RequireRole;
}

/**
 * The active spam and DLP rule set, and reloading it. A reload is audited before it is attempted
 * (an entry means an admin asked, whatever came of it); invalid rule files answer 422 with the
 * loader's reasons, and the set in force stays in force.
 */
export function createRulesRouter(deps: RulesRouteDeps): Router {
  const { rules, audit, requireRole } = deps;
  const router = Router();

  router.get('/rules', requireRole('admin', 'officer', 'auditor'), (_req, res) => {
    res.json(rules.current());
  });

  router.post('/rules/reload', requireRole('admin'), async (req, res) => {
    const activeVersion = rules.current().version;
    await audit.append({ actor: principalOf(req).name, source: requestSource(req), action: 'rules.reload', detail: { activeVersion } });
    const outcome = await rules.reload();
    if (!outcome.ok) {
      throw new AppError('rules_invalid', 'The rule files are invalid; the active rule set was kept.', {
        details: { errors: outcome.errors, activeVersion },
      });
    }
    const { version, loadedAt } = outcome.summary;
    res.json({ version, previousVersion: activeVersion, loadedAt, rules: outcome.summary.rules.length });
  });

  return router;
}
