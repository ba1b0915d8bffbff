import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS } from './index.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('every check is registered under its own id, which is a rule-pack identifier', () => {
  assert.ok(CHECKS.size >= 20);
  for (const [id, check] of CHECKS) {
    assert.equal(check.id, id);
    assert.match(id, /^[a-z0-9][a-z0-9-]*$/);
    assert.ok(check.description.length > 0);
  }
});

test('every check runs on an empty message without throwing', () => {
  for (const check of CHECKS.values()) assert.doesNotThrow(() => check.test(viewFixture()), check.id);
});

test('every check stays fast on a large adversarial message (linear time)', () => {
  const long = (unit: string) => unit.repeat(Math.ceil(200_000 / unit.length));
  const view = viewFixture({
    subject: long('!a'),
    text: long('a'),
    html: long('<a href="x">') + long('<img ') + long('<!--') + long('a@'),
    urls: Array.from({ length: 2000 }, (_, i) => `http://host${i}.example/${'a'.repeat(50)}`),
    headers: [
      { name: 'date', value: long('+0000 ') },
      { name: 'message-id', value: long('<a') },
      { name: 'x-mailer', value: `Microsoft Outlook ${long('a ')}` },
      ...Array.from({ length: 20 }, () => ({ name: 'received', value: `from ${long('a')} ([1.2.3.4]) by b; Thu, 22 Aug 2002 12:00:00 +0000` })),
    ],
    addresses: [{ field: 'from', name: long('a.'), address: 'x@y.example' }, { field: 'reply-to', name: '', address: 'z@w.example' }],
  });
  for (const check of CHECKS.values()) {
    const started = performance.now();
    check.test(view);
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `${check.id} took ${ms.toFixed(0)} ms`);
  }
});
