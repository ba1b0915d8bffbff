import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { AttachmentStream, StructuredHeader } from 'mailparser';
import type { AttachmentSummary } from '../../../domain/archive-record.js';
import { htmlToTextGuarded } from './html-text.js';
import { maxHtmlCharsForBody } from './parser-options.js';
import { truncateUtf8 } from './utf8-truncate.js';

type TextKind = 'text' | 'html' | null;

const TEXT_TYPES = new Set(['application/json', 'application/xml', 'message/rfc822', 'message/global']);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_EXTENSIONS = /\.(csv|txt|md|log|eml)$/i;

/**
 * Decoded bytes kept per text-like attachment, as a multiple of its text budget: enough that
 * UTF-16 and UTF-32 text (2–4 bytes per character) still fill the budget after decoding.
 */
const RAW_TEXT_FACTOR = 4;

/** A summarised attachment and, when asked for and small enough, its decoded bytes. */
export interface SummarisedAttachment {
  summary: AttachmentSummary;
  /** The whole decoded content when `keepBytes` allowed it; null otherwise. */
  bytes: Buffer | null;
}

/**
 * Reads one attachment stream to its end and summarises it, then releases it so the parser moves
 * on. Only the SHA-256 state, for text-like attachments a bounded prefix and, when `keepBytes` is
 * above 0, the content up to that many bytes (for text extraction) are held: a 40 MB PDF over
 * the limit passes through in 64 KB chunks. With `textBudget` null (past `maxAttachments`) the
 * content is drained without hashing and null is returned.
 */
export function summariseAttachment(attachment: AttachmentStream, textBudget: number | null, keepBytes = 0): Promise<SummarisedAttachment | null> {
  const contentType = declaredContentType(attachment);
  const filename = attachment.filename ?? null;
  const kind = textBudget === null ? null : textKind(contentType, filename);
  const rawLimit = kind === 'html' ? maxHtmlCharsForBody(textBudget ?? 0) : (textBudget ?? 0) * RAW_TEXT_FACTOR;
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let keptBytes = 0;
  const whole: Buffer[] | null = textBudget !== null && keepBytes > 0 ? [] : null;
  let size = 0;

  return new Promise<SummarisedAttachment | null>((resolve, reject) => {
    const release = (): void => {
      const done = attachment.release;
      if (done) done();
    };
    attachment.content.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (textBudget === null) return;
      hash.update(chunk);
      if (whole !== null && size <= keepBytes) whole.push(chunk);
      if (kind !== null && keptBytes < rawLimit) {
        const part = chunk.subarray(0, rawLimit - keptBytes);
        kept.push(Buffer.from(part));
        keptBytes += part.length;
      }
    });
    attachment.content.on('error', (error: Error) => {
      release();
      reject(error);
    });
    attachment.content.on('end', () => {
      release();
      if (textBudget === null) {
        resolve(null);
        return;
      }
      const sha256 = hash.digest('hex');
      const bytes = whole !== null && size <= keepBytes ? Buffer.concat(whole, size) : null;
      extractText(kind, Buffer.concat(kept, keptBytes), charsetOf(attachment), textBudget).then(
        (text) => resolve({ summary: { filename, contentType, size, sha256, text }, bytes }),
        reject,
      );
    });
  });
}

async function extractText(kind: TextKind, raw: Buffer, charset: string, budget: number): Promise<string | null> {
  if (kind === null) return null;
  const decoded = iconv.decode(raw, iconv.encodingExists(charset) ? charset : 'utf-8');
  if (kind === 'text') return truncateUtf8(decoded, budget);
  const text = await htmlToTextGuarded(decoded, maxHtmlCharsForBody(budget));
  return text === null ? null : truncateUtf8(text, budget);
}

/** The type the sender declared; mailparser replaces `application/octet-stream` with a guess from the file name. */
function declaredContentType(attachment: AttachmentStream): string {
  const header = attachment.headers.get('content-type') as StructuredHeader | StructuredHeader[] | undefined;
  const first = Array.isArray(header) ? header[0] : header;
  const value = typeof first?.value === 'string' ? first.value.trim().toLowerCase() : '';
  return value !== '' ? value : attachment.contentType.toLowerCase();
}

function charsetOf(attachment: AttachmentStream): string {
  const header = attachment.headers.get('content-type') as StructuredHeader | StructuredHeader[] | undefined;
  const first = Array.isArray(header) ? header[0] : header;
  const charset = first?.params?.charset;
  return typeof charset === 'string' && charset.trim() !== '' ? charset.trim() : 'utf-8';
}

function textKind(contentType: string, filename: string | null): TextKind {
  if (HTML_TYPES.has(contentType)) return 'html';
  if (contentType.startsWith('text/') || TEXT_TYPES.has(contentType)) return 'text';
  if (contentType.endsWith('+json') || contentType.endsWith('+xml')) return 'text';
  if (filename !== null && TEXT_EXTENSIONS.test(filename)) return 'text';
  return null;
}
