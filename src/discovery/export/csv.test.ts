import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvSyntaxError, csvRecord, parseCsv } from './csv.js';

describe('CSV', () => {
  it('quotes cells with commas, quotes and line breaks, and parses them back', () => {
    const records = [['a', 'b,c', 'say "hi"'], ['multi\r\nline', '', 'x\ny'], ['"', ',', 'plain']];
    assert.deepEqual(parseCsv(records.map(csvRecord).join('')), records);
    assert.equal(csvRecord(['a', 'b,c', 'q"']), 'a,"b,c","q"""\r\n');
  });

  it('refuses text after a closing quote and an unterminated quote', () => {
    assert.throws(() => parseCsv('"a"b\r\n'), CsvSyntaxError);
    assert.throws(() => parseCsv('"a\r\n'), CsvSyntaxError);
  });
});
