import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitSource, hasText, TEXT_TRUNCATED_FLAG } from './fit-source.js';
import { cutToJsonBytes, jsonBytes, jsonStringBytes } from './json-bytes.js';
import { messageSource, type MessageSource } from './message-source.js';
import { attachmentFor, documentFor, eventFor, fillerWords } from './test-support/archive-fixtures.js';

function sourceWith(body: string, attachmentTexts: Array<string | null>): MessageSource {
  const document = documentFor('fit', {
    subject: 'Quarterly ledger',
    addresses: [
      { field: 'from', address: 'alice@example.com', name: 'Alice' },
      { field: 'to', address: 'bob@example.net', name: 'Bob' },
    ],
    bodyText: body,
    attachments: attachmentTexts.map((text, i) => attachmentFor(`a${i}.txt`, text)),
  });
  return messageSource(document, 'spool-1', [eventFor('spool-1', '2024-05-01T10:00:01.000Z', ['carol@example.org'])]);
}

/** Everything but the extracted text (and the flags), which fitting must leave exactly as it was. */
/** Everything but the text and the flags, which fitting may change (the stored document's flags too). */
function metadataOf({ body: _body, attachments, flags: _flags, stored: { flags: _storedFlags, ...stored }, ...rest }: MessageSource) {
  return { ...rest, stored, attachments: attachments.map(({ text: _text, ...a }) => a) };
}

describe('fitSource', () => {
  it('leaves a document that fits as it is, unflagged', () => {
    const source = sourceWith('short body', ['short text']);
    const fitted = fitSource(source, jsonBytes(source));
    assert.equal(fitted.source, source);
    assert.equal(fitted.truncated, false);
    assert.equal(fitted.bytes, jsonBytes(source));
  });

  it('cuts only the text, each part keeping its start, to exactly fit, and flags the document text-truncated', () => {
    const source = sourceWith(`opening ${fillerWords(20_000)}`, [`first ${fillerWords(20_000)}`, 'small attachment', null, `third ${fillerWords(5_000)}`]);
    const maxBytes = jsonBytes(source) - 100_000;
    const fitted = fitSource(source, maxBytes);
    assert.equal(fitted.truncated, true);
    assert.equal(fitted.bytes, jsonBytes(fitted.source), 'the size it reports is the size it has');
    assert.ok(fitted.bytes <= maxBytes && fitted.bytes > maxBytes - 20, `${fitted.bytes} bytes for ${maxBytes}`);
    assert.deepEqual(metadataOf(fitted.source), metadataOf(source));
    assert.deepEqual(fitted.source.flags, [TEXT_TRUNCATED_FLAG]);
    assert.deepEqual(fitted.source.stored.flags.map((f) => f.flag), [TEXT_TRUNCATED_FLAG], 'the message as read back says so too');
    assert.ok(source.body.startsWith(fitted.source.body) && fitted.source.body.startsWith('opening '));
    const [first, small, none, third] = fitted.source.attachments.map((a) => a.text);
    assert.ok(first !== null && first !== undefined && source.attachments[0]?.text?.startsWith(first) && first.startsWith('first '));
    assert.equal(small, 'small attachment', 'a text shorter than its share is kept whole');
    assert.equal(none, null, 'an attachment without text stays without');
    assert.equal(third, source.attachments[3]?.text, 'the shorter long text is kept whole while there is room');
    assert.ok(Math.abs(fitted.source.body.length - first.length) < 20, 'the two longest texts share the rest equally');
  });

  it('flags a document once however often it is fitted again', () => {
    const source = sourceWith(fillerWords(10_000), []);
    const once = fitSource(source, jsonBytes(source) - 1_000).source;
    const twice = fitSource(once, jsonBytes(once) - 1_000).source;
    assert.deepEqual(twice.flags, [TEXT_TRUNCATED_FLAG]);
    assert.equal(twice.stored.flags.length, 1);
  });

  it('empties every text when the metadata alone leaves no room, and keeps the metadata whole', () => {
    const source = sourceWith(fillerWords(1_000), [fillerWords(1_000), null]);
    const fitted = fitSource(source, 100);
    assert.equal(fitted.source.body, '');
    assert.deepEqual(fitted.source.attachments.map((a) => a.text), ['', null]);
    assert.equal(hasText(fitted.source), false);
    assert.deepEqual(metadataOf(fitted.source), metadataOf(source));
    assert.ok(fitted.bytes > 100, 'still over: the engine decides whether it takes it');
  });
});

describe('jsonStringBytes and cutToJsonBytes', () => {
  const tricky = 'a"b\\c\nd\te\u0001f\u007fé€😀\ud800g\udc00h\u2028i';

  it('count the bytes JSON.stringify writes, escapes, multi-byte characters and lone surrogates included', () => {
    assert.equal(jsonStringBytes(tricky), Buffer.byteLength(JSON.stringify(tricky)) - 2);
  });

  it('cut at every budget to the longest prefix that fits, never between the halves of a surrogate pair', () => {
    const whole = jsonStringBytes(tricky);
    let previous = -1;
    for (let budget = 0; budget <= whole + 1; budget++) {
      const cut = cutToJsonBytes(tricky, budget);
      assert.ok(tricky.startsWith(cut));
      assert.ok(jsonStringBytes(cut) <= budget, `budget ${budget}`);
      assert.ok(cut.length >= previous);
      previous = cut.length;
      const longer = tricky.slice(0, cut.length + ((tricky.codePointAt(cut.length) ?? 0) > 0xffff ? 2 : 1));
      if (cut.length < tricky.length) assert.ok(jsonStringBytes(longer) > budget, `budget ${budget}: ${JSON.stringify(cut)} is not the longest`);
      assert.doesNotMatch(cut, /[\ud83d]$/u, 'the emoji is never cut in half');
    }
    assert.equal(cutToJsonBytes(tricky, whole), tricky);
  });
});
