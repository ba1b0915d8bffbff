import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Principal } from '../auth/token-store.js';
import { freshDatabase } from '../../test/support/fresh-database.js';
import type { AuditEntry, AuditListOptions, AuditLog } from './audit-log.js';
import { createAuthAudit, type AuthRefusal } from './auth-audit.js';
import { createSqliteAuditLog } from './sqlite-audit-log.js';

/** The real SQLite audit log on a fresh database; `failNext` makes the next append reject (a full disk). */
function realAudit(t: TestContext): AuditLog & { entries(): Promise<AuditEntry[]>; failNext: boolean } {
  const log = createSqliteAuditLog(freshDatabase(t, 'auth-audit').db);
  const audit = {
    failNext: false,
    async append(entry: AuditEntry) {
      if (audit.failNext) {
        audit.failNext = false;
        throw new Error('disk full');
      }
      await log.append(entry);
    },
    list: (options: AuditListOptions) => log.list(options),
    entries: async () => (await log.list({ limit: 1000 })).map(({ actor, action, source, detail }) => ({ actor, action, source, detail })),
  };
  return audit;
}

const refusal = (source: string, reason: AuthRefusal['reason'] = 'invalid-token'): AuthRefusal => ({ reason, source, method: 'GET', path: '/api/v1/messages' });
const olga: Principal = { tokenId: 'tok-1', name: 'olga-officer', role: 'officer' };

test('refusals are recorded once per source and reason per minute, the rest counted in the next entry', async (t) => {
  const audit = realAudit(t);
  let clock = 0;
  const auth = createAuthAudit({ audit, now: () => clock });
  for (let i = 0; i < 5; i++) await auth.refused(refusal('198.51.100.1'));
  await auth.refused(refusal('198.51.100.1', 'missing-token'));
  await auth.refused(refusal('198.51.100.2'));
  clock = 60_000;
  await auth.refused(refusal('198.51.100.1'));
  assert.deepEqual(
    (await audit.entries()).map((e) => [e.source, e.detail.reason, e.detail.suppressed]),
    [
      ['198.51.100.1', 'invalid-token', 0],
      ['198.51.100.1', 'missing-token', 0],
      ['198.51.100.2', 'invalid-token', 0],
      ['198.51.100.1', 'invalid-token', 4],
    ],
  );
  assert.deepEqual((await audit.entries())[0], {
    actor: 'anonymous',
    action: 'auth.refused',
    source: '198.51.100.1',
    detail: { reason: 'invalid-token', method: 'GET', path: '/api/v1/messages', suppressed: 0 },
  });
});

test('a refused role names the token and its role', async (t) => {
  const audit = realAudit(t);
  await createAuthAudit({ audit }).refused({ ...refusal('::1', 'role-not-allowed'), principal: olga });
  assert.deepEqual((await audit.entries())[0], {
    actor: 'olga-officer',
    action: 'auth.refused',
    source: '::1',
    detail: { reason: 'role-not-allowed', method: 'GET', path: '/api/v1/messages', tokenId: 'tok-1', role: 'officer', suppressed: 0 },
  });
});

test('a flood from more sources than are tracked shares one window per reason', async (t) => {
  const audit = realAudit(t);
  let clock = 0;
  const auth = createAuthAudit({ audit, maxTracked: 2, now: () => clock });
  for (let i = 1; i <= 6; i++) await auth.refused(refusal(`198.51.100.${i}`));
  assert.deepEqual((await audit.entries()).map((e) => [e.source, e.detail.pooled ?? false]), [
    ['198.51.100.1', false],
    ['198.51.100.2', false],
    ['198.51.100.3', true],
  ]);
  clock = 60_000;
  await auth.refused(refusal('198.51.100.9'));
  // The pooled window counted sources 4 to 6; making room carries that count on.
  assert.deepEqual((await audit.entries()).at(-1)?.detail, { reason: 'invalid-token', method: 'GET', path: '/api/v1/messages', suppressed: 0, suppressedElsewhere: 3 });
});

test('counts of windows dropped to make room are carried into the next entry', async (t) => {
  const audit = realAudit(t);
  let clock = 0;
  const auth = createAuthAudit({ audit, maxTracked: 1, now: () => clock });
  await auth.refused(refusal('198.51.100.1'));
  await auth.refused(refusal('198.51.100.1'));
  await auth.refused(refusal('198.51.100.1'));
  clock = 60_000;
  await auth.refused(refusal('198.51.100.2'));
  assert.deepEqual((await audit.entries()).at(-1)?.detail, { reason: 'invalid-token', method: 'GET', path: '/api/v1/messages', suppressed: 0, suppressedElsewhere: 2 });
});

test('a token is recorded on its first use of the day from each source', async (t) => {
  const audit = realAudit(t);
  let clock = Date.parse('2024-05-01T08:00:00Z');
  const auth = createAuthAudit({ audit, now: () => clock });
  await Promise.all([auth.admitted(olga, '203.0.113.9'), auth.admitted(olga, '203.0.113.9')]);
  await auth.admitted(olga, '203.0.113.9');
  await auth.admitted(olga, '198.51.100.4');
  clock = Date.parse('2024-05-02T08:00:00Z');
  await auth.admitted(olga, '203.0.113.9');
  assert.deepEqual((await audit.entries()).map((e) => [e.action, e.actor, e.source, e.detail.day]), [
    ['auth.first-use', 'olga-officer', '203.0.113.9', '2024-05-01'],
    ['auth.first-use', 'olga-officer', '198.51.100.4', '2024-05-01'],
    ['auth.first-use', 'olga-officer', '203.0.113.9', '2024-05-02'],
  ]);
});

test('a first use that cannot be recorded fails, and the next request tries again', async (t) => {
  const audit = realAudit(t);
  const auth = createAuthAudit({ audit });
  audit.failNext = true;
  await assert.rejects(auth.admitted(olga, '203.0.113.9'), /disk full/);
  await auth.admitted(olga, '203.0.113.9');
  assert.equal((await audit.entries()).length, 1);
});
