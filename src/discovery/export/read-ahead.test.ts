import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAhead } from './read-ahead.js';

describe('readAhead', () => {
  it('yields every result in item order, never more than the window in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const read = async (n: number) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Later items finish first: order must still follow the items.
      await new Promise((resolve) => setImmediate(resolve));
      if (n % 2 === 0) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n * 10;
    };
    const seen: Array<[number, number]> = [];
    for await (const pair of readAhead([1, 2, 3, 4, 5, 6, 7], read, 3)) seen.push(pair);
    assert.deepEqual(seen, [[1, 10], [2, 20], [3, 30], [4, 40], [5, 50], [6, 60], [7, 70]]);
    assert.equal(most, 3);
  });

  it('surfaces a failed read when the consumer reaches it, after the results before it', async () => {
    const seen: number[] = [];
    const read = async (n: number) => {
      if (n === 3) throw new Error('damaged original 3');
      return n;
    };
    await assert.rejects(async () => {
      for await (const [, value] of readAhead([1, 2, 3, 4], read, 4)) seen.push(value);
    }, /damaged original 3/);
    assert.deepEqual(seen, [1, 2]);
  });
});
