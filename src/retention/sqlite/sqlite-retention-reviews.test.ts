import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { InvalidReviewCursorError } from '../review/review-queue.js';
import { archiveMessage } from '../test-support/archive-message.js';
import { policySet } from '../test-support/policy-set.js';
import { RecordingDeleter } from '../test-support/recording-deleter.js';
import { retentionFixture } from '../test-support/retention-fixture.js';
import { SqliteRetentionReviews } from './sqlite-retention-reviews.js';

const DAY = 86_400_000;

/** Spam is reviewed 90 days after receipt; three spam messages received a day apart in 2024, one ham. */
async function reviewFixture(t: TestContext) {
  const set = await policySet(`policies:
  - { id: default, description: d, period: { years: 7 }, action: delete }
  - { id: spam-90-days, description: s, scope: { spamVerdict: spam }, period: { days: 90 }, action: review, priority: 10 }
`);
  const fixture = retentionFixture(t, set);
  const spam: string[] = [];
  for (const day of ['01', '02', '03']) {
    const id = await archiveMessage(fixture.db, fixture.writer, { spam: 'spam', subject: `Offer ${day}`, receivedAt: `2024-01-${day}T00:00:00.000Z` });
    await fixture.retention.assign(id);
    spam.push(id);
  }
  const ham = await archiveMessage(fixture.db, fixture.writer);
  await fixture.retention.assign(ham);
  const deleter = new RecordingDeleter();
  const reviews = new SqliteRetentionReviews({ db: fixture.db, writer: fixture.writer, deleter, clock: () => fixture.now.value });
  const decisions = () => fixture.db.prepare('SELECT message_id, policy_id, decision, keep_until, reason, actor, outcome, detail FROM retention_reviews ORDER BY id').all();
  return { ...fixture, spam, ham, deleter, reviews, decisions };
}

describe('SqliteRetentionReviews', () => {
  it('lists expired review messages oldest expiry first, a page at a time', async (t) => {
    const { reviews, spam } = await reviewFixture(t);
    const first = await reviews.list({ limit: 2, after: null });
    assert.deepEqual(first.items.map((i) => i.messageId), spam.slice(0, 2));
    assert.deepEqual(first.items[0], {
      messageId: spam[0], policyId: 'spam-90-days', expiredAt: '2024-03-31T00:00:00.000Z', receivedAt: '2024-01-01T00:00:00.000Z', subject: 'Offer 01', from: 'alice@outside.example',
    });
    const second = await reviews.list({ limit: 2, after: first.nextCursor });
    assert.deepEqual(second.items.map((i) => i.messageId), [spam[2]]);
    assert.equal(second.nextCursor, null);
    await assert.rejects(reviews.list({ limit: 2, after: 'bogus' }), InvalidReviewCursorError);
  });

  it('keeps a message for more days, after which it is listed again, or for ever', async (t) => {
    const { reviews, spam, now, decisions, db } = await reviewFixture(t);
    const kept = await reviews.decide(spam[0] ?? '', { decision: 'keep', keepDays: 30, reason: 'pending complaint', actor: 'olga' });
    assert.deepEqual(kept, { messageId: spam[0], decision: 'keep', keptUntil: new Date(now.value + 30 * DAY).toISOString() });
    assert.deepEqual(await reviews.decide(spam[1] ?? '', { decision: 'keep', forever: true, reason: 'evidence', actor: 'olga' }), { messageId: spam[1], decision: 'keep', keptUntil: null });
    assert.deepEqual((await reviews.list({ limit: 10, after: null })).items.map((i) => i.messageId), [spam[2]]);
    now.value += 30 * DAY + 1;
    assert.deepEqual((await reviews.list({ limit: 10, after: null })).items.map((i) => i.messageId), [spam[2], spam[0]]);
    assert.deepEqual(db.prepare('SELECT kept_forever, expires_at FROM retention_assignments WHERE message_id = ?').get(spam[1]), { kept_forever: 1, expires_at: null });
    assert.deepEqual(decisions(), [
      { message_id: spam[0], policy_id: 'spam-90-days', decision: 'keep', keep_until: now.value - 1, reason: 'pending complaint', actor: 'olga', outcome: 'kept', detail: null },
      { message_id: spam[1], policy_id: 'spam-90-days', decision: 'keep', keep_until: null, reason: 'evidence', actor: 'olga', outcome: 'kept', detail: null },
    ]);
  });

  it('deletes through the MessageDeleter under the policy, and records a refusal when the message is held', async (t) => {
    const { reviews, spam, deleter, decisions } = await reviewFixture(t);
    deleter.held.add(spam[1] ?? '');
    const deleted = await reviews.decide(spam[0] ?? '', { decision: 'delete', reason: 'junk', actor: 'olga' });
    assert.equal(deleted?.decision === 'delete' && deleted.outcome.deleted[0]?.policyId, 'spam-90-days');
    const refused = await reviews.decide(spam[1] ?? '', { decision: 'delete', reason: 'junk', actor: 'olga' });
    assert.deepEqual(refused?.decision === 'delete' && refused.outcome.refused, [{ messageId: spam[1], reason: 'held', detail: 'held by hold h-1' }]);
    assert.deepEqual(deleter.calls, [
      { messageIds: [spam[0]], context: { reason: 'retention', actor: 'olga', policyId: 'spam-90-days' } },
      { messageIds: [spam[1]], context: { reason: 'retention', actor: 'olga', policyId: 'spam-90-days' } },
    ]);
    assert.deepEqual(decisions().map((d) => [(d as { outcome: string }).outcome, (d as { detail: string | null }).detail]), [['deleted', null], ['refused', 'held: held by hold h-1']]);
  });

  it('refuses a decision on a message that is not awaiting review', async (t) => {
    const { reviews, ham, now, retention, db, writer } = await reviewFixture(t);
    assert.equal(await reviews.decide(ham, { decision: 'delete', reason: 'x', actor: 'olga' }), null);
    now.value = Date.parse('2024-02-01T00:00:00.000Z');
    const fresh = await archiveMessage(db, writer, { spam: 'spam', receivedAt: '2024-01-20T00:00:00.000Z' });
    await retention.assign(fresh);
    assert.equal(await reviews.decide(fresh, { decision: 'keep', keepDays: 1, reason: 'x', actor: 'olga' }), null);
    assert.equal(await reviews.decide('0'.repeat(64), { decision: 'keep', forever: true, reason: 'x', actor: 'olga' }), null);
  });
});
