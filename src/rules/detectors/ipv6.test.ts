import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ipv6 } from './ipv6.js';

test('a full public address with a keyword is high and keeps its first two groups', () => {
  assert.deepEqual(ipv6.find('client ip 2a00:1450:4009:81f::200e'), [
    { detector: 'ipv6', confidence: 'high', index: 10, redacted: '2a00:1450:****', testValue: false },
  ]);
});

test('compressed and IPv4-mapped forms are found; link-local is low', () => {
  assert.equal(ipv6.find('x ::ffff:81.2.69.142 y').length, 1);
  assert.equal(ipv6.find('x fe80::1ff:fe23:4567:890a y')[0]?.confidence, 'low');
});

test('times, MAC addresses, C++ scopes and bad groups are rejected', () => {
  assert.deepEqual(ipv6.find('12:30:45 00:1A:2B:3C:4D:5E std::vector a::b 2001:db8::g1 1:2:3:4:5:6:7:8:9'), []);
});

test('RFC 3849 documentation addresses are test values', () => {
  assert.equal(ipv6.find('2001:db8::1')[0]?.testValue, true);
});
