import type { Principal } from '../auth/token-store.js';
import type { AuditLog } from './audit-log.js';

/** Why a request was refused: no bearer token, one that is malformed or unknown (401), or a role the route does not admit (403). */
export type AuthRefusalReason = 'missing-token' | 'invalid-token' | 'role-not-allowed';

/** A refused request, as the auth middleware reports it. */
export interface AuthRefusal {
  reason: AuthRefusalReason;
  /** Client address (`requestSource(req)`). */
  source: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The token's name and role when the token was valid but its role was not admitted. */
  principal?: Principal;
}

/** What the auth middleware records: refusals, and each token's first use per day and source. */
export interface AuthAudit {
  /** Records `auth.refused`, at most once per source and reason per window (see `createAuthAudit`). */
  refused(refusal: AuthRefusal): Promise<void>;
  /** Records `auth.first-use` the first time a token is used from a source on a (UTC) day; rejects when that record cannot be written. */
  admitted(principal: Principal, source: string): Promise<void>;
}

export interface AuthAuditOptions {
  audit: AuditLog;
  /** Length of a refusal window in ms. Default 60000 (one entry per source and reason per minute). */
  windowMs?: number;
  /** Sources tracked at once, for refusals and for first uses. Default 1000. */
  maxTracked?: number;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
}

interface RefusalWindow {
  since: number;
  suppressed: number;
}

/**
 * Audits authentication without letting a flood fill the disk.
 *
 * Refusals: the first refusal of a (source, reason) is recorded; further ones within `windowMs`
 * are only counted, and the count is written as `suppressed` in that pair's next entry. With
 * `maxTracked` pairs already in their window, new sources share one window per reason (entries
 * then say `pooled: true`), so the entries written stay bounded whatever the number of addresses.
 * Counts of windows dropped to make room are carried into the next entry as `suppressedElsewhere`.
 * Counts still pending when the process stops are lost: at most one window's worth per pair.
 *
 * Logins: a bearer token has no session, so "login" is read as a token's first use from a source
 * on a UTC day (`auth.first-use`); every sensitive request is audited on its own anyway. What is
 * remembered is in memory: after a restart the same token and source are recorded once more that
 * day, which over-records and never under-records.
 */
export function createAuthAudit(options: AuthAuditOptions): AuthAudit {
  const { audit } = options;
  const windowMs = options.windowMs ?? 60_000;
  const maxTracked = options.maxTracked ?? 1000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, RefusalWindow>();
  let suppressedElsewhere = 0;
  let day = '';
  const used = new Map<string, Promise<void>>();

  /** The refusal window for this pair, making room (or pooling) when too many are tracked. */
  function windowKey(reason: AuthRefusalReason, source: string, at: number): { key: string; pooled: boolean } {
    const key = `${reason}\0${source}`;
    if (windows.has(key) || windows.size < maxTracked) return { key, pooled: false };
    for (const [k, w] of windows) {
      if (at - w.since >= windowMs) {
        suppressedElsewhere += w.suppressed;
        windows.delete(k);
      }
    }
    return windows.size < maxTracked ? { key, pooled: false } : { key: `${reason}\0*`, pooled: true };
  }

  return {
    async refused(refusal) {
      const at = now();
      const { key, pooled } = windowKey(refusal.reason, refusal.source, at);
      const current = windows.get(key);
      if (current !== undefined && at - current.since < windowMs) {
        current.suppressed++;
        return;
      }
      windows.set(key, { since: at, suppressed: 0 });
      const elsewhere = suppressedElsewhere;
      suppressedElsewhere = 0;
      await audit.append({
        actor: refusal.principal?.name ?? 'anonymous',
        action: 'auth.refused',
        source: refusal.source,
        detail: {
          reason: refusal.reason,
          method: refusal.method,
          path: refusal.path,
          ...(refusal.principal === undefined ? {} : { tokenId: refusal.principal.tokenId, role: refusal.principal.role }),
          suppressed: current?.suppressed ?? 0,
          ...(elsewhere > 0 ? { suppressedElsewhere: elsewhere } : {}),
          ...(pooled ? { pooled: true } : {}),
        },
      });
    },

    admitted(principal, source) {
      const today = new Date(now()).toISOString().slice(0, 10);
      if (today !== day || used.size >= maxTracked) {
        day = today;
        used.clear();
      }
      const key = `${principal.tokenId}\0${source}`;
      const known = used.get(key);
      if (known !== undefined) return known;
      const recorded = audit.append({
        actor: principal.name,
        action: 'auth.first-use',
        source,
        detail: { tokenId: principal.tokenId, role: principal.role, day: today },
      });
      used.set(key, recorded);
      // A failed record is forgotten, so the next request tries again rather than passing unrecorded.
      recorded.catch(() => used.delete(key));
      return recorded;
    },
  };
}
