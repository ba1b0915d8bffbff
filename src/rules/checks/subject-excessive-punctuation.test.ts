import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subjectExcessivePunctuation } from './subject-excessive-punctuation.js';
import { viewFixture } from '../test-support/view-fixture.js';

test('runs of exclamation marks or dollars fire', () => {
  assert.match(subjectExcessivePunctuation.test(viewFixture({ subject: 'Act now!!' })) ?? '', /"!!"/);
  assert.match(subjectExcessivePunctuation.test(viewFixture({ subject: '$$$ Cash $$$' })) ?? '', /"\$\$\$"/);
  assert.match(subjectExcessivePunctuation.test(viewFixture({ subject: 'Free! Now! Today!' })) ?? '', /3 exclamation marks/);
});

test('ordinary punctuation does not fire', () => {
  assert.equal(subjectExcessivePunctuation.test(viewFixture({ subject: 'Lunch? Sure!' })), null);
});
