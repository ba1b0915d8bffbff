import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeywordList, PROXIMITY_WINDOW } from './proximity.js';

const CARD = new KeywordList(['card', 'credit card', 'cc#'], '(?:0[1-9]|1[0-2])/\\d{2}');

test('keywords match whole words case-insensitively, with spaces matching _ and -', () => {
  assert.deepEqual(CARD.positions('Card, CREDIT_CARD, credit-card, cc#, cardboard, scorecard'), [0, 6, 19, 32]);
});

test('an extra pattern counts as a keyword', () => {
  assert.deepEqual(CARD.positions('exp 12/27'), [4]);
});

test('a keyword exactly at the window edge is near; one character further is not', () => {
  const match = { start: 400, end: 416 };
  const at = (offset: number) => `${' '.repeat(offset)}card`.padEnd(1_000, ' ');
  assert.equal(CARD.in(at(match.start - PROXIMITY_WINDOW)).near(match.start, match.end), true);
  assert.equal(CARD.in(at(match.start - PROXIMITY_WINDOW - 5)).near(match.start, match.end), false);
  assert.equal(CARD.in(at(match.end + PROXIMITY_WINDOW)).near(match.start, match.end), true);
  assert.equal(CARD.in(at(match.end + PROXIMITY_WINDOW + 1)).near(match.start, match.end), false);
});

test('successive matches reuse what was scanned and still see keywords between them', () => {
  const text = `${'x '.repeat(200)}card${' y'.repeat(400)}`;
  const proximity = CARD.in(text);
  assert.equal(proximity.near(100, 110), true);
  assert.equal(proximity.near(500, 510), true);
  assert.equal(proximity.near(1_100, 1_110), false);
});
