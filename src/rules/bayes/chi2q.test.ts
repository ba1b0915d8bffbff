import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chi2Q } from './chi2q.js';

test('with two degrees of freedom the tail is exp(-x/2)', () => {
  for (const x of [0.5, 3, 20]) assert.ok(Math.abs(chi2Q(x, 2) - Math.exp(-x / 2)) < 1e-12);
});

test('the tail beyond zero is 1 and far beyond the mean is near 0', () => {
  assert.equal(chi2Q(0, 10), 1);
  assert.ok(chi2Q(200, 10) < 1e-30);
});

test('the tail at the mean of 4 degrees matches the closed form', () => {
  // Q(4; 4) = e^-2 (1 + 2)
  assert.ok(Math.abs(chi2Q(4, 4) - 3 * Math.exp(-2)) < 1e-12);
});

test('an odd number of degrees is refused', () => {
  assert.throws(() => chi2Q(1, 3), RangeError);
});
