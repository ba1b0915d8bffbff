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
import { createRequireRole } from './auth-middleware.js';
import { createErrorMiddleware } from './error-middleware.js';
import { createAuditRouter } from './routes/audit.js';
import { createHealthRouter } from './routes/health.js';
import { createIncidentsRouter } from './routes/incidents.js';
import { createMessagesRouter } from './routes/messages.js';
import { createQueueRouter } from './routes/queue.js';
import type { RulesDeps } from './routes/rules-deps.js';
import { createRulesRouter } from './routes/rules.js';
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
  /** Query language → AST; throws `QuerySyntaxError` (with `position`) on bad input. */
  parseQuery: (q: string) => QueryNode;
  /** MIME structure of an original for the message view, sent as `parts`. */
  describeOriginal: (raw: Buffer) => Promise<unknown>;
  health: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  logger: Logger;
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

  const requireRole = createRequireRole(deps.tokens);
  const api = express.Router();
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use(createHealthRouter(deps));
  api.use(createMessagesRouter({ ...deps, requireRole }));
  api.use(createQueueRouter({ ...deps, requireRole }));
  api.use(createAuditRouter({ ...deps, requireRole }));
  api.use(createIncidentsRouter({ ...deps, requireRole }));
  api.use(createRulesRouter({ ...deps, requireRole }));

  app.use(securityHeaders);
  app.use(API_PREFIX, api);
  app.use((req) => {
    throw new AppError('not_found', `No route ${req.method} ${req.path}.`);
  });
  app.use(createErrorMiddleware(deps.logger));
  return app;
}
