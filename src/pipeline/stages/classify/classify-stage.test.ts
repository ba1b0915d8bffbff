import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { RULE_ENGINE_ERROR_PREFIX, type Classification } from '../../../domain/classification.js';
import { extractFiles } from '../../../extract/extract-files.js';
import type { AttachmentExtractor } from '../../../extract/extraction.js';
import { makeDocx } from '../../../extract/test-support/fixtures.js';
import { DEFAULT_LIMITS } from '../../../extract/test-support/limits.js';
import type { RuleEngine } from '../../../rules/engine/compile-rule-set.js';
import type { MessageView } from '../../../rules/message-view.js';
import { UNKNOWN_AUTH } from '../../../rules/view/build-message-view.js';
import { createContentParseStage } from '../parse/index.js';
import { createClassifyStage, UNSCANNED_TAG } from './classify-stage.js';

const LIMITS = { maxParseBytes: 1024 * 1024, maxAttachments: 10, maxMimeDepth: 10, maxAttachmentTextBytes: 4096, maxBodyTextBytes: 4096 };
const ENVELOPE = { sender: 'alice@example.com', recipients: ['bob@example.org'] };

/** The real extraction logic on the calling thread: the port without the thread pool. */
const inThreadExtractor: AttachmentExtractor = { extract: (input) => extractFiles(input, DEFAULT_LIMITS), close: async () => undefined };

const classify = createClassifyStage({
  extractor: inThreadExtractor,
  extractionBudgetMs: 10_000,
  maxAttachmentTextBytes: 4096,
  authOf: async () => UNKNOWN_AUTH,
});

function engine(run: (view: MessageView) => Classification): RuleEngine {
  return { rulesVersion: 'v1', classify: run };
}

const verdict = (view: MessageView): Classification => ({
  rulesVersion: 'v1', status: 'classified',
  spam: { score: 0, threshold: 5, verdict: 'ham' }, dlp: { severity: null },
  hits: [], tags: [view.attachments.map((a) => a.text ?? '').join(' ').includes('quarterly') ? 'saw-docx-text' : 'blind'], disposition: 'deliver', attachments: [],
});

async function message(attachments: Array<{ filename: string; content: Buffer }> = []): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({ from: 'alice@example.com', to: 'bob@example.org', subject: 'figures', text: 'see attached', attachments });
  return info.message as Buffer;
}

describe('classify stage', () => {
  it('lets the rules see attachment text and indexes it with the attachment', async () => {
    const raw = await message([{ filename: 'q3.docx', content: await makeDocx(['quarterly figures attached']) }]);
    const parsed = await createContentParseStage(LIMITS, { keepAttachmentBytes: 1024 * 1024 })(raw);
    const { fields, classification } = await classify(raw, parsed, ENVELOPE, engine(verdict));
    assert.deepEqual(classification.tags, ['saw-docx-text'], 'a fully read attachment adds no tag');
    assert.match(fields.attachments[0]?.text ?? '', /quarterly figures/);
    assert.deepEqual(classification.attachments.map((a) => [a.name, a.status]), [['q3.docx', 'extracted']]);
  });

  it('records an attachment too large to extract instead of skipping it silently', async () => {
    const raw = await message([{ filename: 'big.bin', content: Buffer.alloc(2048, 7) }]);
    const parsed = await createContentParseStage(LIMITS, { keepAttachmentBytes: 1024 })(raw);
    const { classification } = await classify(raw, parsed, ENVELOPE, engine(verdict));
    assert.deepEqual(classification.attachments.map((a) => [a.name, a.status]), [['big.bin', 'limit-exceeded']]);
    assert.ok(classification.tags.includes(UNSCANNED_TAG), 'a message with unread attachment content is tagged, so a search finds it');
  });

  it('never calls a message clean when the engine keeps failing: status error, marked as an engine fault', async () => {
    let runs = 0;
    const raw = await message();
    const parsed = await createContentParseStage(LIMITS, { keepAttachmentBytes: 0 })(raw);
    const { classification } = await classify(raw, parsed, ENVELOPE, engine(() => {
      runs++;
      throw new Error('keyword table corrupt');
    }));
    assert.equal(runs, 2, 'retried once');
    assert.equal(classification.status, 'error');
    assert.equal(classification.spam.verdict, 'error');
    assert.ok(classification.error?.startsWith(RULE_ENGINE_ERROR_PREFIX));
    assert.match(classification.error ?? '', /keyword table corrupt/);
  });

  it('uses the second run when the first failed transiently', async () => {
    let runs = 0;
    const raw = await message();
    const parsed = await createContentParseStage(LIMITS, { keepAttachmentBytes: 0 })(raw);
    const { classification } = await classify(raw, parsed, ENVELOPE, engine((view) => {
      if (++runs === 1) throw new Error('transient');
      return verdict(view);
    }));
    assert.equal(classification.status, 'classified');
  });

  it('gives a message that was not parsed status error with the reason, without running the rules', async () => {
    const raw = Buffer.from('Subject: big\r\n\r\n' + 'x'.repeat(LIMITS.maxParseBytes + 1));
    const parsed = await createContentParseStage(LIMITS, { keepAttachmentBytes: 0 })(raw);
    const { classification } = await classify(raw, parsed, ENVELOPE, engine(() => assert.fail('the rules must not run')));
    assert.equal(classification.status, 'error');
    assert.match(classification.error ?? '', /^not parsed \(oversize-not-parsed: /);
    assert.equal(classification.rulesVersion, 'v1');
  });
});
