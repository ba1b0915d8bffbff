import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyChange } from '../retention-service.js';
import { archiveMessage, type TestMessage } from '../test-support/archive-message.js';
import { policySet } from '../test-support/policy-set.js';
import { retentionFixture } from '../test-support/retention-fixture.js';

const DEFAULT = '  - { id: default, description: d, period: { years: 7 }, action: delete }\n';
const withPolicy = (scope: string, extra = '') => `policies:\n${DEFAULT}  - { id: scoped, description: s, scope: ${scope}, period: { days: 30 }, action: review, priority: 1${extra} }\n`;

const SCOPES: Array<{ kind: string; scope: string; matching: TestMessage; other: TestMessage }> = [
  { kind: 'senders by domain', scope: "{ senders: '@finance.corp.example' }", matching: { from: 'ann@eu.finance.corp.example' }, other: { from: 'ann@corp.example', to: ['x@finance.corp.example'] } },
  { kind: 'recipients by address', scope: '{ recipients: legal@corp.example }', matching: { to: ['bob@corp.example', 'legal@corp.example'] }, other: { from: 'legal@corp.example' } },
  { kind: 'domains of any participant', scope: '{ domains: bank.example }', matching: { to: ['x@bank.example'] }, other: { to: ['x@notbank.example'] } },
  { kind: 'outbound direction', scope: '{ direction: outbound }', matching: { from: 'a@corp.example', to: ['b@corp.example', 'x@outside.example'] }, other: { from: 'a@corp.example', to: ['b@sub.corp.example'] } },
  { kind: 'internal direction', scope: '{ direction: internal }', matching: { from: 'a@corp.example', to: ['b@sub.corp.example'] }, other: { from: 'x@outside.example', to: ['b@corp.example'] } },
  { kind: 'inbound direction', scope: '{ direction: inbound }', matching: { from: 'x@outside.example', to: ['b@corp.example'] }, other: { from: 'a@corp.example', to: ['x@outside.example'] } },
  { kind: 'journal source', scope: '{ journalSource: [exchange-envelope, exchange-2003] }', matching: { source: 'exchange-2003' }, other: { source: 'bcc-copy' } },
  { kind: 'spam verdict', scope: '{ spamVerdict: spam }', matching: { spam: 'spam' }, other: { spam: 'error' } },
  { kind: 'DLP severity at least', scope: '{ dlpSeverityAtLeast: high }', matching: { dlpSeverity: 'critical' }, other: { dlpSeverity: 'medium' } },
  { kind: 'tags in any case', scope: '{ tags: [pci] }', matching: { tags: ['PCI'] }, other: { tags: ['pii'] } },
  { kind: 'rule ids', scope: '{ ruleIds: [r-one] }', matching: { ruleIds: ['r-two', 'r-one'] }, other: { ruleIds: ['r-two'] } },
  { kind: 'detected attachment types', scope: "{ attachmentTypes: 'image/*' }", matching: { attachmentTypes: ['application/pdf', 'image/png'] }, other: { attachmentTypes: ['application/pdf'] } },
  { kind: 'a query', scope: "{ query: 'subject:invoice OR tag:vip' }", matching: { subject: 'Your invoice 42' }, other: { subject: 'Lunch' } },
  { kind: 'a query on addresses and rules', scope: "{ query: 'participants:@bank.example -rule:r-two' }", matching: { to: ['x@bank.example'] }, other: { to: ['x@bank.example'], ruleIds: ['r-two'] } },
  { kind: 'a negated full-text query', scope: "{ query: '-body:quarterly' }", matching: { body: 'annual' }, other: { body: 'quarterly' } },
  { kind: 'a query with a criterion beside it', scope: "{ query: 'body:quarterly', spamVerdict: ham }", matching: { body: 'the quarterly numbers' }, other: { body: 'the quarterly numbers', spam: 'spam' } },
];

