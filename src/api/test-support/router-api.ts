import type { TestContext } from 'node:test';
import express, { type Router } from 'express';
import { pino } from 'pino';
import type { AuditLog } from '../../audit/audit-log.js';
import { createAuthAudit } from '../../audit/auth-audit.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import type { Role } from '../../auth/token-store.js';
import type { Db } from '../../db/open-database.js';
import { createRequireRole, type RequireRole } from '../auth-middleware.js';
import { createErrorMiddleware } from '../error-middleware.js';
import { startApiServer } from '../start-api-server.js';

/** `fetch` of an API path as a role's token (or none): GET without a body, POST with a JSON one. */
export type RouterRequest = (path: string, as: Role | null, body?: unknown) => Promise<Response>;

/**
 * Serves the routers `mount` builds under `/api/v1` on 127.0.0.1, with the real token store, audit
 * log, role guard and error middleware on `db`, and a token per role (`ada-admin`,
 * `olga-officer`, `aldo-auditor`). Closed when the test ends.
 */
export async function startRouterApi(t: TestContext, db: Db, mount: (deps: { audit: AuditLog; requireRole: RequireRole }) => Router[]): Promise<{ request: RouterRequest; audit: AuditLog }> {
  const tokenStore = createSqliteTokenStore(db);
  const tokens: Record<Role, string> = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const audit = createSqliteAuditLog(db);
  const requireRole = createRequireRole(tokenStore, createAuthAudit({ audit }));
  const app = express();
  app.use(express.json());
  for (const router of mount({ audit, requireRole })) app.use('/api/v1', router);
  app.use(createErrorMiddleware(pino({ level: 'silent' })));
  const server = await startApiServer(app, { host: '127.0.0.1', port: 0 });
  t.after(() => server.close());
  const request: RouterRequest = (path, as, body) => {
    const headers = new Headers();
    if (as !== null) headers.set('Authorization', `Bearer ${tokens[as]}`);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    return fetch(`${server.url}/api/v1${path}`, { method: body === undefined ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  return { request, audit };
}
