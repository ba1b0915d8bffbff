import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CsvSyntaxError, csvRecord, parseCsv, readCsvRecords } from './csv.js';

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

describe('CSV read a record at a time', () => {
  const records = [['seq', 'message_id', 'to'], ['1', 'a "quoted",\r\nmulti-line\nid', 'x@example.com; ÿ@exämple.com'], ['2', '', '""'], ['3', '\r', 'last']];
  const text = records.map(csvRecord).join('');

  async function read(chunks: Array<Buffer | string>): Promise<string[][]> {
    const out: string[][] = [];
    for await (const record of readCsvRecords(Readable.from(chunks, { objectMode: true }))) out.push(record);
    return out;
  }

  it('reads what parseCsv parses, however the bytes are split (inside a quoted cell, a doubled quote, a CRLF, a UTF-8 character)', async () => {
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      assert.deepEqual(await read([bytes.subarray(0, cut), bytes.subarray(cut)]), records, `cut at byte ${cut}`);
    }
    assert.deepEqual(await read([...bytes].map((b) => Buffer.from([b]))), records);
    assert.deepEqual(await read([text.slice(0, 7), text.slice(7)]), parseCsv(text));
    assert.deepEqual(await read(['a,b']), [['a', 'b']]);
    assert.deepEqual(await read([]), []);
  });

  it('refuses what parseCsv refuses, and a record longer than the limit', async () => {
    await assert.rejects(read(['"a"', 'b\r\n']), CsvSyntaxError);
    await assert.rejects(read(['ok\r\n"a\r\n', 'b']), CsvSyntaxError);
    await assert.rejects(read(['a\nb\r\n']), CsvSyntaxError);
    const long = async () => {
      for await (const record of readCsvRecords(Readable.from(['"', 'x'.repeat(20), '\r\n', 'y'.repeat(20)]), { maxRecordChars: 16 })) assert.ok(record);
    };
    await assert.rejects(long(), /longer than 16 characters/);
  });
});
