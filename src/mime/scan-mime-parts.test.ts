import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headerValues } from './header-values.js';
import { scanMimeParts } from './scan-mime-parts.js';

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');
const lf = (text: string): Buffer => Buffer.from(text, 'latin1');

const MIXED = [
  'From: a@example.com',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'first body',
  'second line',
  '--outer',
  'Content-Type: message/rfc822',
  '',
  'From: b@example.com',
  'Subject: inner',
  '',
  'inner body',
  '',
  '--outer--',
  'epilogue',
  '',
].join('\n');

/** Body text of each top-level part, as the scanner delimits it. */
async function bodies(raw: Buffer): Promise<string[]> {
  const structure = await scanMimeParts(raw);
  return structure.parts.map((part) => raw.toString('latin1', part.bodyStart, part.bodyEnd));
}

describe('scanMimeParts', () => {
  it('gives each top-level part of a CRLF message its body range without the CRLF before the delimiter', async () => {
    const raw = crlf(MIXED);
    const structure = await scanMimeParts(raw);
    assert.equal(structure.contentType, 'multipart/mixed');
    assert.equal(structure.boundary, 'outer');
    assert.deepEqual(structure.problems, []);
    assert.deepEqual(await bodies(raw), ['first body\r\nsecond line', 'From: b@example.com\r\nSubject: inner\r\n\r\ninner body\r\n']);
    const [text, message] = structure.parts;
    assert.equal(text?.charset, 'utf-8');
    assert.equal(text?.transferEncoding, 'quoted-printable');
    assert.equal(message?.contentType, 'message/rfc822');
    assert.equal(raw.toString('latin1', text?.headerStart, text?.bodyStart), 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n');
  });

  it('reads bare-LF input the same way, leaving out the LF before the delimiter', async () => {
    const raw = lf(MIXED);
    const structure = await scanMimeParts(raw);
    assert.deepEqual(structure.problems, []);
    assert.deepEqual(await bodies(raw), ['first body\nsecond line', 'From: b@example.com\nSubject: inner\n\ninner body\n']);
  });

  it('runs the last part to the end of input and reports a missing closing delimiter', async () => {
    const raw = crlf(MIXED.slice(0, MIXED.indexOf('--outer--')));
    const structure = await scanMimeParts(raw);
    assert.deepEqual(
      structure.problems.map((problem) => problem.code),
      ['missing-close-delimiter'],
    );
    assert.equal(structure.parts.length, 2);
    assert.equal(structure.parts[1]?.bodyEnd, raw.length);
  });

  it('reports the nesting depth through multiparts and inline message/rfc822 parts', async () => {
    const raw = crlf(
      [
        'Content-Type: multipart/mixed; boundary=a',
        '',
        '--a',
        'Content-Type: message/rfc822',
        '',
        'Content-Type: multipart/alternative; boundary=b',
        '',
        '--b',
        'Content-Type: multipart/related; boundary=c',
        '',
        '--c',
        '',
        'deep',
        '--c--',
        '--b--',
        '--a--',
        '',
      ].join('\n'),
    );
    const structure = await scanMimeParts(raw);
    // root → message/rfc822 → its message → alternative part (related) → related's text part
    assert.equal(structure.maxDepth, 5);
    assert.equal(structure.parts.length, 1);
    assert.ok(raw.toString('latin1', structure.parts[0]?.bodyStart, structure.parts[0]?.bodyEnd).endsWith('--c--\r\n--b--'));
  });

  it('describes a single-part message with depth 1 and no parts', async () => {
    const raw = crlf('Subject: hi\nX-Original-To: a@example.com,\n b@example.com\n\nbody\n');
    const structure = await scanMimeParts(raw);
    assert.equal(structure.contentType, 'text/plain');
    assert.equal(structure.maxDepth, 1);
    assert.deepEqual(structure.parts, []);
    assert.deepEqual(headerValues(structure.headers, 'X-ORIGINAL-TO'), ['a@example.com, b@example.com']);
    assert.equal(raw.toString('latin1', structure.bodyStart), 'body\r\n');
  });

  it('does not throw on garbage, an empty input or a multipart without a boundary', async () => {
    for (const raw of [Buffer.from([0x00, 0xff, 0x0a, 0x0a, 0x2d, 0x2d]), Buffer.alloc(0), crlf('Content-Type: multipart/mixed\n\n--x\n\nbody\n')]) {
      const structure = await scanMimeParts(raw);
      assert.deepEqual(structure.parts, []);
    }
    const noBoundary = await scanMimeParts(crlf('Content-Type: multipart/mixed\n\nbody\n'));
    assert.deepEqual(
      noBoundary.problems.map((problem) => problem.code),
      ['missing-boundary'],
    );
  });

  it('reports bytes the splitter drops when a delimiter cuts off a part header block', async () => {
    const raw = crlf('Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n--b\nContent-Type: text/plain\n\nkept\n--b--\n');
    const structure = await scanMimeParts(raw);
    assert.ok(structure.problems.some((problem) => problem.code === 'bytes-unaccounted'));
    assert.deepEqual(await bodies(raw), ['kept']);
  });

  it('treats a delimiter line with trailing whitespace as a delimiter, like mailsplit does', async () => {
    const raw = crlf('Content-Type: multipart/mixed; boundary="b"\n\n--b \t\n\none\n--b--  \n');
    assert.deepEqual(await bodies(raw), ['one']);
    assert.deepEqual((await scanMimeParts(raw)).problems, []);
  });
});