describe('SqliteRetention assignments', () => {
  it('matches each kind of scope on the stored record, and only the messages it should', async (t) => {
    const fixture = retentionFixture(t, await policySet(withPolicy('{ tags: [never] }')));
    for (const { kind, scope, matching, other } of SCOPES) {
      const retention = fixture.restart(await policySet(withPolicy(scope)));
      const hit = await archiveMessage(fixture.db, fixture.writer, matching);
      const miss = await archiveMessage(fixture.db, fixture.writer, other);
      assert.equal((await retention.assign(hit))?.policyId, 'scoped', `${kind}: the matching message`);
      assert.equal((await retention.assign(miss))?.policyId, 'default', `${kind}: the other message`);
    }
  });

  it('stores the expiry from the first receipt and the action, and assigning again changes nothing', async (t) => {
    const fixture = retentionFixture(t, await policySet(`policies:\n${DEFAULT}`));
    const id = await archiveMessage(fixture.db, fixture.writer, { receivedAt: '2024-02-29T12:00:00.000Z' });
    const first = await fixture.retention.assign(id);
    assert.deepEqual(first, { policyId: 'default', expiresAt: '2031-02-28T12:00:00.000Z', action: 'delete' });
    assert.deepEqual(await fixture.retention.assign(id), first);
    const rows = fixture.db.prepare('SELECT message_id, policy_id, expires_at, policy_expires_at, action, erasable, policy_set_version FROM retention_assignments').all();
    assert.deepEqual(rows, [{
      message_id: id, policy_id: 'default', expires_at: Date.parse('2031-02-28T12:00:00.000Z'), policy_expires_at: Date.parse('2031-02-28T12:00:00.000Z'),
      action: 'delete', erasable: 1, policy_set_version: fixture.retention.policies().version,
    }]);
    assert.equal(await fixture.retention.assign('0'.repeat(64)), null);
  });

  it('stores no expiry for a forever policy, and drops the assignment when the message is deleted', async (t) => {
    const fixture = retentionFixture(t, await policySet(withPolicy('{ spamVerdict: ham }').replace('period: { days: 30 }', 'period: forever')));
    const id = await archiveMessage(fixture.db, fixture.writer);
    assert.deepEqual(await fixture.retention.assign(id), { policyId: 'scoped', expiresAt: null, action: 'review' });
    const rowid = (fixture.db.prepare('SELECT rowid FROM messages WHERE id = ?').get(id) as { rowid: number }).rowid;
    for (const table of ['message_addresses', 'journal_events', 'message_classification', 'message_tags', 'message_rule_hits']) {
      fixture.db.prepare(`DELETE FROM ${table} WHERE message_rowid = ?`).run(rowid);
    }
    fixture.db.prepare('DELETE FROM message_fts WHERE rowid = ?').run(rowid);
    fixture.db.prepare('DELETE FROM messages WHERE rowid = ?').run(rowid);
    assert.deepEqual(fixture.db.prepare('SELECT * FROM retention_assignments').all(), []);
  });
});

describe('SqliteRetention policy changes', () => {
  const setA = () => policySet(`policies:\n${DEFAULT}`);
  const setB = () => policySet(`policies:\n${DEFAULT}  - { id: spam-90-days, description: s, scope: { spamVerdict: spam }, period: { days: 90 }, action: review, priority: 10 }\n`);

  it('assigns the archive at the first start, then recomputes after a change and audits the before and after counts', async (t) => {
    const b = await setB();
    const fixture = retentionFixture(t, await setA(), { batchSize: 2 });
    const a = fixture.retention.policies();
    for (const spam of ['spam', 'ham', 'spam', 'ham', 'spam'] as const) await archiveMessage(fixture.db, fixture.writer, { spam });
    const retention = fixture.restart(a, { batchSize: 2, loadPolicies: async () => b });
    await retention.resume();
    await retention.idle();
    assert.equal(fixture.db.prepare('SELECT count(*) AS n FROM retention_assignments').pluck().get(), 5);

    const outcome = await retention.reloadPolicies();
    assert.deepEqual(outcome, { ok: true, changed: true, version: b.version });
    // Ingestion assigns with the new set at once, before the recompute is done.
    const fresh = await archiveMessage(fixture.db, fixture.writer, { spam: 'spam' });
    assert.equal((await retention.assign(fresh))?.policyId, 'spam-90-days');
    await retention.idle();

    assert.deepEqual(fixture.audits(), [
      { action: 'retention.policy-change.started', detail: { fromVersion: null, toVersion: a.version, policies: ['default'], supersedes: null } },
      { action: 'retention.policy-change', detail: { changeId: 1, fromVersion: null, toVersion: a.version, examined: 5, changed: 5, expiryChanged: 5, before: { '': 5 }, after: { default: 5 } } },
      { action: 'retention.policy-change.started', detail: { fromVersion: a.version, toVersion: b.version, policies: ['default', 'spam-90-days'], supersedes: null } },
      { action: 'retention.policy-change', detail: { changeId: 2, fromVersion: a.version, toVersion: b.version, examined: 6, changed: 3, expiryChanged: 3, before: { default: 5, 'spam-90-days': 1 }, after: { default: 2, 'spam-90-days': 4 } } },
    ]);
    const latest = await retention.latestChange();
    assert.equal(latest?.state, 'done');
    assert.deepEqual(await retention.reloadPolicies(), { ok: true, changed: false, version: b.version });
  });

  it('resumes an interrupted recompute from its cursor at the next start, without starting it again', async (t) => {
    const fixture = retentionFixture(t, await setA());
    await fixture.retention.resume();
    await fixture.retention.idle();
    for (const spam of ['spam', 'ham', 'spam', 'ham', 'spam'] as const) {
      await fixture.retention.assign(await archiveMessage(fixture.db, fixture.writer, { spam }));
    }
    const b = await setB();
    const progress: PolicyChange[] = [];
    const first = fixture.restart(b, {
      batchSize: 2,
      onProgress: (change) => {
        progress.push(change);
        void first.stop();
      },
    });
    await first.resume();
    await first.idle();
    assert.deepEqual(progress.map((c) => [c.state, c.examined]), [['running', 2]]);
    assert.equal((await first.latestChange())?.state, 'running');

    const second = fixture.restart(b, { batchSize: 2 });
    await second.resume();
    await second.idle();
    const actions = fixture.audits().map((a) => a.action);
    assert.deepEqual(actions, ['retention.policy-change.started', 'retention.policy-change', 'retention.policy-change.started', 'retention.policy-change']);
    const done = fixture.audits()[3]?.detail;
    assert.deepEqual({ examined: done?.examined, changed: done?.changed, before: done?.before, after: done?.after }, {
      examined: 5, changed: 3, before: { default: 5 }, after: { default: 2, 'spam-90-days': 3 },
    });
    assert.equal((await second.latestChange())?.state, 'done');
  });

  it('keeps the set in force when a reload finds invalid policy files', async (t) => {
    const a = await setA();
    const fixture = retentionFixture(t, a, {
      loadPolicies: () => policySet('policies:\n  - { id: x, description: d, scope: { tags: t }, period: { days: 1 }, action: delete }\n'),
    });
    const outcome = await fixture.retention.reloadPolicies();
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && /no default policy/.test(outcome.problems[0]?.message ?? ''));
    assert.equal(fixture.retention.policies().version, a.version);
  });
});

