import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { htmlToTextGuarded } from '../../pipeline/stages/parse/html-text.js';
import { createReportDocument, type ReportDocument } from './report-document.js';

/** What is rendered of one archived message. */
export interface MessagePdfInput {
  /** The message exactly as archived. */
  raw: Buffer;
  /** SHA-256 of `raw`, hex. */
  archiveId: string;
  /** When the appliance received it, ISO-8601. */
  receivedAt: string;
  reviewTags: string[];
}

/**
 * Longest body printed, in characters (about 30 pages); the rest is cut with a note saying how
 * much was left out. The original bytes stay in the archive and in EML exports.
 */
export const MAX_BODY_CHARS = 100_000;
/** Longest HTML converted to text; longer HTML-only bodies are not converted (noted). */
const MAX_HTML_CHARS = 5_000_000;
/** How much of an unparseable message's raw text is shown. */
const MAX_RAW_HEADER_CHARS = 20_000;

/**
 * Renders one archived message: its header block with the archive's own facts (archive id,
 * received at, review tags), the plain-text body (HTML-only mail converted to text by mailparser's
 * guarded html-to-text; HTML is never rendered) and the list of attachments. A message that cannot
 * be parsed still renders, with what could be read and a note saying so; resolves when written.
 */
export async function renderMessagePdf(input: MessagePdfInput, out: NodeJS.WritableStream): Promise<void> {
  let parsed: ParsedMail | null = null;
  let parseFailure: string | null = null;
  try {
    // HTML is converted below, only when there is no text body, so that the note can say so.
    parsed = await simpleParser(input.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false });
  } catch (error) {
    parseFailure = error instanceof Error ? error.name : 'unknown error';
  }
  const subject = parsed?.subject ?? rawHeader(input.raw, 'subject') ?? '(no subject)';
  const doc = createReportDocument(out, { title: subject, subject: `Archived message ${input.archiveId}`, footer: `Custodian archive · ${input.archiveId}` });
  doc.heading(subject, 1);
  if (parsed === null) renderUnparsed(doc, input, parseFailure ?? 'unknown error');
  else renderParsed(doc, input, parsed, await bodyText(parsed));
  await doc.end();
}

function archiveFacts(input: MessagePdfInput): Array<[string, string]> {
  return [
    ['Archive id', input.archiveId],
    ['Received at', input.receivedAt],
    ['Review tags', input.reviewTags.length === 0 ? '(none)' : input.reviewTags.join(', ')],
  ];
}

/** The body to print, and why it is not simply the text part. */
interface BodyText {
  text: string;
  notes: string[];
}

/**
 * The text part; for HTML-only mail the HTML converted to text by the parse stage's guarded
 * html-to-text (which refuses HTML nested deeply enough to stall the converter).
 */
async function bodyText(parsed: ParsedMail): Promise<BodyText> {
  const text = parsed.text ?? '';
  if (text.trim() !== '' || typeof parsed.html !== 'string') return { text, notes: [] };
  const converted = await htmlToTextGuarded(parsed.html, MAX_HTML_CHARS);
  if (converted === null) {
    return { text: '', notes: ['The message has only an HTML body, and it could not be converted to text safely (too long or too deeply nested); it is not shown. The original is kept in the archive.'] };
  }
  return { text: converted, notes: ['The message has only an HTML body; it is shown converted to plain text (HTML is never rendered).'] };
}

function renderParsed(doc: ReportDocument, input: MessagePdfInput, parsed: ParsedMail, bodyText: BodyText): void {
  const notes: string[] = [...bodyText.notes];
  doc.keyValues([
    ['From', addresses(parsed.from)],
    ['To', addresses(parsed.to)],
    ['Cc', addresses(parsed.cc)],
    ['Bcc', addresses(parsed.bcc)],
    ['Date', dateText(input.raw, parsed.date)],
    ['Subject', parsed.subject ?? '(no subject)'],
    ['Message-ID', parsed.messageId ?? '(none)'],
    ...archiveFacts(input),
  ]);
  if (!hasHeaderBodySeparator(input.raw)) notes.push('The message has no blank line between header and body; everything after the header lines was read as the header.');
  const unclosed = unclosedBoundary(parsed);
  if (unclosed !== null && !input.raw.includes(`--${unclosed}--`)) {
    notes.push('The message ends before its MIME structure is closed (the final boundary is missing), so it may be truncated; what could be read is shown.');
  }

  let body = bodyText.text;
  if (body.length > MAX_BODY_CHARS) {
    notes.push(`The body is ${body.length.toLocaleString('en-US')} characters long; only the first ${MAX_BODY_CHARS.toLocaleString('en-US')} are shown. The original is kept in the archive.`);
    body = body.slice(0, MAX_BODY_CHARS);
  }
  if (notes.length > 0) {
    doc.heading('Notes', 2);
    for (const note of notes) doc.paragraph(note);
  }
  doc.heading('Body', 2);
  doc.paragraph(body.trim() === '' ? '(no text body)' : body.replace(/\s+$/, ''));
  doc.heading('Attachments', 2);
  doc.table(
    [{ title: 'Name', width: 3 }, { title: 'Type', width: 2 }, { title: 'Size', width: 1, align: 'right' }],
    parsed.attachments.map((a) => [a.filename ?? (a.contentType === 'message/rfc822' ? '(attached message)' : '(unnamed)'), a.contentType, `${a.size.toLocaleString('en-US')} bytes`]),
  );
}

function renderUnparsed(doc: ReportDocument, input: MessagePdfInput, failure: string): void {
  const text = input.raw.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const header = (split < 0 ? text : text.slice(0, split)).slice(0, MAX_RAW_HEADER_CHARS);
  doc.keyValues(archiveFacts(input));
  doc.heading('Notes', 2);
  doc.paragraph(`The message could not be parsed as MIME (${failure}). Its header lines are shown as received; the body is not shown. The original is kept in the archive.`);
  doc.heading('Header as received', 2);
  doc.paragraph(header);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '(none)';
  const list = Array.isArray(value) ? value : [value];
  const text = list.map((a) => a.text).filter((t) => t !== '').join(', ');
  return text === '' ? '(none)' : text;
}

/** The Date header as written, with the instant it names in UTC when it can be read. */
function dateText(raw: Buffer, date: Date | undefined): string {
  const written = rawHeader(raw, 'date');
  const iso = date !== undefined && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
  if (written === null) return '(none)';
  return iso === null ? `${written} (not a valid date)` : `${written} (${iso})`;
}

/** The first header field `name` of the raw message, unfolded, or null. */
function rawHeader(raw: Buffer, name: string): string | null {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim() ?? null;
}

function hasHeaderBodySeparator(raw: Buffer): boolean {
  return /\r?\n\r?\n/.test(raw.subarray(0, 1024 * 1024).toString('latin1')) || raw.length === 0;
}

/** The top-level multipart boundary, or null when the message is not multipart. */
function unclosedBoundary(parsed: ParsedMail): string | null {
  const contentType = parsed.headers.get('content-type');
  if (typeof contentType !== 'object' || contentType === null || !('value' in contentType) || !('params' in contentType)) return null;
  const { value, params } = contentType as { value: string; params: Record<string, string> };
  return value.toLowerCase().startsWith('multipart/') && typeof params.boundary === 'string' ? params.boundary : null;
}
