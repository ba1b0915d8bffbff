import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatValue } from './format-value.js';

const CASES: Array<[Parameters<typeof formatValue>[0], Parameters<typeof formatValue>[1], string]> = [
  [1_234_567, 'auto', '1,234,567'],
  [2.345, 'auto', '2.35'],
  ['2024-03-05T14:02:00.000Z', 'auto', '5 Mar 2024 14:02 UTC'],
  ['2024-03-05T14:02:07Z', 'auto', '5 Mar 2024 14:02:07 UTC'],
  ['2024-03-04', 'auto', '2024-03-04'],
  ['2024-03', 'auto', '2024-03'],
  [null, 'auto', '—'],
  ['', 'count', '—'],
  ['12345', 'count', '12,345'],
  ['n/a', 'count', 'n/a'],
  [1_500_001, 'text', '1500001'],
  ['2024-03-04', 'date', '4 Mar 2024 00:00 UTC'],
  ['soon', 'date', 'soon'],
];

test('values print with thousands separators, readable UTC dates and a dash for nothing', () => {
  for (const [value, format, printed] of CASES) assert.equal(formatValue(value, format), printed, `${JSON.stringify(value)} as ${format}`);
});
