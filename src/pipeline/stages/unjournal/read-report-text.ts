import { convert } from 'html-to-text';
import { decodeText } from '../../../mime/decode-text.js';
import { decodeTransferEncoding } from '../../../mime/decode-transfer-encoding.js';
import type { MimeStructure } from '../../../mime/mime-structure.js';

/**
 * The text of a journal report's envelope part: the first top-level `text/plain` or `text/html`
 * part, transfer-decoded and read in its declared charset (report subjects may be non-ASCII).
 * HTML is flattened with html-to-text without word wrapping, so each `<br>`/`<p>` line of the
 * report stays one `Field: value` line. Null when there is no such part.
 *
 * @throws {UnknownTransferEncodingError} when the report part uses an encoding with no decoder.
 */
export async function readReportText(raw: Buffer, structure: MimeStructure): Promise<string | null> {
  const part = structure.parts.find((candidate) => candidate.contentType === 'text/plain' || candidate.contentType === 'text/html');
  if (!part) {
    return null;
  }
  const bytes = await decodeTransferEncoding(raw.subarray(part.bodyStart, part.bodyEnd), part.transferEncoding);
  const text = decodeText(bytes, part.charset);
  return part.contentType === 'text/html' ? convert(text, { wordwrap: false }) : text;
}
