import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysOfPeriod, monthsOfPeriod, periodBuckets, seriesOver, startOfMonth, weekOf, weeksOfPeriod } from './buckets.js';

const d = (iso: string) => new Date(iso);

describe('report time buckets', () => {
  it('labels an ISO week by its Monday, a Sunday belonging to the week before', () => {
    assert.equal(weekOf(d('2026-02-02T00:00:00.000Z')), '2026-02-02');
    assert.equal(weekOf(d('2026-02-08T23:59:59.999Z')), '2026-02-02');
    assert.equal(weekOf(d('2026-02-01T12:00:00.000Z')), '2026-01-26');
    assert.equal(weekOf(d('2021-01-01T00:00:00.000Z')), '2020-12-28', 'a week across the new year');
    assert.equal(weekOf(d('1969-12-31T00:00:00.000Z')), '1969-12-29', 'before the epoch');
  });

  it('lists the days, weeks and months overlapping a half-open period', () => {
    assert.deepEqual(daysOfPeriod(d('2026-02-27T00:00:00.000Z'), d('2026-03-01T00:00:00.000Z')), ['2026-02-27', '2026-02-28']);
    assert.deepEqual(daysOfPeriod(d('2026-02-27T12:00:00.000Z'), d('2026-03-01T00:00:00.001Z')), ['2026-02-27', '2026-02-28', '2026-03-01']);
    assert.deepEqual(weeksOfPeriod(d('2026-02-02T00:00:00.000Z'), d('2026-02-16T00:00:00.000Z')), ['2026-02-02', '2026-02-09']);
    assert.deepEqual(weeksOfPeriod(d('2026-02-01T00:00:00.000Z'), d('2026-02-03T00:00:00.000Z')), ['2026-01-26', '2026-02-02']);
    assert.deepEqual(monthsOfPeriod(d('2025-11-15T00:00:00.000Z'), d('2026-02-01T00:00:00.000Z')), ['2025-11', '2025-12', '2026-01']);
    assert.deepEqual(weeksOfPeriod(d('2026-02-04T00:00:00.000Z'), d('2026-02-03T00:00:00.000Z')), [], 'an empty period has no buckets');
    assert.deepEqual(daysOfPeriod(d('2026-02-04T00:00:00.000Z'), d('2026-02-04T00:00:00.000Z')), []);
  });

  it('clips each bucket to the period, so bucket counts add up to the period count', () => {
    const ms = (iso: string) => Date.parse(iso);
    assert.deepEqual(periodBuckets('week', d('2026-02-04T12:00:00.000Z'), d('2026-02-10T00:00:00.000Z')), [
      { label: '2026-02-02', from: ms('2026-02-04T12:00:00.000Z'), to: ms('2026-02-09T00:00:00.000Z') },
      { label: '2026-02-09', from: ms('2026-02-09T00:00:00.000Z'), to: ms('2026-02-10T00:00:00.000Z') },
    ]);
    assert.deepEqual(periodBuckets('month', d('2025-12-31T00:00:00.000Z'), d('2026-01-02T00:00:00.000Z')).map((b) => b.label), ['2025-12', '2026-01']);
    assert.deepEqual(periodBuckets('day', d('2026-02-10T00:00:00.000Z'), d('2026-02-11T00:00:00.000Z')), [
      { label: '2026-02-10', from: ms('2026-02-10T00:00:00.000Z'), to: ms('2026-02-11T00:00:00.000Z') },
    ]);
  });

  it('moves to the start of a month, across years', () => {
    assert.equal(startOfMonth(d('2026-03-31T23:00:00.000Z')).toISOString(), '2026-03-01T00:00:00.000Z');
    assert.equal(startOfMonth(d('2026-03-31T23:00:00.000Z'), 12).toISOString(), '2027-03-01T00:00:00.000Z');
    assert.equal(startOfMonth(d('2026-01-15T00:00:00.000Z'), -1).toISOString(), '2025-12-01T00:00:00.000Z');
  });

  it('builds a series over the labels, adding points of one label and dropping unknown ones', () => {
    assert.deepEqual(
      seriesOver(['2026-02-02', '2026-02-09'], [{ label: '2026-02-09', value: 2 }, { label: '2026-02-09', value: 3 }, { label: '2026-03-02', value: 7 }]),
      [{ label: '2026-02-02', value: 0 }, { label: '2026-02-09', value: 5 }],
    );
  });
});
