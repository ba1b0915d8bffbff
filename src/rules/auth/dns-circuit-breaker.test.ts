import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DnsCircuitBreaker } from './dns-circuit-breaker.js';

test('the breaker opens after the threshold of consecutive failures and closes after the cool-down', () => {
  let now = 1000;
  const breaker = new DnsCircuitBreaker(3, 5000, () => now);
  breaker.recordFailure();
  breaker.recordFailure();
  assert.equal(breaker.isOpen(), false);
  breaker.recordFailure();
  assert.equal(breaker.isOpen(), true);
  now += 5000;
  assert.equal(breaker.isOpen(), false);
});

test('an answer in between resets the count of consecutive failures', () => {
  const breaker = new DnsCircuitBreaker(2, 5000);
  breaker.recordFailure();
  breaker.recordSuccess();
  breaker.recordFailure();
  assert.equal(breaker.isOpen(), false);
});
