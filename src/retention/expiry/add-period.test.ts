import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addPeriod } from './add-period.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('addPeriod', () => {
  it('clamps 31 January plus one month to the last day of February, leap years included', () => {
    assert.equal(iso(addPeriod(at('2023-01-31T10:15:00.000Z'), { unit: 'months', count: 1 })), '2023-02-28T10:15:00.000Z');
    assert.equal(iso(addPeriod(at('2024-01-31T10:15:00.000Z'), { unit: 'months', count: 1 })), '2024-02-29T10:15:00.000Z');
  });

  it('keeps the day of the month when the target month has it, across year ends', () => {
    assert.equal(iso(addPeriod(at('2024-01-31T00:00:00.000Z'), { unit: 'months', count: 2 })), '2024-03-31T00:00:00.000Z');
    assert.equal(iso(addPeriod(at('2024-11-30T23:59:59.999Z'), { unit: 'months', count: 3 })), '2025-02-28T23:59:59.999Z');
  });

  it('takes 29 February plus one year to 28 February, and plus four years to 29 February', () => {
    assert.equal(iso(addPeriod(at('2024-02-29T08:00:00.000Z'), { unit: 'years', count: 1 })), '2025-02-28T08:00:00.000Z');
    assert.equal(iso(addPeriod(at('2024-02-29T08:00:00.000Z'), { unit: 'years', count: 4 })), '2028-02-29T08:00:00.000Z');
  });

  it('counts days as whole 24-hour days and never ends a forever period', () => {
    assert.equal(iso(addPeriod(at('2024-03-30T12:00:00.000Z'), { unit: 'days', count: 90 })), '2024-06-28T12:00:00.000Z');
    assert.equal(addPeriod(at('2024-03-30T12:00:00.000Z'), { unit: 'forever' }), null);
  });
});
