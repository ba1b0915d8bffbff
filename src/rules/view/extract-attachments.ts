import type { AttachmentExtractor, ExtractedFile } from '../../extract/extraction.js';
import type { ParsedContent, ParsedOriginal } from '../../pipeline/stages/parse/index.js';

/**
 * Extracts the text of every attachment whose bytes the parse stage kept, one at a time (the
 * extractor's pool bounds the work). Once `budgetMs` is spent, the remaining attachments are
 * recorded `timed-out` without being tried, so a message of fifty slow PDFs costs one budget,
 * not fifty timeouts. Attachments without kept bytes are absent from the result: they were over
 * the size limit, which the view records.
 */
export async function extractAttachments(
  fields: ParsedOriginal,
  content: ParsedContent,
  extractor: AttachmentExtractor,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<Map<number, readonly ExtractedFile[]>> {
  const extracted = new Map<number, readonly ExtractedFile[]>();
  const deadline = Date.now() + budgetMs;
  for (const attachment of content.attachments) {
    const summary = fields.attachments[attachment.index];
    if (attachment.bytes === null || summary === undefined) continue;
    const declaredType = summary.contentType.split(';')[0]?.trim() ?? summary.contentType;
    if (Date.now() >= deadline) {
      const reason = `the message's extraction budget of ${budgetMs} ms was spent on earlier attachments`;
      extracted.set(attachment.index, [{ name: summary.filename ?? '(unnamed)', detectedType: null, status: 'timed-out', reason, text: null, size: summary.size }]);
      continue;
    }
    extracted.set(attachment.index, await extractor.extract({ bytes: attachment.bytes, filename: summary.filename, declaredType }));
  }
  return extracted;
}
