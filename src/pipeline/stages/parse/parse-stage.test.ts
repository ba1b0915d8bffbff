import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createParseStage } from './parse-stage.js';
import type { ParseLimits } from './parse-types.js';

const LIMITS: ParseLimits = { maxParseBytes: 1024 * 1024, maxAttachments: 10, maxMimeDepth: 10, maxAttachmentTextBytes: 4096, maxBodyTextBytes: 4096 };

function mail(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('parse stage', () => {
  it('normalises Message-ID, decodes an RFC 2047 subject in any charset and reads the Date as ISO', async () => {
    const result = await createParseStage(LIMITS)(
      mail(['Message-ID: <AbC.123@Example.COM>', 'Subject: =?koi8-r?B?8NLJ18XU?= and =?iso-8859-1?Q?caf=E9?=', 'Date: Thu, 22 Aug 2002 12:36:23 +0100', '', 'hello']),
    );
    assert.equal(result.messageId, 'abc.123@example.com');
    assert.equal(result.subject, 'Привет and café');
    assert.equal(result.sentAt, '2002-08-22T11:36:23.000Z');
    assert.equal(result.bodyText.trim(), 'hello');
    assert.deepEqual(result.flags, []);
  });

  it('gives a null sentAt for a missing or invalid Date instead of the current time', async () => {
    const stage = createParseStage(LIMITS);
    assert.equal((await stage(mail(['Subject: x', 'Date: the day after tomorrow', '', 'body']))).sentAt, null);
    assert.equal((await stage(mail(['Subject: x', '', 'body']))).sentAt, null);
  });

  it('lists header addresses lower-cased, with groups flattened and name-only entries kept', async () => {
    const result = await createParseStage(LIMITS)(
      mail([
        'From: "Jo Example" <JO@Example.COM>',
        'Sender: sec@example.com',
        'Reply-To: replies@example.com',
        'To: Team: A@Example.com, "Bee" <b@example.com>;, undisclosed-recipients:;',
        'Cc: Only A Name',
        'Bcc: hidden@example.com',
        'Subject: x',
        '',
        'body',
      ]),
    );
    assert.deepEqual(result.addresses, [
      { field: 'from', address: 'jo@example.com', name: 'Jo Example' },
      { field: 'sender', address: 'sec@example.com', name: '' },
      { field: 'reply-to', address: 'replies@example.com', name: '' },
      { field: 'to', address: 'a@example.com', name: '' },
      { field: 'to', address: 'b@example.com', name: 'Bee' },
      { field: 'cc', address: '', name: 'Only A Name' },
      { field: 'bcc', address: 'hidden@example.com', name: '' },
    ]);
  });

  it('converts an HTML body to text even when it sits beside attachments in multipart/mixed', async () => {
    const result = await createParseStage(LIMITS)(
      mail([
        'Subject: html',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><body><p>Quarterly <b>numbers</b></p><script>ignored()</script></body></html>',
        '--b',
        'Content-Type: image/png; name=a.png',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--b--',
      ]),
    );
    assert.match(result.bodyText, /Quarterly numbers/);
    assert.equal(result.attachments.length, 1);
  });

  it('caps body text at maxBodyTextBytes without splitting a character', async () => {
    const stage = createParseStage({ ...LIMITS, maxBodyTextBytes: 5 });
    const result = await stage(Buffer.from('Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\néééééé\r\n', 'utf8'));
    assert.equal(result.bodyText, 'éé');
  });

  it('summarises attachments with decoded names, declared types, SHA-256 of the decoded bytes and text of text-like ones', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const csv = Buffer.from('name,city\nJosé,Zürich\n', 'latin1');
    const result = await createParseStage(LIMITS)(
      mail([
        'Subject: files',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--b',
        'Content-Type: application/octet-stream',
        "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf",
        'Content-Transfer-Encoding: base64',
        '',
        pdf.toString('base64'),
        '--b',
        'Content-Type: text/csv; charset=iso-8859-1',
        'Content-Disposition: attachment; filename="=?utf-8?Q?kunden=C3=BCbersicht.csv?="',
        'Content-Transfer-Encoding: base64',
        '',
        csv.toString('base64'),
        '--b',
        'Content-Type: text/html; charset=utf-8',
        'Content-Disposition: attachment; filename=report.html',
        '',
        '<table><tr><td>Total</td><td>42</td></tr></table>',
        '--b',
        'Content-Type: image/gif; name=logo.gif',
        'Content-Disposition: inline',
        'Content-ID: <logo@x>',
        'Content-Transfer-Encoding: base64',
        '',
        'R0lGODlhAQABAAAAACw=',
        '--b--',
      ]),
    );
    const [first, second, third, fourth] = result.attachments;
    assert.equal(result.attachments.length, 4);
    assert.deepEqual(first, { filename: 'résumé.pdf', contentType: 'application/octet-stream', size: pdf.length, sha256: sha256(pdf), text: null });
    assert.deepEqual(second, { filename: 'kundenübersicht.csv', contentType: 'text/csv', size: csv.length, sha256: sha256(csv), text: 'name,city\nJosé,Zürich\n' });
    // html-to-text's default table format runs cells together ("Total42"); we only check the words arrive.
    assert.match(third?.text ?? '', /Total/);
    assert.match(third?.text ?? '', /42/);
    assert.equal(fourth?.contentType, 'image/gif');
    assert.equal(fourth?.text, null);
  });

  it('caps attachment text at maxAttachmentTextBytes', async () => {
    const stage = createParseStage({ ...LIMITS, maxAttachmentTextBytes: 10 });
    const result = await stage(
      mail(['Subject: x', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', 'Content-Disposition: attachment; filename=a.log', '', 'x'.repeat(5000), '--b--']),
    );
    assert.equal(result.attachments[0]?.text, 'x'.repeat(10));
    assert.equal(result.attachments[0]?.size, 5000);
  });

  it('keeps the first maxAttachments summaries and flags the rest as truncated', async () => {
    const parts = Array.from({ length: 5 }, (_, i) => ['--b', 'Content-Type: application/pdf', `Content-Disposition: attachment; filename=${i}.pdf`, '', `pdf ${i}`]).flat();
    const result = await createParseStage({ ...LIMITS, maxAttachments: 3 })(mail(['Subject: x', 'Content-Type: multipart/mixed; boundary=b', '', ...parts, '--b--']));
    assert.deepEqual(
      result.attachments.map((a) => a.filename),
      ['0.pdf', '1.pdf', '2.pdf'],
    );
    assert.equal(result.flags.length, 1);
    assert.equal(result.flags[0]?.flag, 'attachments-truncated');
  });

  it('does not parse an original over maxParseBytes and flags it', async () => {
    const result = await createParseStage({ ...LIMITS, maxParseBytes: 100 })(mail(['Subject: big', '', 'x'.repeat(200)]));
    assert.equal(result.subject, null);
    assert.equal(result.flags[0]?.flag, 'oversize-not-parsed');
  });

  it('does not parse MIME nested deeper than maxMimeDepth and flags it', async () => {
    const depth = 6;
    const lines = ['Subject: deep'];
    for (let level = 0; level < depth; level++) lines.push(`Content-Type: multipart/mixed; boundary=b${level}`, '', `--b${level}`);
    lines.push('Content-Type: text/plain', '', 'core');
    for (let level = depth - 1; level >= 0; level--) lines.push(`--b${level}--`);
    const original = mail(lines);
    const shallow = await createParseStage({ ...LIMITS, maxMimeDepth: depth })(original);
    assert.deepEqual(shallow.flags, []);
    assert.match(shallow.bodyText, /core/);
    const deep = await createParseStage({ ...LIMITS, maxMimeDepth: depth - 1 })(original);
    assert.equal(deep.subject, null);
    assert.equal(deep.flags[0]?.flag, 'mime-too-deep');
  });

  it('returns empty fields and an unparseable flag with the parser message instead of throwing', async () => {
    const result = await createParseStage({ ...LIMITS, maxParseBytes: 4 * 1024 * 1024 })(Buffer.from(`Subject: x\r\nX-Huge: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\nbody\r\n`));
    assert.equal(result.subject, null);
    assert.equal(result.flags.length, 1);
    assert.equal(result.flags[0]?.flag, 'unparseable');
    assert.notEqual(result.flags[0]?.reason, '');
  });

  it('indexes the raw body of a multipart whose boundary never occurs, and flags it', async () => {
    const result = await createParseStage(LIMITS)(mail(['Subject: hidden', 'Content-Type: multipart/mixed; boundary=nowhere', '', '--elsewhere', '', 'wire the funds today', '--elsewhere--']));
    assert.match(result.bodyText, /wire the funds today/);
    assert.equal(result.flags[0]?.flag, 'unparseable');
  });

  it('returns plain data that survives a structured clone unchanged', async () => {
    const result = await createParseStage(LIMITS)(
      mail(['From: a@example.com', 'Subject: x', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'hi', '--b', 'Content-Type: application/zip', '', 'PK', '--b--']),
    );
    assert.deepEqual(structuredClone(result), result);
  });

  it('refuses limits that are not positive integers when the stage is created', () => {
    assert.throws(() => createParseStage({ ...LIMITS, maxAttachments: 0 }), RangeError);
    assert.throws(() => createParseStage({ ...LIMITS, maxBodyTextBytes: Number.NaN }), RangeError);
  });
});
