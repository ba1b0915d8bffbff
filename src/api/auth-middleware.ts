import type { Request, RequestHandler } from 'express';
import type { AuthAudit, AuthRefusalReason } from '../audit/auth-audit.js';
import { requestSource } from '../audit/audit-source.js';
import type { Principal, Role, TokenStore } from '../auth/token-store.js';
import { AppError } from './app-error.js';

const REALM = 'Bearer realm="custodian"';
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** Principals of authenticated requests. A WeakMap rather than a field on `req`: no global type augmentation, nothing to forge. */
const principals = new WeakMap<Request, Principal>();

/** A route guard factory: the roles a route admits → the middleware that enforces them. */
export type RequireRole = (...roles: Role[]) => RequestHandler;

/**
 * Builds the per-route guard: `requireRole('admin', 'officer')` admits a request only with a valid
 * `Authorization: Bearer` token (else 401 with `WWW-Authenticate`) whose role is listed (else 403).
 * Every protected route names its roles where it is declared, so the access matrix is readable
 * from the route files alone.
 *
 * Refusals are audited (`auth.refused`, rate-limited) before the answer is sent; if that record
 * cannot be written the answer is a 500 (still a refusal, and logged as a failure). An admitted
 * request waits for its token's `auth.first-use` record when it is the first of the day from that
 * address, and fails closed if that record cannot be written.
 */
export function createRequireRole(tokens: TokenStore, authAudit: AuthAudit): RequireRole {
  const refuse = async (req: Request, reason: AuthRefusalReason, error: AppError, principal?: Principal): Promise<never> => {
    const path = req.originalUrl.split('?')[0] ?? '';
    await authAudit.refused({ reason, source: requestSource(req), method: req.method, path, ...(principal === undefined ? {} : { principal }) });
    throw error;
  };
  return (...roles) => {
    const allowed = new Set<Role>(roles);
    return async (req, _res, next) => {
      const header = req.get('authorization');
      if (header === undefined) {
        return refuse(req, 'missing-token', new AppError('unauthorized', 'A bearer token is required.', { headers: { 'WWW-Authenticate': REALM } }));
      }
      const match = BEARER.exec(header);
      const principal = match?.[1] === undefined ? null : await tokens.verify(match[1]);
      if (principal === null) {
        return refuse(req, 'invalid-token', new AppError('unauthorized', 'The bearer token is invalid.', {
          headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
        }));
      }
      if (!allowed.has(principal.role)) {
        return refuse(req, 'role-not-allowed', new AppError('forbidden', `The role '${principal.role}' may not do this.`), principal);
      }
      await authAudit.admitted(principal, requestSource(req));
      principals.set(req, principal);
      next();
    };
  };
}

/** The caller of a request that passed a `requireRole` guard. Throws if the route forgot one. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (principal === undefined) throw new Error(`route ${req.method} ${req.path} has no role guard`);
  return principal;
}
