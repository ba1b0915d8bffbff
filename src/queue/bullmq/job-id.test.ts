import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBullmqJobId, toBullmqJobId } from './job-id.js';

describe('BullMQ job ids', () => {
  const ids = [
    'abc123',
    'export:0f3a',
    'notify:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08:pci-card-number-high',
    'report:7:weekly',
    '42',
    '-3',
    '007',
    '100%',
    '%3A',
    'ünï:cödé',
  ];

  it('round-trips every id exactly', () => {
    for (const id of ids) assert.equal(fromBullmqJobId(toBullmqJobId(id)), id, id);
  });

  it('never hands BullMQ a colon or an integer-looking id', () => {
    for (const id of ids) {
      const encoded = toBullmqJobId(id);
      assert.ok(!encoded.includes(':'), encoded);
      assert.notEqual(`${parseInt(encoded, 10)}`, encoded);
    }
  });

  it('keeps ordinary ids readable as they are', () => {
    assert.equal(toBullmqJobId('9f86d081884c7d65'), '9f86d081884c7d65');
    assert.equal(toBullmqJobId('export:e1'), 'export%3Ae1');
  });

  it('maps distinct ids to distinct BullMQ ids', () => {
    assert.equal(new Set(ids.map(toBullmqJobId)).size, ids.length);
  });

  it('refuses an empty id', () => {
    assert.throws(() => toBullmqJobId(''), TypeError);
  });
});
