import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subjectAllCaps } from './subject-all-caps.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('a long subject in capitals fires', () => {
  assert.notEqual(subjectAllCaps.test(viewFixture({ subject: 'MAKE MONEY FAST FROM HOME!' })), null);
});

test('short capitals, mixed case and capitals in other scripts that have case are judged fairly', () => {
  assert.equal(subjectAllCaps.test(viewFixture({ subject: 'RE: FYI URGENT' })), null);
  assert.equal(subjectAllCaps.test(viewFixture({ subject: 'Meeting moved to THURSDAY AFTERNOON' })), null);
  assert.notEqual(subjectAllCaps.test(viewFixture({ subject: 'ВНИМАНИЕ СКИДКИ ДЛЯ ВАС' })), null);
});

test('a subject with no letters with case does not fire', () => {
  assert.equal(subjectAllCaps.test(viewFixture({ subject: '会議の議事録をお送りします 2002' })), null);
});
