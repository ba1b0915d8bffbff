import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ArchiveIndex } from '../archive/archive-index.js';
import type { BlobStore } from '../archive/blob-store.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { TokenStore } from '../auth/token-store.js';
import type { IncidentStore } from '../incidents/incident-store.js';
import type { QueryNode } from '../query/ast.js';
import type { JobQueue } from '../queue/job-queue.js';
import { AppError } from './app-error.js';
import { createAuthAudit } from '../audit/auth-audit.js';
import { createRequireRole } from './auth-middleware.js';
import { createErrorMiddleware } from './error-middleware.js';
import { createAuditRouter, type AuditRouteDeps } from './routes/audit.js';
import { createCaseReviewRouter, type CaseReviewRouteDeps } from './routes/case-review.js';
import { createCasesRouter, type CasesRouteDeps } from './routes/cases.js';
import { createErasureRouter, type ErasureRouteDeps } from './routes/erasure.js';
import { createExportsRouter, type ExportsRouteDeps } from './routes/exports.js';
import { createHealthRouter } from './routes/health.js';
import { createIncidentsRouter } from './routes/incidents.js';
import { createMessagesRouter } from './routes/messages.js';
import { createProofsRouter, type ProofsRouteDeps } from './routes/proofs.js';
import { createQueueRouter } from './routes/queue.js';
import type { RulesDeps } from './routes/rules-deps.js';
import { createReportsRouter, type ReportsRouteDeps } from './routes/reports.js';
import { createRetentionRouter, type RetentionRouteDeps } from './routes/retention.js';
import { createRulesRouter } from './routes/rules.js';
import { COMPLIANCE_PATHS, createUnavailableRouter } from './routes/unavailable.js';
import { createSweepsRouter, type SweepsRouteDeps } from './routes/sweeps.js';
import { createVerifyRouter, type VerifyRouteDeps } from './routes/verify.js';
import { securityHeaders } from './security-headers.js';

/** Everything the API needs, handed in: the app imports no adapter, database or config. */
export interface ApiDeps {
  index: ArchiveIndex;
  blobs: BlobStore;
  queue: JobQueue;
  audit: AuditLog;
  tokens: TokenStore;
  incidents: IncidentStore;
  /** The active rule set and its reload (implemented by the application around the rule engine). */
  rules: RulesDeps;
  auditChain: AuditRouteDeps['auditChain'];
  /**
   * Cases, holds, retention, exports, reports, erasure and integrity proofs. Null on the cluster
   * profile, which does not run them yet: their routes answer `501 not_available`.
   */
  compliance: ComplianceApiDeps | null;
  /** Query language → AST; throws `QuerySyntaxError` (with `position`) on bad input. */
  parseQuery: (q: string) => QueryNode;
  /** MIME structure of an original for the message view, sent as `parts`. */
  describeOriginal: (raw: Buffer) => Promise<unknown>;
  health: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  logger: Logger;
}

/** The compliance services behind the cases, retention, exports, reports, erasure and proof routes. */
export interface ComplianceApiDeps {
  /** Cases and legal holds. */
  holds: CasesRouteDeps['holds'];
  /** Review inside cases: saved searches, review tags, notes, the timeline. */
  caseReview: CaseReviewRouteDeps['caseReview'];
  /** E-discovery exports. */
  exports: ExportsRouteDeps['exports'];
  /** PDF reports and their runs. */
  reports: ReportsRouteDeps['reports'];
  /** Four-eyes erasure requests. */
  erasure: ErasureRouteDeps['erasure'];
  /** Retention policies in force and their recompute. */
  retention: RetentionRouteDeps['retention'];
  /** Messages awaiting a retention review. */
  reviews: RetentionRouteDeps['reviews'];
  /** Retention sweeps (and dry runs) and the tombstones they leave. */
  sweeper: SweepsRouteDeps['sweeper'];
  tombstones: SweepsRouteDeps['tombstones'];
  /** Inclusion proofs of archived messages. */
  proofs: ProofsRouteDeps['proofs'];
  /** Integrity verification runs. */
  verifications: VerifyRouteDeps['verifications'];
}

/** The API's path prefix; a breaking change gets a new one beside it. */
export const API_PREFIX = '/api/v1';

/** JSON bodies are tiny (no route takes more than a few fields); refuse anything larger early. */
const JSON_BODY_LIMIT = '16kb';

/**
 * Builds the HTTP API. Routes live in `routes/<resource>.ts` with their schemas and the roles they
 * admit; every error, including an unknown route, ends in the one error middleware.
 */
export function createApiApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Bodies are never re-fetched conditionally (`no-store`) and hashing a whole original for an ETag is waste.
  app.disable('etag');
  app.set('query parser', 'simple');

  const requireRole = createRequireRole(deps.tokens, createAuthAudit({ audit: deps.audit }));
  const api = express.Router();
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use(createHealthRouter(deps));
  api.use(createMessagesRouter({ ...deps, requireRole }));
  api.use(createQueueRouter({ ...deps, requireRole }));
  api.use(createAuditRouter({ ...deps, requireRole }));
  api.use(createIncidentsRouter({ ...deps, requireRole }));
  api.use(createRulesRouter({ ...deps, requireRole }));
  if (deps.compliance === null) {
    api.use(createUnavailableRouter({ requireRole, paths: COMPLIANCE_PATHS, reason: 'it runs on the embedded profile only in this version' }));
  } else {
    const compliance = { ...deps, ...deps.compliance, requireRole };
    api.use(createCasesRouter(compliance));
    api.use(createCaseReviewRouter(compliance));
    api.use(createExportsRouter(compliance));
    api.use(createReportsRouter(compliance));
    api.use(createErasureRouter(compliance));
    api.use(createRetentionRouter(compliance));
    api.use(createSweepsRouter(compliance));
    api.use(createProofsRouter(compliance));
    api.use(createVerifyRouter(compliance));
  }

  app.use(securityHeaders);
  app.use(API_PREFIX, api);
  app.use((req) => {
    throw new AppError('not_found', `No route ${req.method} ${req.path}.`);
  });
  app.use(createErrorMiddleware(deps.logger));
  return app;
}
