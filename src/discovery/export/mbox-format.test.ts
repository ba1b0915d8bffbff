import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mboxFromLine, mboxMessageBody, trimAddedNewline } from './mbox-format.js';
import { readMbox } from './mbox-reader.js';

const originals = [
  'Subject: plain\r\n\r\nbody\r\n',
  'From: x@example.com\nSubject: traps\n\nFrom the start\n>From quoted\n>>From twice\nFromage\n From indented\n',
  'Subject: unterminated\n\nlast line without ending',
  'Subject: unterminated after From\n\nFrom the last line',
  '',
  '\n',
  'Subject: ends with blank lines\n\nbody\n\n\n',
].map((text) => Buffer.from(text));

describe('mboxrd writing and reading', () => {
  it('gives back every original byte-exact, whatever its From lines and final line ending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-mbox-'));
    try {
      const path = join(dir, 'test.mbox');
      writeFileSync(path, Buffer.concat(originals.flatMap((raw) => [Buffer.from(mboxFromLine('a@example.com', '2024-06-04T09:05:03Z')), ...mboxMessageBody(raw)])));
      const read: Buffer[] = [];
      let i = 0;
      for await (const message of readMbox(path)) read.push(trimAddedNewline(message.text, (originals[i++] as Buffer).length));
      assert.deepEqual(read.map((b) => b.toString()), originals.map((b) => b.toString()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes every line that starts with >*From and nothing else', () => {
    const body = Buffer.concat(mboxMessageBody(originals[1] as Buffer)).toString();
    assert.equal(body, 'From: x@example.com\nSubject: traps\n\n>From the start\n>>From quoted\n>>>From twice\nFromage\n From indented\n\n');
  });

  it('writes the separator line in asctime form, falling back to MAILER-DAEMON for an unusable sender', () => {
    assert.equal(mboxFromLine('a@example.com', '2024-06-04T09:05:03Z'), 'From a@example.com Tue Jun  4 09:05:03 2024\n');
    assert.equal(mboxFromLine('has space@example.com', '2024-12-24T23:00:00Z'), 'From MAILER-DAEMON Tue Dec 24 23:00:00 2024\n');
    assert.equal(mboxFromLine(null, '2024-12-24T23:00:00Z'), 'From MAILER-DAEMON Tue Dec 24 23:00:00 2024\n');
  });
});
