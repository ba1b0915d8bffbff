import type { TestContext } from 'node:test';
import { pino } from 'pino';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import type { PolicySet } from '../policies/retention-policy.js';
import { SqliteRetention, type SqliteRetentionOptions } from '../sqlite/sqlite-retention.js';

export interface RetentionFixture {
  db: Db;
  writer: GroupCommit;
  retention: SqliteRetention;
  /** The clock the retention reads; tests move it. */
  now: { value: number };
  /** Audit rows of `retention.*` actions, oldest first. */
  audits(): Array<{ action: string; detail: Record<string, unknown> }>;
  /** A second SqliteRetention on the same database, as after a restart. */
  restart(policies: PolicySet, options?: Partial<SqliteRetentionOptions>): SqliteRetention;
}

/** A fresh database with the real audit log and a SqliteRetention over `policies`. */
export function retentionFixture(t: TestContext, policies: PolicySet, options: Partial<SqliteRetentionOptions> = {}): RetentionFixture {
  const { db } = freshDatabase(t, 'retention');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  const now = { value: Date.parse('2026-01-01T00:00:00.000Z') };
  const make = (set: PolicySet, extra: Partial<SqliteRetentionOptions>) => new SqliteRetention({
    db,
    writer,
    audit: createSqliteAuditLog(db),
    policies: set,
    loadPolicies: async () => set,
    logger: pino({ level: 'silent' }),
    clock: () => now.value,
    ...extra,
  });
  const retention = make(policies, options);
  t.after(() => retention.stop());
  return {
    db,
    writer,
    retention,
    now,
    audits: () => db.prepare<[], { action: string; detail: string }>(`SELECT action, detail FROM audit_log WHERE action LIKE 'retention.%' ORDER BY seq`).all()
      .map((row) => ({ action: row.action, detail: JSON.parse(row.detail) as Record<string, unknown> })),
    restart: (set, extra = {}) => {
      const again = make(set, extra);
      t.after(() => again.stop());
      return again;
    },
  };
}
