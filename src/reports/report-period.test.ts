import assert from 'node:assert/strict';
import { test } from 'node:test';
import { previousPeriod, type SchedulePeriod } from './report-period.js';

const period = (kind: SchedulePeriod, now: string) => {
  const p = previousPeriod(kind, new Date(now));
  return [p.from.toISOString(), p.to.toISOString()];
};

test('the previous day is yesterday from midnight to midnight UTC, whatever the time of day', () => {
  assert.deepEqual(period('previous-day', '2024-03-01T00:00:00.000Z'), ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  assert.deepEqual(period('previous-day', '2024-03-01T23:59:59.999Z'), ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
});

test('the previous week is the ISO week before this one, Monday to Monday, even when run on a Sunday', () => {
  // 2024-01-03 is a Wednesday; 2024-01-07 a Sunday; 2024-01-08 a Monday.
  assert.deepEqual(period('previous-week', '2024-01-03T10:00:00Z'), ['2023-12-25T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  assert.deepEqual(period('previous-week', '2024-01-07T23:00:00Z'), ['2023-12-25T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  assert.deepEqual(period('previous-week', '2024-01-08T00:00:00Z'), ['2024-01-01T00:00:00.000Z', '2024-01-08T00:00:00.000Z']);
});

test('the previous month crosses the year boundary in January and has its own length', () => {
  assert.deepEqual(period('previous-month', '2024-01-15T12:00:00Z'), ['2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  assert.deepEqual(period('previous-month', '2024-03-01T00:00:00Z'), ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
});

test('the previous quarter is the calendar quarter before the current one', () => {
  assert.deepEqual(period('previous-quarter', '2024-02-10T00:00:00Z'), ['2023-10-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  assert.deepEqual(period('previous-quarter', '2024-06-30T23:59:59Z'), ['2024-01-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z']);
  assert.deepEqual(period('previous-quarter', '2024-10-01T00:00:00Z'), ['2024-07-01T00:00:00.000Z', '2024-10-01T00:00:00.000Z']);
});
