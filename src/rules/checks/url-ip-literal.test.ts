import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlIpLiteral } from './url-ip-literal.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('dotted, decimal and IPv6 address links fire', () => {
  for (const url of ['http://192.0.2.10/login', 'http://3512041827/offer', 'http://[2001:db8::1]/']) {
    assert.notEqual(urlIpLiteral.test(viewFixture({ urls: [url] })), null, url);
  }
});

test('links to host names, and strings that are not URLs, do not fire', () => {
  assert.equal(urlIpLiteral.test(viewFixture({ urls: ['https://www.example.com/1.2.3.4', 'not a url'] })), null);
});
