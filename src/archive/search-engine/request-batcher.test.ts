import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestBatcher } from './request-batcher.js';

class TooLargeError extends Error {}

/** Items are their own weight in bytes; the fake engine answers each item with itself. */
function batcher(options: { maxBytes?: number; maxBatch?: number; maxInFlight?: number; refuseAbove?: number; fail?: Error }) {
  const requests: number[][] = [];
  let underWay = 0;
  let mostUnderWay = 0;
  const batches = new RequestBatcher<number, number>(
    async (items) => {
      requests.push(items);
      underWay++;
      mostUnderWay = Math.max(mostUnderWay, underWay);
      await new Promise((resolve) => setImmediate(resolve));
      underWay--;
      if (options.fail) throw options.fail;
      if (options.refuseAbove !== undefined && sum(items) > options.refuseAbove) throw new TooLargeError(`${sum(items)} bytes`);
      return items;
    },
    {
      maxBatch: options.maxBatch ?? 500,
      maxInFlight: options.maxInFlight ?? 1,
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
      weigh: (item) => item,
      isTooLarge: (error) => error instanceof TooLargeError,
    },
  );
  return { batches, requests, mostUnderWay: () => mostUnderWay };
}

function sum(items: readonly number[]): number {
  return items.reduce((a, b) => a + b, 0);
}

describe('RequestBatcher', () => {
  it('puts no more bytes in one request than maxBytes, and an item heavier than that in a request of its own', async () => {
    const { batches, requests } = batcher({ maxBytes: 64 });
    const items = [30, 30, 30, 100, 10, 10];
    assert.deepEqual(await Promise.all(items.map((item) => batches.submit(item))), items);
    assert.deepEqual(requests, [[30, 30], [30], [100], [10, 10]]);
  });

  it('still sends at most maxBatch items in one request', async () => {
    const { batches, requests } = batcher({ maxBytes: 1_000, maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((item) => batches.submit(item)));
    assert.deepEqual(requests, [[1, 2], [3, 4], [5]]);
  });

  it('splits a request refused for its size in halves by weight, again and again, until every item has gone through', async () => {
    const { batches, requests, mostUnderWay } = batcher({ refuseAbove: 50 });
    const items = [20, 20, 20, 20, 20];
    assert.deepEqual(await Promise.all(items.map((item) => batches.submit(item))), items);
    assert.deepEqual(requests, [[20, 20, 20, 20, 20], [20, 20, 20], [20, 20], [20], [20, 20]]);
    assert.equal(mostUnderWay(), 1, 'the halves go one after the other in the slot of the request they came from');
  });

  it('splits by weight, not by count: a heavy item leaves most of its light neighbours at the first split', async () => {
    const { batches, requests } = batcher({ refuseAbove: 100 });
    const items = [5, 90, 5, 5, 5];
    assert.deepEqual(await Promise.all(items.map((item) => batches.submit(item))), items);
    assert.deepEqual(requests, [[5, 90, 5, 5, 5], [5, 90], [5, 5, 5]]);
  });

  it('fails only an item refused alone for its size; its neighbours succeed', async () => {
    const { batches } = batcher({ refuseAbove: 50 });
    const results = await Promise.allSettled([10, 200, 10, 10].map((item) => batches.submit(item)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    assert.ok(results[1]?.status === 'rejected' && results[1].reason instanceof TooLargeError);
  });

  it('fails every item of a request with any other error, without splitting it', async () => {
    const failure = new Error('engine down');
    const { batches, requests } = batcher({ fail: failure });
    const results = await Promise.allSettled([1, 2, 3].map((item) => batches.submit(item)));
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason === failure));
    assert.equal(requests.length, 1);
  });
});
