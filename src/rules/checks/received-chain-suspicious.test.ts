import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receivedChainSuspicious } from './received-chain-suspicious.js';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';

const hop = (from: string, date: string) => `Received: from ${from} by mx.example.org with ESMTP; ${date}`;

test('a relay hop stamped hours after the hop above it is reported with its position', () => {
  const view = viewFixture({ headers: headersOf(
    hop('relay.example.net ([198.51.100.7])', 'Thu, 22 Aug 2002 12:00:00 +0000'),
    hop('fake.example.com ([203.0.113.9])', 'Sat, 24 Aug 2002 09:42:10 +0900'),
    hop('origin ([10.0.0.5])', 'Thu, 22 Aug 2002 11:00:00 +0000'),
  ) });
  assert.match(receivedChainSuspicious.test(view) ?? '', /hop 2 of 3 is stamped 37 h after/);
});

test('a bottom hop a few hours off (a sender clock in the wrong zone) is tolerated', () => {
  const view = viewFixture({ headers: headersOf(
    hop('relay.example.net ([198.51.100.7])', 'Thu, 22 Aug 2002 12:00:00 +0000'),
    hop('laptop ([10.0.0.5])', 'Thu, 22 Aug 2002 20:00:00 +0000'),
  ) });
  assert.equal(receivedChainSuspicious.test(view), null);
});

test('a HELO with a public IP literal other than the connecting address is forged', () => {
  const view = viewFixture({ headers: headersOf(hop('217.196.165.197 ([212.96.104.198])', 'Thu, 22 Aug 2002 12:00:00 +0000')) });
  assert.match(receivedChainSuspicious.test(view) ?? '', /greets as 217\.196\.165\.197 but connects from 212\.96\.104\.198/);
});

test('a client behind NAT greeting with its private address is honest', () => {
  const view = viewFixture({ headers: headersOf(hop('[192.168.1.2] (host.example.com [216.204.12.219])', 'Thu, 22 Aug 2002 12:00:00 +0000')) });
  assert.equal(receivedChainSuspicious.test(view), null);
});

test('a normal chain going back in time downwards does not fire', () => {
  const view = viewFixture({ headers: headersOf(
    hop('relay.example.net ([198.51.100.7])', 'Thu, 22 Aug 2002 12:00:05 +0000'),
    hop('origin.example.com ([203.0.113.9])', 'Thu, 22 Aug 2002 08:00:01 -0400'),
  ) });
  assert.equal(receivedChainSuspicious.test(view), null);
});