describe('SqliteRetention sweeps and erasure protection', () => {
  it('pages expired delete messages in expiry order and leaves out review, forever and unexpired ones', async (t) => {
    const set = await policySet(`policies:
  - { id: default, description: d, period: { days: 10 }, action: delete }
  - { id: review, description: r, scope: { spamVerdict: spam }, period: { days: 1 }, action: review, priority: 1 }
  - { id: keep, description: k, scope: { tags: keep }, period: forever, action: delete, priority: 1 }
`);
    const fixture = retentionFixture(t, set);
    const ids: string[] = [];
    for (const day of ['03', '01', '02', '04']) {
      const id = await archiveMessage(fixture.db, fixture.writer, { receivedAt: `2025-12-${day}T00:00:00.000Z` });
      await fixture.retention.assign(id);
      ids.push(id);
    }
    for (const extra of [{ spam: 'spam' as const }, { tags: ['keep'] }]) await fixture.retention.assign(await archiveMessage(fixture.db, fixture.writer, extra));
    const now = '2025-12-13T00:00:00.000Z';
    const first = await fixture.retention.expiredBatch({ now, limit: 2, action: 'delete' });
    assert.deepEqual(first, [
      { messageId: ids[1], policyId: 'default', expiresAt: '2025-12-11T00:00:00.000Z' },
      { messageId: ids[2], policyId: 'default', expiresAt: '2025-12-12T00:00:00.000Z' },
    ]);
    const second = await fixture.retention.expiredBatch({ now, limit: 2, action: 'delete', after: first[1] });
    assert.deepEqual(second.map((m) => m.messageId), [ids[0]]);
    assert.deepEqual(await fixture.retention.expiredBatch({ now, limit: 2, action: 'delete', after: second[0] }), []);
    assert.equal((await fixture.retention.expiredBatch({ now, limit: 10, action: 'review' })).length, 1);
    const plan = fixture.db.prepare(`EXPLAIN QUERY PLAN SELECT message_id FROM retention_assignments INDEXED BY retention_assignments_expiry
      WHERE action = 'delete' AND expires_at IS NOT NULL AND expires_at <= 1 AND (expires_at, message_id) > (0, '') ORDER BY expires_at, message_id LIMIT 5`).all() as Array<{ detail: string }>;
    assert.ok(plan.every((step) => !/TEMP B-TREE/.test(step.detail)), JSON.stringify(plan));
  });

  it('protects messages of a non-erasable policy from erasure until the policy expires them', async (t) => {
    const set = await policySet(`policies:\n${DEFAULT}  - { id: sec-17a-4, description: r, scope: { domains: bank.example }, period: { years: 6 }, action: delete, erasable: false, priority: 1 }\n  - { id: legal, description: l, scope: { tags: legal }, period: forever, action: review, erasable: false, priority: 2 }\n`);
    const fixture = retentionFixture(t, set);
    const regulated = await archiveMessage(fixture.db, fixture.writer, { to: ['x@bank.example'] });
    const legal = await archiveMessage(fixture.db, fixture.writer, { tags: ['legal'] });
    const ordinary = await archiveMessage(fixture.db, fixture.writer);
    for (const id of [regulated, legal, ordinary]) await fixture.retention.assign(id);
    assert.deepEqual(await fixture.retention.protectedAmong([regulated, legal, ordinary, 'f'.repeat(64)]), new Map([
      [regulated, 'protected by policy sec-17a-4 until 2030-01-31T12:00:00.000Z'],
      [legal, 'protected by policy legal for ever'],
    ]));
    fixture.now.value = Date.parse('2030-01-31T12:00:00.001Z');
    assert.deepEqual([...(await fixture.retention.protectedAmong([regulated, legal])).keys()], [legal]);
  });
});
