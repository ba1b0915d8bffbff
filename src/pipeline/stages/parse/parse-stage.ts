import { MailParser } from 'mailparser';
import type { AttachmentStream, MailParserOptions, MessageText } from 'mailparser';
import type { AttachmentSummary, MessageFlag } from '../../../domain/archive-record.js';
import { summariseAttachment, type SummarisedAttachment } from './attachment-summary.js';
import { normaliseMessageId } from '../../../domain/message-id.js';
import { collectAddresses, sentAtFromHeaderLines } from './header-fields.js';
import { headerList } from './header-list.js';
import { htmlToTextGuarded } from './html-text.js';
import { inspectMimeShape } from './mime-shape.js';
import { maxHtmlCharsForBody, parserOptions } from './parser-options.js';
import type { ParseOutcome } from './parse-content.js';
import type { ParseLimits, ParsedOriginal } from './parse-types.js';
import { rawBodyText } from './raw-body.js';
import { truncateUtf8 } from './utf8-truncate.js';

/** Longest parser error message kept as a flag reason; some quote the offending input. */
const MAX_REASON_CHARS = 500;

/** What to keep beyond the document's fields, for the rules. */
export interface ContentOptions {
  /** Attachments up to this many decoded bytes are kept whole for text extraction; 0 keeps none. */
  keepAttachmentBytes: number;
}

/**
 * Builds the parse stage: original bytes in, the message-determined fields of an archive document
 * out (see `createContentParseStage` for the variant that also keeps what the rules need). It never rejects for bad input — an archive keeps every message, so a message it cannot
 * read is returned with empty fields and a flag saying why, and the raw bytes are archived as they
 * are. It is a pure function of its input (no module state), and its result is plain data, so the
 * caller can run it in a worker thread.
 *
 * Throws at creation (not per message) when a limit is not a positive integer.
 */
export function createParseStage(limits: ParseLimits): (original: Buffer) => Promise<ParsedOriginal> {
  const parse = createContentParseStage(limits, { keepAttachmentBytes: 0 });
  return async (original) => (await parse(original)).fields;
}

/**
 * The parse stage with the content the rules look at: every header occurrence, the HTML body and
 * attachments' decoded bytes (up to `keepAttachmentBytes` each), in one pass over the message.
 */
export function createContentParseStage(limits: ParseLimits, keep: ContentOptions): (original: Buffer) => Promise<ParseOutcome<ParsedOriginal>> {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`parse limit ${name} must be a positive integer, got ${String(value)}`);
  }
  const options = parserOptions(limits.maxBodyTextBytes);
  const unparsed = (flag: MessageFlag): ParseOutcome<ParsedOriginal> => ({ fields: notParsed(flag), content: null });
  return async (original) => {
    if (original.length > limits.maxParseBytes) {
      return unparsed({ flag: 'oversize-not-parsed', reason: `${original.length} bytes is over maxParseBytes (${limits.maxParseBytes})` });
    }
    const shape = await inspectMimeShape(original, limits.maxMimeDepth, options);
    if (shape.depthBeyondLimit !== null) {
      return unparsed({ flag: 'mime-too-deep', reason: `MIME parts nest to depth ${shape.depthBeyondLimit}, over maxMimeDepth (${limits.maxMimeDepth})` });
    }
    try {
      const parsed = await parseMessage(original, limits, options, keep);
      return shape.partlessMultipart ? { ...parsed, fields: withRawBody(parsed.fields, original, limits.maxBodyTextBytes) } : parsed;
    } catch (error) {
      return unparsed({ flag: 'unparseable', reason: reasonOf(error) });
    }
  };
}

