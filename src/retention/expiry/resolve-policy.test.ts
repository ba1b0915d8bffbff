import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RetentionPeriod, RetentionPolicy } from '../policies/retention-policy.js';
import { resolvePolicy } from './resolve-policy.js';

const policy = (id: string, period: RetentionPeriod, priority = 0): RetentionPolicy => ({
  id, description: id, scope: {}, period, action: 'delete', priority, erasable: true, source: `test.yaml:1`,
});
const received = Date.parse('2024-01-31T00:00:00.000Z');
const winner = (...policies: RetentionPolicy[]) => resolvePolicy(policies, received)?.policy.id;

describe('resolvePolicy', () => {
  it('lets a higher priority class win even with a shorter period', () => {
    assert.equal(winner(policy('long', { unit: 'years', count: 10 }), policy('short', { unit: 'days', count: 30 }, 5)), 'short');
  });

  it('takes the longest period within the highest class, forever longest of all', () => {
    assert.equal(winner(policy('a', { unit: 'years', count: 7 }), policy('b', { unit: 'years', count: 10 }), policy('low', { unit: 'forever' }, -1)), 'b');
    assert.equal(winner(policy('a', { unit: 'years', count: 100 }), policy('z', { unit: 'forever' })), 'z');
  });

  it("measures periods on the message's own dates: 30 days outlasts one month from 31 January", () => {
    assert.equal(winner(policy('month', { unit: 'months', count: 1 }), policy('thirty', { unit: 'days', count: 30 })), 'thirty');
    assert.equal(resolvePolicy([policy('month', { unit: 'months', count: 1 })], received)?.policyExpiresAt, Date.parse('2024-02-29T00:00:00.000Z'));
  });

  it('breaks a tie by the id that sorts first, and finds nothing among no policies', () => {
    assert.equal(winner(policy('b', { unit: 'days', count: 365 }), policy('a', { unit: 'days', count: 365 })), 'a');
    assert.equal(winner(policy('x', { unit: 'forever' }), policy('c', { unit: 'forever' })), 'c');
    assert.equal(resolvePolicy([], received), null);
  });
});
