import type { AttachmentExtractor, ExtractedFile } from '../../extract/extraction.js';
import { createContentParseStage, type ParseLimits } from '../../pipeline/stages/parse/index.js';
import type { AuthView, MessageView } from '../message-view.js';
import { buildMessageView, UNKNOWN_AUTH } from './build-message-view.js';
import { extractAttachments } from './extract-attachments.js';

/** Parse limits for whole messages given as text (rule examples, tools): generous, still bounded. */
const DEFAULT_LIMITS: ParseLimits = {
  maxParseBytes: 50 * 1024 * 1024,
  maxAttachments: 500,
  maxMimeDepth: 30,
  maxAttachmentTextBytes: 1024 * 1024,
  maxBodyTextBytes: 4 * 1024 * 1024,
};

export interface ViewFromEmlOptions {
  /** Extracts attachment text; without one, only text-like attachments' text is seen. */
  extractor?: AttachmentExtractor;
  /** Largest attachment handed to the extractor, in bytes. Default 25 MiB. */
  maxExtractBytes?: number;
  auth?: AuthView;
  limits?: ParseLimits;
}

/**
 * A whole raw message as the rules see it: parsed, attachments extracted, envelope given. For
 * rule examples written as `eml:` and for tools; the pipeline builds views in its worker threads
 * from the same parts.
 *
 * @throws Error when the message cannot be parsed at all (an example must be a readable message).
 */
export async function viewFromEml(
  raw: Buffer,
  envelope: { sender: string | null; recipients: readonly string[] },
  options: ViewFromEmlOptions = {},
): Promise<MessageView> {
  const keepAttachmentBytes = options.extractor ? (options.maxExtractBytes ?? 25 * 1024 * 1024) : 0;
  const parse = createContentParseStage(options.limits ?? DEFAULT_LIMITS, { keepAttachmentBytes });
  const { fields, content } = await parse(raw);
  if (content === null) throw new Error(`message not parsed: ${fields.flags.map((flag) => flag.reason).join('; ')}`);
  const extracted = options.extractor ? await extractAttachments(fields, content, options.extractor) : new Map<number, readonly ExtractedFile[]>();
  return buildMessageView({ fields, content, envelope, extracted, auth: options.auth ?? UNKNOWN_AUTH, size: raw.length });
}