async function parseMessage(original: Buffer, limits: ParseLimits, options: MailParserOptions, keep: ContentOptions): Promise<ParseOutcome<ParsedOriginal>> {
  const parser = new MailParser(options);
  const summaries: Promise<SummarisedAttachment | null>[] = [];
  const received: { text: MessageText | null; attachments: number; failure: unknown } = { text: null, attachments: 0, failure: null };

  await new Promise<void>((resolve, reject) => {
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        received.text = data;
        return;
      }
      received.attachments++;
      const budget = received.attachments <= limits.maxAttachments ? limits.maxAttachmentTextBytes : null;
      // Handled at once so a failure after the parser has already failed is never unhandled.
      summaries.push(
        summariseAttachment(data, budget, keep.keepAttachmentBytes).catch((error: unknown) => {
          received.failure ??= error;
          return null;
        }),
      );
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.end(original);
  });
  const summarised = (await Promise.all(summaries)).filter((item): item is SummarisedAttachment => item !== null);
  if (received.failure !== null) throw received.failure;
  const attachments: AttachmentSummary[] = summarised.map((item) => item.summary);

  const flags: MessageFlag[] = [];
  if (received.attachments > limits.maxAttachments) {
    flags.push({ flag: 'attachments-truncated', reason: `${received.attachments} attachments, first ${limits.maxAttachments} summarised (maxAttachments)` });
  }
  const body = await bodyTextOf(received.text, limits.maxBodyTextBytes);
  if (body.problem !== null) flags.push({ flag: 'unparseable', reason: body.problem });
  const fields: ParsedOriginal = {
    messageId: normaliseMessageId(parser.messageId),
    subject: parser.subject ?? null,
    sentAt: sentAtFromHeaderLines(parser.headerLines || []),
    addresses: parser.headers ? collectAddresses(parser.headers) : [],
    bodyText: body.text,
    attachments,
    flags,
  };
  const html = typeof received.text?.html === 'string' ? received.text.html : '';
  const content = {
    headers: headerList(parser.headerLines || []),
    html,
    attachments: summarised.map((item, index) => ({ index, bytes: item.bytes })),
  };
  return { fields, content };
}

/**
 * The body as plain text, and why HTML could not be converted when that left it empty.
 *
 * mailparser converts HTML to text only for a root HTML part or beside plain text; an HTML body
 * inside multipart/mixed or multipart/related (HTML with attachments or inline images, the most
 * common shape of HTML-only mail) comes back with no text, so that HTML is converted here.
 */
async function bodyTextOf(text: MessageText | null, maxBytes: number): Promise<{ text: string; problem: string | null }> {
  const plain = text?.text ?? '';
  if (plain.trim() !== '' || !text?.html) return { text: truncateUtf8(plain, maxBytes), problem: null };
  const converted = text.textConversionError ? null : await htmlToTextGuarded(text.html, maxHtmlCharsForBody(maxBytes));
  if (converted !== null) return { text: truncateUtf8(converted, maxBytes), problem: null };
  const cause = text.textConversionError?.message ?? 'HTML too long or nested too deeply to convert';
  return { text: truncateUtf8(plain, maxBytes), problem: `HTML body not converted to text: ${cause}`.slice(0, MAX_REASON_CHARS) };
}

/** For a multipart whose boundary never occurs: index the raw body, and say so. */
function withRawBody(parsed: ParsedOriginal, original: Buffer, maxBytes: number): ParsedOriginal {
  const raw = rawBodyText(original, maxBytes);
  if (raw === null || parsed.bodyText.trim() !== '') return parsed;
  const flag: MessageFlag = { flag: 'unparseable', reason: 'multipart boundary never occurs; the raw body was indexed as text' };
  return { ...parsed, bodyText: raw, flags: [...parsed.flags, flag] };
}

/** What an original yields when it is archived but not parsed, with the flag saying why. */
export function notParsed(flag: MessageFlag): ParsedOriginal {
  return { messageId: null, subject: null, sentAt: null, addresses: [], bodyText: '', attachments: [], flags: [flag] };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.trim() || 'parser failed without a message').slice(0, MAX_REASON_CHARS);
}
