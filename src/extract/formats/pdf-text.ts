import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextSink } from '../text-sink.js';

/** Thrown when a PDF needs a password to open. */
export class PdfEncrypted extends Error {
  override readonly name = 'PdfEncrypted';
}

/**
 * Text of a PDF, page by page with pdf.js, stopping once the text budget is spent. Pages are
 * separated by a blank line and pdf.js's end-of-line marks become line breaks.
 *
 * pdf.js is run with nothing it does not need for text: no `eval` (font programs are never
 * compiled to JavaScript), no system or web fonts, no console output. A PDF with only an owner
 * password opens as usual; one that needs a user password is reported as encrypted.
 */
export async function pdfText(bytes: Uint8Array, sink: TextSink, signal?: AbortSignal): Promise<void> {
  // pdf.js may take over the array it is given; a copy keeps the caller's bytes intact.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  try {
    const document = await task.promise.catch((error: unknown) => {
      if (error instanceof Error && error.name === 'PasswordException') throw new PdfEncrypted('the PDF needs a password to open');
      throw error;
    });
    let number = 1;
    for (; number <= document.numPages && !sink.full; number++) {
      signal?.throwIfAborted();
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const lines: string[] = [];
      for (const item of content.items) {
        if ('str' in item) lines.push(item.hasEOL ? `${item.str}\n` : item.str);
      }
      sink.push(lines.join(''));
      sink.push('\n\n');
      page.cleanup();
    }
    if (number <= document.numPages) sink.markTruncated();
  } finally {
    await task.destroy();
  }
}
