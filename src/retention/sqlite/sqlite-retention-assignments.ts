import type { Db } from '../../db/open-database.js';
import { internalMatcher, matchScope } from '../expiry/match-scope.js';
import { resolvePolicy } from '../expiry/resolve-policy.js';
import type { PolicySet } from '../policies/retention-policy.js';
import { SqliteRetentionFacts, type MessageRow } from './sqlite-retention-facts.js';

/** An assignment row as stored. */
export interface AssignmentRow {
  message_id: string;
  policy_id: string;
  action: 'delete' | 'review';
  policy_expires_at: number | null;
  expires_at: number | null;
  erasable: number;
  kept_until: number | null;
  kept_forever: number;
}

/** One message's assignment before and after a write (before null: it had none). */
export interface AssignmentChange {
  before: AssignmentRow | null;
  after: AssignmentRow;
}

/**
 * Computes and writes the assignments of messages under one policy set. Synchronous, to run inside
 * a GroupCommit transaction: the facts read and the rows written are one consistent snapshot.
 */
export class SqliteRetentionAssignments {
  private readonly facts: SqliteRetentionFacts;
  private readonly isInternal: (address: string) => boolean;
  private readonly statements;

  constructor(db: Db, readonly set: PolicySet) {
    this.facts = new SqliteRetentionFacts(db, set);
    this.isInternal = internalMatcher(set.internalDomains);
    this.statements = {
      existing: db.prepare<[string], AssignmentRow>(
        `SELECT message_id, policy_id, action, policy_expires_at, expires_at, erasable, kept_until, kept_forever
         FROM retention_assignments WHERE message_id IN (SELECT value FROM json_each(?))`,
      ),
      upsert: db.prepare(
        `INSERT INTO retention_assignments (message_id, policy_id, action, policy_expires_at, expires_at, erasable, kept_until, kept_forever, policy_set_version, assigned_at)
         VALUES (@message_id, @policy_id, @action, @policy_expires_at, @expires_at, @erasable, @kept_until, @kept_forever, @version, @now)
         ON CONFLICT (message_id) DO UPDATE SET policy_id = excluded.policy_id, action = excluded.action,
           policy_expires_at = excluded.policy_expires_at, expires_at = excluded.expires_at, erasable = excluded.erasable,
           policy_set_version = excluded.policy_set_version, assigned_at = excluded.assigned_at`,
      ),
    };
  }

  /** Assigns every message of `rows` (sorted by rowid) and returns what changed for each. */
  assign(rows: readonly MessageRow[], now: number): AssignmentChange[] {
    if (rows.length === 0) return [];
    const { facts, queryMatches } = this.facts.read(rows);
    const existing = new Map(this.statements.existing.all(JSON.stringify(rows.map((r) => r.id))).map((row) => [row.message_id, row]));
    const changes: AssignmentChange[] = [];
    for (const row of rows) {
      const messageFacts = facts.get(row.rowid);
      if (!messageFacts) continue;
      const matching = this.set.policies.filter((p) => (p.scope.query === undefined || queryMatches.get(p.id)?.has(row.rowid) === true) && matchScope(p.scope, messageFacts, this.isInternal));
      const resolution = resolvePolicy(matching, row.received_at);
      // A loaded set always has a default policy; a hand-built one without it leaves the row alone.
      if (resolution === null) continue;
      const before = existing.get(row.id) ?? null;
      const keptUntil = before?.kept_until ?? null;
      const keptForever = before?.kept_forever ?? 0;
      const after: AssignmentRow = {
        message_id: row.id,
        policy_id: resolution.policy.id,
        action: resolution.policy.action,
        policy_expires_at: resolution.policyExpiresAt,
        expires_at: effectiveExpiry(resolution.policyExpiresAt, keptUntil, keptForever),
        erasable: resolution.policy.erasable ? 1 : 0,
        kept_until: keptUntil,
        kept_forever: keptForever,
      };
      this.statements.upsert.run({ ...after, version: this.set.version, now });
      changes.push({ before, after });
    }
    return changes;
  }
}

/** The policy's expiry, pushed later by a reviewer's "keep"; null never expires. */
export function effectiveExpiry(policyExpiresAt: number | null, keptUntil: number | null, keptForever: number): number | null {
  if (keptForever === 1 || policyExpiresAt === null) return null;
  return keptUntil === null ? policyExpiresAt : Math.max(policyExpiresAt, keptUntil);
}
