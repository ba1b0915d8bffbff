import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { CORPORA, loadCorpus } from '../../../../test/support/corpora.js';
import { loadConfig } from '../../../config/load-config.js';
import { parseLimitsOf } from '../../parse-limits.js';
import { createParseStage } from './parse-stage.js';
import type { ParsedOriginal } from './parse-types.js';

/** The parse stage with the configuration's default limits. */
const stage = createParseStage(parseLimitsOf(loadConfig({ env: {} }).pipeline));

/** Corpus messages that truly carry nothing to extract, with the reason. */
const KNOWN_EMPTY: Record<string, string> = {
  'msg_40.txt': 'its only part is an empty <html></html>',
};

describe('parse stage on real corpora', () => {
  for (const corpus of CORPORA) {
    it(`parses every message of the ${corpus.name} without throwing, extracting something or flagging why not`, async (t: TestContext) => {
      const loaded = loadCorpus(corpus);
      if ('skip' in loaded) return t.skip(loaded.skip);
      assert.ok(loaded.messages.length > 0, `no messages found in ${corpus.dir}`);
      const silent: string[] = [];
      for (const message of loaded.messages) {
        const result = await stage(message.bytes);
        if (!extractedOrFlagged(result) && hasBody(message.bytes) && KNOWN_EMPTY[basename(message.name)] === undefined) silent.push(message.name);
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
