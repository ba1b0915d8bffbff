import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ipv4 } from './ipv4.js';

test('a public address with a network keyword is high and loses its last octet', () => {
  assert.deepEqual(ipv4.find('login from IP 81.2.69.142'), [
    { detector: 'ipv4', confidence: 'high', index: 14, redacted: '81.2.69.***', testValue: false },
  ]);
});

test('alone, a public address is medium and a private one low', () => {
  assert.equal(ipv4.find('see 81.2.69.142 now')[0]?.confidence, 'medium');
  assert.equal(ipv4.find('see 10.0.0.1 now')[0]?.confidence, 'low');
});

test('out-of-range octets, leading zeros, longer dotted runs and version strings are rejected', () => {
  assert.deepEqual(ipv4.find('256.1.1.1 01.2.3.4 1.2.3.4.5 v1.2.3.4 version 10.0.19041.1'), []);
});

test('RFC 5737 documentation addresses are test values', () => {
  assert.equal(ipv4.find('host 203.0.113.7')[0]?.testValue, true);
});

test('section numbers and the IPv4 tail of an IPv6 address are not IPv4 addresses; "server" is not "ver"', () => {
  assert.deepEqual(ipv4.find('see section 4.5.3.1 and ::ffff:192.0.2.128'), []);
  assert.equal(ipv4.find('server 81.2.69.142').length, 1);
});
