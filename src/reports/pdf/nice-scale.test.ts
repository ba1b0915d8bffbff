import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber, niceScale } from './nice-scale.js';

describe('niceScale', () => {
  it('covers the values from zero with round steps', () => {
    assert.deepEqual(niceScale([3, 87, 41]).ticks, [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(niceScale([1234]).ticks, [0, 250, 500, 750, 1000, 1250]);
  });

  it('gives whole-number ticks for small counts', () => {
    const scale = niceScale([1, 2, 3]);
    assert.ok(scale.ticks.every((t) => Number.isInteger(t)));
    assert.ok(scale.max >= 3);
  });

  it('uses decimal steps for fractional values without floating-point noise', () => {
    assert.deepEqual(niceScale([0.1, 0.3]).ticks, [0, 0.1, 0.2, 0.3]);
  });

  it('spans negative values and an all-zero series', () => {
    const scale = niceScale([-40, 10]);
    assert.ok(scale.min <= -40 && scale.max >= 10 && scale.ticks.includes(0));
    assert.deepEqual(niceScale([0, 0]).ticks, [0, 1]);
  });

  it('formats numbers with thousands separators and at most two decimals', () => {
    assert.equal(formatNumber(1234567), '1,234,567');
    assert.equal(formatNumber(2.456), '2.46');
  });
});
