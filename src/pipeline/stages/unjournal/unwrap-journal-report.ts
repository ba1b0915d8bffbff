import type { JournalSource } from '../../../domain/archive-record.js';
import { decodeTransferEncoding } from '../../../mime/decode-transfer-encoding.js';
import type { MimePart, MimeStructure } from '../../../mime/mime-structure.js';
import { readReportText } from './read-report-text.js';
import { emptyReportFields } from './report-fields.js';
import type { ReportFields, ReportParser } from './report-fields.js';
import type { UnjournalOriginal, UnjournalResult } from './unjournal-result.js';

/** Exchange writes the original, then (for IRM-protected mail) its decrypted copy; never more. */
const MAX_ORIGINALS = 2;

/**
 * Unwraps an Exchange journal report: the envelope from its report part, the original (and the
 * decrypted copy of a rights-protected original) from its top-level message/rfc822 parts.
 *
 * An unencoded original is returned as `raw.subarray(bodyStart, bodyEnd)`, the bytes exactly as
 * received; a base64 or quoted-printable one is decoded. Whenever any of this cannot be done
 * cleanly the report is kept whole instead: the received message becomes the primary original,
 * the envelope keeps whatever fields were read, and a `journal-report-malformed` flag says why,
 * so a broken report is neither dropped nor half-archived.
 */
export async function unwrapJournalReport(
  raw: Buffer,
  structure: MimeStructure,
  source: Exclude<JournalSource, 'bcc-copy'>,
  parseReport: ReportParser,
): Promise<UnjournalResult> {
  const reasons = structure.problems.map((problem) => `${problem.code}: ${problem.message}`);
  if (structure.parts.length === 0) {
    reasons.push(`journal report is ${structure.contentType}, not multipart`);
  }

  let fields: ReportFields = emptyReportFields();
  try {
    const text = await readReportText(raw, structure);
    if (text === null) {
      reasons.push('no text/plain or text/html report part');
    } else {
      fields = parseReport(text);
      if (fields.sender === null && fields.recipients.length === 0) {
        reasons.push('report part names neither a sender nor a recipient');
      }
    }
  } catch (err) {
    reasons.push(`report part unreadable: ${err instanceof Error ? err.message : String(err)}`);
  }

  const originals: UnjournalOriginal[] = [];
  const embedded = structure.parts.filter((part) => part.contentType === 'message/rfc822');
  if (embedded.length === 0) {
    reasons.push('no message/rfc822 part');
  } else if (embedded.length > MAX_ORIGINALS) {
    reasons.push(`${embedded.length} message/rfc822 parts, at most ${MAX_ORIGINALS} expected`);
  } else {
    for (const [index, part] of embedded.entries()) {
      const bytes = await originalBytes(raw, part, reasons);
      if (bytes) {
        originals.push({ bytes, role: index === 0 ? 'primary' : 'decrypted-copy' });
      }
    }
  }

  const journal = { source, ...fields };
  if (reasons.length > 0) {
    return { journal, originals: [{ bytes: raw, role: 'primary' }], flags: [{ flag: 'journal-report-malformed', reason: reasons.join('; ') }] };
  }
  return { journal, originals, flags: [] };
}

/** The original carried in one message/rfc822 part, or null (with a reason) when unusable. */
async function originalBytes(raw: Buffer, part: MimePart, reasons: string[]): Promise<Buffer | null> {
  const body = raw.subarray(part.bodyStart, part.bodyEnd);
  try {
    const bytes = await decodeTransferEncoding(body, part.transferEncoding);
    if (bytes.length === 0) {
      reasons.push(`empty message/rfc822 part at offset ${part.headerStart}`);
      return null;
    }
    return bytes;
  } catch (err) {
    reasons.push(`message/rfc822 part at offset ${part.headerStart}: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}
