import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abaChecksum, usAbaRouting } from './us-aba-routing.js';

test('the 3-7-1 checksum accepts published routing numbers and rejects a changed digit', () => {
  assert.equal(abaChecksum('021000021'), true);
  assert.equal(abaChecksum('121000248'), true);
  assert.equal(abaChecksum('021000022'), false);
});

test('a routing number with a routing keyword is high, alone low', () => {
  assert.deepEqual(usAbaRouting.find('Routing number: 021000021'), [
    { detector: 'us-aba-routing', confidence: 'high', index: 16, redacted: '*****0021', testValue: false },
  ]);
  assert.equal(usAbaRouting.find('ref 021000021')[0]?.confidence, 'low');
});

test('an invalid Federal Reserve prefix or a longer digit run is rejected', () => {
  assert.deepEqual(usAbaRouting.find('routing 000000000'), []);
  assert.deepEqual(usAbaRouting.find('routing 401000021'), []); // prefix 40 is not allocated
  assert.deepEqual(usAbaRouting.find('routing 0210000210'), []);
});

test("Stripe's test routing number is flagged", () => {
  assert.equal(usAbaRouting.find('routing 110000000')[0]?.testValue, true);
});
