import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headersOf, viewFixture } from '../test-support/view-fixture.js';
import { bayesTokens } from './bayes-tokens.js';

test('body words are lower-cased and kept whole with dollar signs, apostrophes and dashes', () => {
  const tokens = bayesTokens(viewFixture({ text: "Don't miss: $19.99 e-mail OFFER." }));
  for (const token of ["don't", 'miss', '$19.99', 'e-mail', 'offer']) assert.ok(tokens.has(token), token);
});

test('subject and selected header words carry their own prefixes', () => {
  const tokens = bayesTokens(viewFixture({
    subject: 'Cheap meds',
    headers: headersOf('X-Mailer: Mass Sender Pro', 'Received: from relay.example by mx', 'Message-ID: <abc.123@bulk.example>'),
  }));
  assert.ok(tokens.has('s:cheap'));
  assert.ok(tokens.has('h:x-mailer:mass'));
  assert.ok(tokens.has('mid:bulk.example'));
  assert.ok(![...tokens].some((t) => t.includes('relay')), 'Received fields are not tokenised');
});

test('numbers and short words are dropped and very long words become one coarse token', () => {
  const tokens = bayesTokens(viewFixture({ text: `an 2002 12.5 ${'x'.repeat(45)}` }));
  assert.deepEqual([...tokens], ['sk:x40']);
});

test('each URL contributes its host', () => {
  const tokens = bayesTokens(viewFixture({ urls: ['http://Click.Example.NET/offer?id=1', 'not a url'] }));
  assert.ok(tokens.has('u:click.example.net'));
});
