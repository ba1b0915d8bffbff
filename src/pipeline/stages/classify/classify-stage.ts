import type { AttachmentExtraction, Classification, ExtractionStatus } from '../../../domain/classification.js';
import { notClassified, RULE_ENGINE_ERROR_PREFIX } from '../../../domain/classification.js';
import type { AttachmentExtractor, ExtractedFile } from '../../../extract/extraction.js';
import type { AuthView } from '../../../rules/message-view.js';
import { buildMessageView } from '../../../rules/view/build-message-view.js';
import { extractAttachments } from '../../../rules/view/extract-attachments.js';
import type { ParsedContent, ParsedOriginal, ParseOutcome } from '../parse/index.js';
import { truncateUtf8 } from '../parse/utf8-truncate.js';
import type { RuleEngine } from '../../../rules/engine/compile-rule-set.js';

/** Extraction outcomes that leave an attachment's content unread by the rules. */
const UNSCANNED: ReadonlySet<ExtractionStatus> = new Set(['failed', 'timed-out', 'encrypted', 'limit-exceeded']);

/** The tag (`tag:attachment-not-scanned`) of a message with such an attachment. */
export const UNSCANNED_TAG = 'attachment-not-scanned';

/** Times the engine is run on one message before its fault is recorded as status `error`. */
const ENGINE_ATTEMPTS = 2;


export interface ClassifyStageDeps {
  extractor: AttachmentExtractor;
  /** All of one message's attachments share this much extraction time, in ms. */
  extractionBudgetMs: number;
  /** Extracted attachment text kept for the full-text index, in UTF-8 bytes per attachment. */
  maxAttachmentTextBytes: number;
  /** Upstream authentication results and DKIM verification of one original. */
  authOf(headers: ParsedContent['headers'], original: Buffer): Promise<AuthView>;
}

export interface Classified {
  /** The parsed fields, attachments' summaries now carrying their extracted text (PDF, Office, ZIP…). */
  fields: ParsedOriginal;
  classification: Classification;
}

/**
 * The classify stage: extract attachment text, build the rules' view of the message and run the
 * spam and DLP rules on it. It fails closed: an original that was not parsed, or on which the
 * engine keeps failing, gets status `error` with the reason — never a clean verdict.
 */
export function createClassifyStage(deps: ClassifyStageDeps) {
  return async (
    original: Buffer,
    parsed: ParseOutcome<ParsedOriginal>,
    envelope: { sender: string | null; recipients: readonly string[] },
    engine: RuleEngine,
  ): Promise<Classified> => {
    const { fields, content } = parsed;
    if (content === null) {
      const reasons = fields.flags.map((flag) => `${flag.flag}: ${flag.reason}`).join('; ');
      return { fields, classification: notClassified(`not parsed (${reasons})`, engine.rulesVersion) };
    }
    const extracted = await extractAttachments(fields, content, deps.extractor, deps.extractionBudgetMs);
    const auth = await deps.authOf(content.headers, original);
    const view = buildMessageView({ fields, content, envelope, extracted, auth, size: original.length });
    const withText = { ...fields, attachments: fields.attachments.map((summary, index) => withExtractedText(summary, extracted.get(index), deps.maxAttachmentTextBytes)) };
    const classification = runEngine(engine, view);
    const attachments = extractionRecords(fields, extracted);
    // Text the rules could not read is not evidence of absence: say so where a search finds it.
    const unscanned = attachments.some((record) => UNSCANNED.has(record.status));
    const tags = unscanned && !classification.tags.includes(UNSCANNED_TAG) ? [...classification.tags, UNSCANNED_TAG] : classification.tags;
    return { fields: withText, classification: { ...classification, tags, attachments } };
  };
}

function runEngine(engine: RuleEngine, view: Parameters<RuleEngine['classify']>[0]): Classification {
  let failure: unknown;
  for (let attempt = 1; attempt <= ENGINE_ATTEMPTS; attempt++) {
    try {
      return engine.classify(view);
    } catch (error) {
      failure = error;
    }
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  return notClassified(`${RULE_ENGINE_ERROR_PREFIX} ${reason}`.slice(0, 500), engine.rulesVersion);
}

/** The summary's text for the full-text index: its own (text and HTML) or what extraction found. */
function withExtractedText(summary: ParsedOriginal['attachments'][number], files: readonly ExtractedFile[] | undefined, maxBytes: number): ParsedOriginal['attachments'][number] {
  if (summary.text !== null || files === undefined) return summary;
  const texts = files.flatMap((file) => (file.text ? [file.text] : []));
  return texts.length === 0 ? summary : { ...summary, text: truncateUtf8(texts.join('\n\n'), maxBytes) };
}

/** One record per file looked at, and one per attachment too large to be handed to extraction. */
function extractionRecords(fields: ParsedOriginal, extracted: ReadonlyMap<number, readonly ExtractedFile[]>): AttachmentExtraction[] {
  return fields.attachments.flatMap((summary, index): AttachmentExtraction[] => {
    const files = extracted.get(index);
    if (files !== undefined) {
      return files.map(({ name, detectedType, status, reason }) => (reason === undefined ? { name, detectedType, status } : { name, detectedType, status, reason }));
    }
    const name = summary.filename ?? '(unnamed)';
    return summary.text === null
      ? [{ name, detectedType: null, status: 'limit-exceeded', reason: `${summary.size} bytes is over extraction.maxInputBytes` }]
      : [{ name, detectedType: null, status: 'extracted', reason: 'over extraction.maxInputBytes: only its leading text was read' }];
  });
}
